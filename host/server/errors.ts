/**
 * The server's one error class. Every failure a client sees is a ServerError rendered as
 * `{error: {code, message, field, allowed}}` with the HTTP status below; `code` is stable.
 * Errors from the board (NucleonError) are mapped by `fromBoardError`.
 */
import { HostErrorCode, isNucleonError } from '../errors';

export const ServerErrorCode = {
  /** Body is not valid JSON (or empty where JSON was promised). */
  BAD_JSON: 'BAD_JSON',
  /** Content-Type other than application/json on a route that takes a body. */
  BAD_CONTENT_TYPE: 'BAD_CONTENT_TYPE',
  /** A Content-Encoding or Transfer-Encoding the server does not decode. */
  BAD_ENCODING: 'BAD_ENCODING',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  /** A URL path that is not valid (a malformed %-escape). */
  BAD_URL: 'BAD_URL',
  /** A path parameter longer than the server reads. */
  URL_TOO_LONG: 'URL_TOO_LONG',
  /** Bytes that are not an HTTP/1.1 request. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** A plain GET of the WebSocket route. */
  UPGRADE_REQUIRED: 'UPGRADE_REQUIRED',
  /** A field is missing or of the wrong type. */
  BAD_FIELD: 'BAD_FIELD',
  /** A field is of the right type but outside the allowed range. */
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  /** No such neuron id (board or channel unknown, or the channel is vacant). */
  UNKNOWN_NEURON: 'UNKNOWN_NEURON',
  NOT_CALIBRATED: 'NOT_CALIBRATED',
  /** The neuron failed its health check and is out of the pool (pool-health.ts) until calibrated again. */
  NEURON_FAILED: 'NEURON_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The board's queue is full: retry after Retry-After seconds. */
  QUEUE_FULL: 'QUEUE_FULL',
  /** The board's link is down; the server reconnects in the background. */
  BOARD_DOWN: 'BOARD_DOWN',
  /** The thermal guard refused: the channel needs to cool. */
  THERMAL_GUARD: 'THERMAL_GUARD',
  /** The board rejected the request for another reason (its code is in the message). */
  BOARD_ERROR: 'BOARD_ERROR',
  /** Calibration could not find a usable switching loop on that channel. */
  CALIBRATION_FAILED: 'CALIBRATION_FAILED',
  /** A WebSocket message that is not a JSON object with an op the server knows. */
  BAD_MESSAGE: 'BAD_MESSAGE',
  INTERNAL: 'INTERNAL',
  /** Startup: a non-loopback address without a (long enough) token. */
  INSECURE_BIND: 'INSECURE_BIND',
} as const;
export type ServerErrorCodeValue = (typeof ServerErrorCode)[keyof typeof ServerErrorCode];

export interface ServerErrorOptions {
  field?: string | null;
  /** What would have been accepted: a range {min, max}, a list of values, a description. */
  allowed?: unknown;
  /** For 503s: seconds after which a retry is sensible. */
  retryAfterS?: number;
  cause?: unknown;
}

export interface ErrorBody {
  error: { code: string; message: string; field: string | null; allowed: unknown };
}

export class ServerError extends Error {
  readonly code: ServerErrorCodeValue;
  readonly status: number;
  readonly field: string | null;
  readonly allowed: unknown;
  readonly retryAfterS: number | undefined;
  readonly cause: unknown;

  constructor(code: ServerErrorCodeValue, status: number, message: string, options: ServerErrorOptions = {}) {
    super(message);
    this.name = 'ServerError';
    this.code = code;
    this.status = status;
    this.field = options.field ?? null;
    this.allowed = options.allowed ?? null;
    this.retryAfterS = options.retryAfterS;
    this.cause = options.cause;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, field: this.field, allowed: this.allowed } };
  }
}

export function isServerError(err: unknown): err is ServerError {
  return err instanceof ServerError;
}

/** Seconds a client should wait after a lost link before trying again. */
export const BOARD_DOWN_RETRY_S = 1;

/**
 * Maps an error thrown while talking to a board into what the client sees. `field` names the
 * request field that carried the offending value (e.g. "x" for activate).
 */
export function fromBoardError(err: unknown, context: { boardId: string; field?: string }): ServerError {
  if (isServerError(err)) return err;
  if (isNucleonError(err)) {
    const where = `board ${context.boardId}`;
    const detail = err.detail ?? context.field ?? null;
    switch (err.code) {
      case HostErrorCode.DISCONNECTED:
      case HostErrorCode.CLOSED:
      case HostErrorCode.NOT_OPEN:
      case HostErrorCode.IO:
        return new ServerError(ServerErrorCode.BOARD_DOWN, 503, `${where}: link lost (${err.message}); reconnecting`, {
          retryAfterS: BOARD_DOWN_RETRY_S,
          cause: err,
        });
      case HostErrorCode.TIMEOUT:
        return new ServerError(ServerErrorCode.BOARD_DOWN, 503, `${where}: no answer in time (${err.message})`, {
          retryAfterS: BOARD_DOWN_RETRY_S,
          cause: err,
        });
      case 'BUSY':
        return new ServerError(ServerErrorCode.QUEUE_FULL, 503, `${where}: ${err.message}`, { retryAfterS: 1, cause: err });
      case 'THERMAL_GUARD':
        return new ServerError(ServerErrorCode.THERMAL_GUARD, 503, `${where}: ${err.message}`, { retryAfterS: 5, field: detail, cause: err });
      case 'NOT_CALIBRATED':
        return new ServerError(ServerErrorCode.NOT_CALIBRATED, 409, `${where}: ${err.message}; POST /v1/neurons/:id/calibrate first`, {
          field: 'neuron',
          cause: err,
        });
      case 'BAD_ARGUMENT':
      case 'OUT_OF_LIMITS':
        return new ServerError(ServerErrorCode.OUT_OF_RANGE, 422, `${where} refused: ${err.message}`, { field: detail, cause: err });
      case HostErrorCode.NO_LOOP:
      case HostErrorCode.NOT_SWITCHING:
      case HostErrorCode.NOT_POPULATED:
        return new ServerError(ServerErrorCode.CALIBRATION_FAILED, 422, `${where}: ${err.message}`, { cause: err });
      default:
        return new ServerError(ServerErrorCode.BOARD_ERROR, 502, `${where}: [${err.code}] ${err.message}`, { field: detail, cause: err });
    }
  }
  if (err instanceof TypeError) {
    // The SDK checks arguments before sending; the server validates first, so this is a gap.
    return new ServerError(ServerErrorCode.BAD_FIELD, 400, err.message, { field: context.field ?? null, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ServerError(ServerErrorCode.INTERNAL, 500, `internal error: ${message}`, { cause: err });
}

/** True when the error means the link to the board is gone (the slot must reconnect). */
export function isLinkLoss(err: unknown): boolean {
  if (!isNucleonError(err)) return false;
  return err.disconnected || err.code === HostErrorCode.DISCONNECTED || err.code === HostErrorCode.CLOSED || err.code === HostErrorCode.NOT_OPEN;
}
