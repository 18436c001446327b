/**
 * The host SDK's one error class. `code` is a stable string: the protocol's ERROR_NAMES
 * (BAD_ARGUMENT, OUT_OF_LIMITS, NOT_CALIBRATED, …) for errors the board reported, plus the
 * host's own codes below. Bad arguments are TypeErrors, thrown before anything is sent.
 */
export const HostErrorCode = {
  /** No response (after the retries) within the op's timeout. */
  TIMEOUT: 'TIMEOUT',
  /** The link went away (cable pulled, peer closed, process ended). */
  DISCONNECTED: 'DISCONNECTED',
  /** The Board or transport was closed while the request was pending or before it was sent. */
  CLOSED: 'CLOSED',
  /** Transport used before open(), or opened twice. */
  NOT_OPEN: 'NOT_OPEN',
  ALREADY_OPEN: 'ALREADY_OPEN',
  /** A board spec string that is not one of the documented forms. */
  BAD_SPEC: 'BAD_SPEC',
  /** Board firmware and host speak different protocol versions or op tables. */
  VERSION_MISMATCH: 'VERSION_MISMATCH',
  /** node-hid or its libusb/hidraw backend cannot be loaded on this machine. */
  HID_UNAVAILABLE: 'HID_UNAVAILABLE',
  /** No HID device with the requested VID:PID(:serial). */
  HID_NOT_FOUND: 'HID_NOT_FOUND',
  /**
   * A `tls://` link could not be set up: the board's server certificate did not verify against
   * the CA, the server refused this host's client certificate, or a CA/cert/key file is unusable.
   */
  TLS: 'TLS',
  /** An I/O error from the OS (open failed, write failed). */
  IO: 'IO',
  /** PNG figures cannot be rendered here: resvg's prebuilt addon or the DejaVu fonts are missing. */
  PNG_UNAVAILABLE: 'PNG_UNAVAILABLE',
  /** The board answered with something that does not match the op table. */
  PROTOCOL: 'PROTOCOL',
  /** Calibration could not find a usable switching loop. */
  NO_LOOP: 'NO_LOOP',
  /** The channel carries no device (not in hello's populated mask): nothing was pulsed. */
  NOT_POPULATED: 'NOT_POPULATED',
  /** The channel's loop is far smaller than a device's (switching ratio below the minimum). */
  NOT_SWITCHING: 'NOT_SWITCHING',
} as const;

export interface NucleonErrorOptions {
  /** The link is gone; the Board must be reopened (serialport's `disconnected` flag). */
  disconnected?: boolean;
  /** The op the error belongs to, e.g. "pulse". */
  op?: string;
  /** Extra detail from the board (the argument name for BAD_ARGUMENT), or null. */
  detail?: string | null;
  cause?: unknown;
}

export class NucleonError extends Error {
  readonly code: string;
  readonly disconnected: boolean;
  readonly op: string | undefined;
  readonly detail: string | null;
  readonly cause: unknown;

  constructor(code: string, message: string, options: NucleonErrorOptions = {}) {
    super(message);
    this.name = 'NucleonError';
    this.code = code;
    this.disconnected = options.disconnected ?? false;
    this.op = options.op;
    this.detail = options.detail ?? null;
    this.cause = options.cause;
  }
}

export function isNucleonError(err: unknown, code?: string): err is NucleonError {
  return err instanceof NucleonError && (code === undefined || err.code === code);
}

export function isTimeoutError(err: unknown): err is NucleonError {
  return isNucleonError(err, HostErrorCode.TIMEOUT);
}

/** Turns anything thrown by a library into a NucleonError (keeps NucleonErrors as they are). */
export function toNucleonError(err: unknown, code: string, context: string, disconnected = false): NucleonError {
  if (err instanceof NucleonError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new NucleonError(code, `${context}: ${message}`, { cause: err, disconnected });
}
