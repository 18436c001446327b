/**
 * The one error class of the Espruino surface (board/espruino/) and the simulated board
 * (board/sim.ts). `code` is stable.
 */
export type EspruinoSurfaceErrorCode = 'firmware-missing' | 'firmware-build' | 'closed' | 'bad-argument';

export class EspruinoSurfaceError extends Error {
  readonly code: EspruinoSurfaceErrorCode;

  constructor(code: EspruinoSurfaceErrorCode, message: string) {
    super(message);
    this.name = 'EspruinoSurfaceError';
    this.code = code;
  }
}
