/**
 * The protocol package's one error class. `code` is a stable string (CBOR_TAG, FRAME_CRC,
 * MSG_SHAPE, …), `errorCode` the numeric wire code from `ErrorCode` (BAD_FRAME, BAD_CRC,
 * BAD_ARGUMENT, …) that the firmware would answer with. Every message starts with
 * ERROR_PREFIX.
 *
 * Prototype-based on purpose: Espruino cannot run `class X extends Error` with `super(msg)`,
 * and this file is bundled into the firmware. `instanceof ProtocolError` and
 * `instanceof Error` both hold in Node; on Espruino compare `code`, not classes.
 * Thrown only by the allocating helpers (cborEncode/cborDecode, encodeFrame/decodeFrame,
 * message helpers); the hot-path reader, writer and *Into functions report error codes.
 */
export const ERROR_PREFIX = 'nucleon/protocol: ';

export interface ProtocolError extends Error {
  /** Stable string code, e.g. 'CBOR_TAG', 'FRAME_CRC', 'MSG_SHAPE'. */
  readonly code: string;
  /** The wire error code (a value of `ErrorCode` in ops.ts). */
  readonly errorCode: number;
}

export interface ProtocolErrorConstructor {
  new (code: string, errorCode: number, message: string): ProtocolError;
  readonly prototype: ProtocolError;
}

interface ProtocolErrorFields {
  name: string;
  message: string;
  code: string;
  errorCode: number;
}

interface StackCapture {
  captureStackTrace?: (target: object, constructorOpt: unknown) => void;
}

function ProtocolErrorImpl(this: ProtocolErrorFields, code: string, errorCode: number, message: string): void {
  this.name = 'ProtocolError';
  this.code = code;
  this.errorCode = errorCode;
  this.message = ERROR_PREFIX + message;
  const capture = (Error as unknown as StackCapture).captureStackTrace;
  if (typeof capture === 'function') capture(this, ProtocolErrorImpl);
}
ProtocolErrorImpl.prototype = Object.create(Error.prototype);
ProtocolErrorImpl.prototype.constructor = ProtocolErrorImpl;
ProtocolErrorImpl.prototype.name = 'ProtocolError';

export const ProtocolError = ProtocolErrorImpl as unknown as ProtocolErrorConstructor;

/** True for a ProtocolError (optionally with the given code). Works on Espruino too. */
export function isProtocolError(err: unknown, code?: string): err is ProtocolError {
  if (err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; errorCode?: unknown };
  if (typeof e.code !== 'string' || typeof e.errorCode !== 'number') return false;
  return code === undefined || e.code === code;
}
