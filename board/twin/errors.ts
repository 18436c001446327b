/**
 * The one error class of the twin (board/twin/: the spec, the instrument chain and device
 * models, the Espruino surface and the simulated board). `code` is stable, UPPER_SNAKE like the
 * host's and the protocol's; the message names the field or key at fault and, where it helps,
 * what is allowed. Board definitions have their own (board/definitions/errors.ts).
 */
export type TwinErrorCode =
  /** A spec string that is not one of the documented forms. */
  | 'BAD_SPEC'
  | 'UNKNOWN_KEY'
  | 'BAD_VALUE'
  | 'UNKNOWN_FAULT'
  /** A saved twin state (state file, checkpoint) that cannot be restored here. */
  | 'BAD_STATE_FILE'
  | 'UNKNOWN_PIN'
  | 'DISPOSED'
  | 'NOT_VIRTUAL'
  /** Device model: a saved state is not a Hall-bar state, or a field is missing or out of range. */
  | 'DEVICE_STATE_MALFORMED'
  /** Device model: a saved state belongs to another device (seed, index or grain count differ). */
  | 'DEVICE_STATE_MISMATCH'
  /** Device model: a pulse starts before the previous one ended. */
  | 'DEVICE_TIME_REVERSED'
  /** Device model: a parameter is out of its physical range. */
  | 'DEVICE_PARAM'
  /** Espruino surface: the firmware bundle is not there / did not build. */
  | 'FIRMWARE_MISSING'
  | 'FIRMWARE_BUILD'
  /** Espruino surface: the simulated board is closed. */
  | 'CLOSED'
  /** Espruino surface: a program state that does not fit the booted program. */
  | 'BAD_ARGUMENT';

export class TwinError extends Error {
  readonly code: TwinErrorCode;

  constructor(code: TwinErrorCode, message: string) {
    super(message);
    this.name = 'TwinError';
    this.code = code;
  }
}

export function isTwinError(error: unknown, code?: TwinErrorCode): error is TwinError {
  return error instanceof TwinError && (code === undefined || error.code === code);
}
