/**
 * The one error class of board definitions (board/definitions/: the type, the JSON files, the
 * schema, the interpreter cost tables), which the firmware build, the twin and the host all
 * read. `code` is stable; the message names the file and the field at fault.
 */
export type DefinitionErrorCode =
  /** No definition with that id (the message lists the known ones) or the file cannot be read. */
  | 'UNKNOWN_BOARD'
  /** The file is not JSON or does not match board.schema.json (every problem is named). */
  | 'BAD_DEFINITION'
  /** The `<id>.costs.json` beside it is not a cost table `make costs` wrote. */
  | 'BAD_COSTS';

export class DefinitionError extends Error {
  readonly code: DefinitionErrorCode;

  constructor(code: DefinitionErrorCode, message: string) {
    super(message);
    this.name = 'DefinitionError';
    this.code = code;
  }
}

export function isDefinitionError(error: unknown, code?: DefinitionErrorCode): error is DefinitionError {
  return error instanceof DefinitionError && (code === undefined || error.code === code);
}
