/**
 * The one error class of the board package (definitions, spec, twin). `code` is stable;
 * the message names the field or key at fault and, where it helps, what is allowed.
 */
export type TwinErrorCode =
  | 'unknown-board'
  | 'bad-board-definition'
  | 'bad-spec'
  | 'unknown-key'
  | 'bad-value'
  | 'unknown-fault'
  | 'bad-state-file'
  | 'unknown-pin'
  | 'disposed'
  | 'not-virtual';

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
