/**
 * Message helpers. On the wire every message is a 3-item CBOR array:
 *   request   [seq, op, args]        seq 1..SEQ_MAX, args an array (positional, OP_TABLE order)
 *   response  [seq, status, result]  status 0 = OK, else an ErrorCode; an error's result is
 *                                    [message, detail] (detail: text or null)
 *   event     [0, event, data]       unsolicited, from the board
 * A request and a response look alike on the wire: which one a message is follows from who
 * sent it. decodeMessage/messageFromValue therefore take the sender: 'host' (requests) or
 * 'board' (responses and events; the default).
 *
 * encode* return CBOR bytes (frame them with encodeFrame) and throw ProtocolError
 * (MSG_SHAPE, or BAD_ARGUMENT when a known op's args fail validateArgs). decodeMessage
 * checks the shape only (array of 3, seq/op/status/event integers, args/result/data arrays,
 * an error result [text, text|null]) and throws MSG_SHAPE (errorCode BAD_FRAME); argument
 * checks stay with the dispatcher (validateArgs), so it still knows the seq to answer.
 *
 * writeRequestHeader & co. and readMessageHeader are the allocation-free versions for the
 * firmware, over CborWriter / CborReader.
 */
import { ErrorCode, Status } from './ops';
import { SEQ_MAX } from './limits';
import { ProtocolError } from './errors';
import { cborDecode } from './cbor/decode';
import type { CborDecodeOptions } from './cbor/decode';
import { cborEncode } from './cbor/encode';
import { CborError, MAX_SAFE_INT } from './cbor/constants';
import type { CborReader } from './cbor/reader';
import type { CborWriter } from './cbor/writer';
import type { CborValue } from './cbor/value';
import { describeValue, opByCode, validateArgs } from './validate';

export interface RequestMessage {
  kind: 'request';
  seq: number;
  op: number;
  args: CborValue[];
}

export interface ResponseMessage {
  kind: 'response';
  seq: number;
  /** Status.OK (0) or an ErrorCode. */
  status: number;
  /** The op's result fields, or [message, detail] when status is not OK. */
  result: CborValue[];
}

export interface EventMessage {
  kind: 'event';
  event: number;
  data: CborValue[];
}

export type Message = RequestMessage | ResponseMessage | EventMessage;

/** Who sent a message: the host sends requests, the board responses and events. */
export type MessageSender = 'host' | 'board';

function shapeError(why: string): ProtocolError {
  return new ProtocolError('MSG_SHAPE', ErrorCode.BAD_FRAME, 'message shape: ' + why);
}

function argError(why: string): ProtocolError {
  return new ProtocolError('BAD_ARGUMENT', ErrorCode.BAD_ARGUMENT, why);
}

function isUint(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && v <= MAX_SAFE_INT && Math.floor(v) === v;
}

function isSeq(v: unknown): v is number {
  return isUint(v) && v >= 1 && v <= SEQ_MAX;
}

/** Null when `result` is a well-formed error result [message, detail], else why not. */
function errorResultProblem(result: readonly CborValue[]): string | null {
  if (result.length !== 2) return 'an error result must be [message, detail], got ' + result.length + ' items';
  if (typeof result[0] !== 'string') return 'an error message must be text, got ' + describeValue(result[0]);
  if (result[1] !== null && typeof result[1] !== 'string') return 'an error detail must be text or null, got ' + describeValue(result[1]);
  return null;
}

/** The wire array of a message. */
export function messageToValue(msg: Message): CborValue[] {
  if (msg.kind === 'request') return [msg.seq, msg.op, msg.args];
  if (msg.kind === 'response') return [msg.seq, msg.status, msg.result];
  return [0, msg.event, msg.data];
}

/** Classifies and shape-checks a decoded wire value. Throws ProtocolError MSG_SHAPE. */
export function messageFromValue(value: unknown, sender?: MessageSender): Message {
  const from = sender === undefined ? 'board' : sender;
  if (!Array.isArray(value)) throw shapeError('a message must be an array, got ' + describeValue(value));
  if (value.length !== 3) throw shapeError('a message must have 3 items, got ' + value.length);
  const seq = value[0];
  const code = value[1];
  const body = value[2];
  if (!isUint(seq) || seq > SEQ_MAX) throw shapeError('seq must be an integer 0 … ' + SEQ_MAX + ', got ' + describeValue(seq));
  if (!isUint(code)) throw shapeError('item 2 (op/status/event) must be an unsigned integer, got ' + describeValue(code));
  if (!Array.isArray(body)) throw shapeError('item 3 (args/result/data) must be an array, got ' + describeValue(body));
  const items = body as CborValue[];
  if (seq === 0) {
    if (from === 'host') throw shapeError('seq 0 (an event) cannot come from the host');
    return { kind: 'event', event: code, data: items };
  }
  if (from === 'host') return { kind: 'request', seq: seq, op: code, args: items };
  if (code !== Status.OK) {
    const why = errorResultProblem(items);
    if (why !== null) throw shapeError(why);
  }
  return { kind: 'response', seq: seq, status: code, result: items };
}

/**
 * Decodes a message's CBOR bytes (portable codec) and checks its shape. `sender` says who sent
 * it ('board' by default: responses and events; 'host': requests). Throws ProtocolError
 * (CBOR_* or MSG_SHAPE).
 */
