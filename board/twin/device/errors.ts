/** The one error class of the device model, with stable string codes. */
export type DeviceErrorCode =
  /** A saved state is not a Hall-bar state, or a field is missing or out of range. */
  | 'E_DEVICE_STATE_MALFORMED'
  /** A saved state belongs to another device (seed, index or grain count differ). */
  | 'E_DEVICE_STATE_MISMATCH'
  /** A pulse starts before the previous one ended. */
  | 'E_DEVICE_TIME_REVERSED'
  /** A parameter is out of its physical range. */
  | 'E_DEVICE_PARAM';

export class DeviceError extends Error {
  readonly code: DeviceErrorCode;
  constructor(code: DeviceErrorCode, message: string) {
    super(`device: ${message}`);
    this.name = 'DeviceError';
    this.code = code;
  }
}

export function isDeviceError(e: unknown, code?: DeviceErrorCode): e is DeviceError {
  return e instanceof DeviceError && (code === undefined || e.code === code);
}
