/**
 * Request frames for the target tier: one numbering of seqs, the protocol's own encoder, and
 * the board-level routines the scripts share (calibrating a channel against the double).
 */
import * as P from '../../protocol';
import type { CborValue } from '../../protocol';

/** Anything that takes link bytes, advances time and returns the bytes written back. */
export interface Stepper {
  step(bytes: Uint8Array, advanceMs: number): Promise<{ out: Uint8Array }>;
}

export class Requests {
  private seq = 0;

  /** The frame of a new request (next seq). */
  frame(op: number, args: CborValue[]): Uint8Array {
    this.seq = (this.seq % P.SEQ_MAX) + 1;
    return P.encodeFrame(P.encodeRequest(this.seq, op, args));
  }

  /** A request frame the host's encoder would refuse (bad arguments on purpose): plain CBOR. */
  raw(op: number, args: CborValue[]): Uint8Array {
    this.seq = (this.seq % P.SEQ_MAX) + 1;
    return P.encodeFrame(P.cborEncode([this.seq, op, args]));
  }

  /** The frame of a request with an explicit seq (retransmissions). */
  frameWithSeq(seq: number, op: number, args: CborValue[]): Uint8Array {
    return P.encodeFrame(P.encodeRequest(seq, op, args));
  }

  get lastSeq(): number {
    return this.seq;
  }
}

/** The messages in a chunk of link bytes (0x00-delimited frames). */
export function messagesIn(bytes: Uint8Array): P.Message[] {
  const out: P.Message[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    out.push(P.decodeMessage(P.decodeFrame(bytes.subarray(start, i))));
    start = i + 1;
  }
  return out;
}

/** The OK result of the one response in `bytes`, or an error naming what came instead. */
export function okResult(bytes: Uint8Array): CborValue[] {
  const responses = messagesIn(bytes).filter((m) => m.kind === 'response');
  if (responses.length !== 1) throw new Error(`expected one response, got ${responses.length}`);
  const r = responses[0] as P.ResponseMessage;
  if (r.status !== P.Status.OK) throw new Error(`status ${r.status}: ${JSON.stringify(r.result)}`);
  return r.result as CborValue[];
}

/** Lock-in settling with the board's defaults is < 1 s; 3 s always covers a read. */
export const READ_ADVANCE_MS = 3000;

/**
 * Calibrates `channel` against the double: RESET and read (low), SET and read (high), then
 * calPut with the double's switching window (DAC codes 1300 + 20·ch … + 7·40 → µA).
 */
export async function calibrateChannel(t: Stepper, req: Requests, channel: number): Promise<void> {
  okResult((await t.step(req.frame(P.Op.PULSE, [channel, -30000, 5]), 10)).out);
  const low = okResult((await t.step(req.frame(P.Op.READ, [channel]), READ_ADVANCE_MS)).out);
  okResult((await t.step(req.frame(P.Op.PULSE, [channel, 30000, 5]), 10)).out);
  const high = okResult((await t.step(req.frame(P.Op.READ, [channel]), READ_ADVANCE_MS)).out);
  const rLow = low[1];
  const rHigh = high[1];
  if (typeof rLow !== 'number' || typeof rHigh !== 'number') throw new Error(`read's rHallMilliOhm is not a number: ${String(rLow)}, ${String(rHigh)}`);
  okResult((await t.step(req.frame(P.Op.CAL_PUT, calPutArgs(channel, rLow, rHigh)), 10)).out);
}

/** calPut's arguments for `channel` with the double's switching window and the given resistances. */
export function calPutArgs(channel: number, rLowMilliOhm: number, rHighMilliOhm: number): number[] {
  const uaPerCode = 30000 / 4095;
  const iLow = Math.round((1300 + 20 * channel) * uaPerCode) - 200;
  const iHigh = Math.round((1300 + 20 * channel + 7 * 40) * uaPerCode) + 200;
  return [channel, iLow, iHigh, 5, -30000, rLowMilliOhm, rHighMilliOhm, -6, 6];
}