export function decodeMessage(cbor: Uint8Array, sender?: MessageSender, opts?: CborDecodeOptions): Message {
  return messageFromValue(cborDecode(cbor, opts), sender);
}

/**
 * CBOR bytes of a request. seq 1..SEQ_MAX; a known op's args are checked with validateArgs
 * (BAD_ARGUMENT); an unknown op is encoded as given (the board answers UNKNOWN_OP).
 */
export function encodeRequest(seq: number, op: number, args: readonly CborValue[]): Uint8Array {
  if (!isSeq(seq)) throw argError('seq must be an integer 1 … ' + SEQ_MAX + ', got ' + describeValue(seq));
  if (!isUint(op)) throw argError('op must be an unsigned integer, got ' + describeValue(op));
  if (!Array.isArray(args)) throw argError('args must be an array, got ' + describeValue(args));
  if (opByCode(op) !== undefined) {
    const why = validateArgs(op, args);
    if (why !== null) throw argError(why);
  }
  return cborEncode([seq, op, args as CborValue[]]);
}

/** CBOR bytes of a response. An error response's result must be [message, detail]. */
export function encodeResponse(seq: number, status: number, result: readonly CborValue[]): Uint8Array {
  if (!isSeq(seq)) throw argError('seq must be an integer 1 … ' + SEQ_MAX + ', got ' + describeValue(seq));
  if (!isUint(status)) throw argError('status must be an unsigned integer, got ' + describeValue(status));
  if (!Array.isArray(result)) throw argError('result must be an array, got ' + describeValue(result));
  if (status !== Status.OK) {
    const why = errorResultProblem(result);
    if (why !== null) throw argError(why);
  }
  return cborEncode([seq, status, result as CborValue[]]);
}

/** CBOR bytes of an error response: [seq, errorCode, [message, detail]]. */
export function encodeErrorResponse(seq: number, errorCode: number, message: string, detail: string | null): Uint8Array {
  return encodeResponse(seq, errorCode, [message, detail]);
}

/** CBOR bytes of an event [0, event, data]. */
export function encodeEvent(event: number, data: readonly CborValue[]): Uint8Array {
  if (!isUint(event)) throw argError('event must be an unsigned integer, got ' + describeValue(event));
  if (!Array.isArray(data)) throw argError('data must be an array, got ' + describeValue(data));
  return cborEncode([0, event, data as CborValue[]]);
}

/** CBOR bytes of any message. */
export function encodeMessage(msg: Message): Uint8Array {
  if (msg.kind === 'request') return encodeRequest(msg.seq, msg.op, msg.args);
  if (msg.kind === 'response') return encodeResponse(msg.seq, msg.status, msg.result);
  return encodeEvent(msg.event, msg.data);
}

// ---- allocation-free versions (firmware) ----

/** Writes [seq, op, <array header of argCount>]; the caller writes the args next. */
export function writeRequestHeader(w: CborWriter, seq: number, op: number, argCount: number): boolean {
  return w.arrayHeader(3) && w.uint(seq) && w.uint(op) && w.arrayHeader(argCount);
}

/** Writes [seq, status, <array header of resultCount>]; the caller writes the result next. */
export function writeResponseHeader(w: CborWriter, seq: number, status: number, resultCount: number): boolean {
  return w.arrayHeader(3) && w.uint(seq) && w.uint(status) && w.arrayHeader(resultCount);
}

/** Writes a whole error response [seq, errorCode, [message, detail]]. */
export function writeErrorResponse(w: CborWriter, seq: number, errorCode: number, message: string, detail: string | null): boolean {
  if (!writeResponseHeader(w, seq, errorCode, 2) || !w.text(message)) return false;
  return detail === null ? w.null() : w.text(detail);
}

/** Writes [0, event, <array header of dataCount>]; the caller writes the data next. */
export function writeEventHeader(w: CborWriter, event: number, dataCount: number): boolean {
  return w.arrayHeader(3) && w.uint(0) && w.uint(event) && w.arrayHeader(dataCount);
}

/** Filled by readMessageHeader. */
export interface MessageHeader {
  /** 0 for an event, else the request/response seq. */
  seq: number;
  /** op (request), status (response) or event code. */
  code: number;
  /** Items in args/result/data; the reader stands at the first one. */
  count: number;
}

/**
 * Reads [seq, code, <array header>] into `out` and leaves the reader at the first body item.
 * False when the shape is wrong (the reader's error says why; CborError.TYPE for a wrong
 * layout). The seq is kept in `out.seq` as soon as it was read, so an error can be answered.
 */
export function readMessageHeader(r: CborReader, out: MessageHeader): boolean {
  out.seq = 0;
  out.code = 0;
  out.count = 0;
  if (r.readArrayHeader() !== 3) return r.fail(CborError.TYPE);
  const seq = r.readUint();
  if (r.error !== 0) return false;
  if (seq > SEQ_MAX) return r.fail(CborError.TYPE);
  out.seq = seq;
  out.code = r.readUint();
  const n = r.readArrayHeader();
  if (r.error !== 0 || n < 0) return false;
  out.count = n;
  return true;
}
