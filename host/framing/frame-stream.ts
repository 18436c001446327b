/**
 * FrameStream: bytes in (from a serial port, a socket, a pty…), messages out.
 *
 *   port.pipe(new FrameStream()).on('data', (msg: Message) => …).on('frameError', (err) => …)
 *
 * The bytes go through @serialport/parser-delimiter (delimiter 0x00, delimiter not included),
 * each piece through decodeFrame (COBS + CRC), cbor-x and the protocol's shape check
 * (messageFromValue). A piece that fails any of these is emitted as a 'frameError' event with
 * a ProtocolError (FRAME_COBS, FRAME_CRC, FRAME_TOO_LARGE, CBOR_DECODE, MSG_SHAPE) and the
 * stream goes on with the next piece: frame errors are never thrown out of the stream nor
 * emitted as 'error' (which would end it).
 *
 * Oversize input: the delimiter parser has no length cap, so the bytes are counted on the
 * way in; once a piece reaches maxFrameBytes the rest of it, up to the next 0x00, is dropped
 * and the piece is reported as FRAME_TOO_LARGE (in order with the messages around it).
 */
import { Transform } from 'stream';
import type { TransformCallback } from 'stream';
import { DelimiterParser } from '@serialport/parser-delimiter';
import { ErrorCode } from '../../protocol/ops';
import { MAX_FRAME_BYTES } from '../../protocol/limits';
import { ProtocolError, isProtocolError } from '../../protocol/errors';
import { decodeFrame, FrameError, frameError } from '../../protocol/frame';
import { messageFromValue } from '../../protocol/messages';
import type { Message, MessageSender } from '../../protocol/messages';
import { hostDecodeCbor } from './cbor-x-codec';

const DELIMITER = new Uint8Array([0]);

export interface FrameStreamOptions {
  /** Who writes into this stream: 'board' (responses and events, default) or 'host' (requests). */
  sender?: MessageSender;
  /** Largest frame, delimiter included (default MAX_FRAME_BYTES). */
  maxFrameBytes?: number;
}

/**
 * Decodes one frame (bytes between delimiters, trailing 0x00 optional) into a message with
 * cbor-x. Throws ProtocolError (FRAME_*, CBOR_DECODE, MSG_SHAPE).
 */
export function hostDecodeFrame(frame: Uint8Array, sender?: MessageSender, maxFrameBytes?: number): Message {
  const cbor = decodeFrame(frame, maxFrameBytes);
  let value: unknown;
  try {
    value = hostDecodeCbor(cbor);
  } catch (err) {
    if (isProtocolError(err)) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new ProtocolError('CBOR_DECODE', ErrorCode.BAD_FRAME, 'cbor-x could not decode the frame: ' + why);
  }
  return messageFromValue(value, sender);
}

export class FrameStream extends Transform {
  readonly maxFrameBytes: number;
  readonly sender: MessageSender;
  private readonly parser: DelimiterParser;
  /** Bytes handed to the parser since the last 0x00 handed to it. */
  private pieceBytes = 0;
  /** Dropping the rest of an oversize piece. */
  private discarding = false;
  /** Non-empty pieces closed so far (by the parser's count, which skips empty ones). */
  private piecesClosed = 0;
  private piecesSeen = 0;
  /** Indexes of pieces that are the cut-off start of an oversize frame. */
  private readonly oversize: number[] = [];
  /** Frames decoded and frames rejected, for diagnostics. */
  frames = 0;
  errors = 0;

  constructor(options: FrameStreamOptions = {}) {
    super({ readableObjectMode: true, writableObjectMode: false });
    this.maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
    this.sender = options.sender ?? 'board';
    this.parser = new DelimiterParser({ delimiter: [0x00], includeDelimiter: false });
    this.parser.on('data', (piece: Buffer) => this.onPiece(piece));
    this.parser.on('error', (err: Error) => this.destroy(err));
  }

  override _transform(chunk: Buffer | Uint8Array, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = chunk instanceof Uint8Array ? chunk : Buffer.from(chunk);
    const out: Uint8Array[] = [];
    let runStart = -1;
    const flushRun = (end: number): void => {
      if (runStart >= 0 && end > runStart) out.push(bytes.subarray(runStart, end));
      runStart = -1;
    };
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (this.discarding) {
        if (b === 0) this.discarding = false;
        continue;
      }
      if (b === 0) {
        if (runStart < 0) runStart = i;
        if (this.pieceBytes > 0) this.piecesClosed++;
        this.pieceBytes = 0;
        continue;
      }
      if (this.pieceBytes + 1 >= this.maxFrameBytes) {
        // Close the piece now with a delimiter of our own and remember that it is cut off.
        flushRun(i);
        out.push(DELIMITER);
        this.oversize.push(this.piecesClosed);
        this.piecesClosed++;
        this.pieceBytes = 0;
        this.discarding = true;
        continue;
      }
      if (runStart < 0) runStart = i;
      this.pieceBytes++;
    }
    flushRun(bytes.length);
    if (out.length > 0) this.parser.write(out.length === 1 ? out[0] : Buffer.concat(out));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    // A last piece without its delimiter is still offered to decodeFrame (which accepts that).
    this.parser.once('end', () => callback());
    this.parser.end();
  }

  private onPiece(piece: Buffer): void {
    const index = this.piecesSeen++;
    if (this.oversize.length > 0 && this.oversize[0] === index) {
      this.oversize.shift();
      this.reject(frameError(FrameError.TOO_LARGE));
      return;
    }
    let msg: Message;
    try {
      msg = hostDecodeFrame(piece, this.sender, this.maxFrameBytes);
    } catch (err) {
      this.reject(isProtocolError(err) ? err : new ProtocolError('FRAME_ERROR', ErrorCode.BAD_FRAME, String(err)));
      return;
    }
    this.frames++;
    this.push(msg);
  }

  private reject(err: ProtocolError): void {
    this.errors++;
    this.emit('frameError', err);
  }
}

