/**
 * A `nucleon` subcommand. Each lives in host/cli/commands/<name>.ts and default-exports one.
 * `run` returns the process exit code; with `--json` a command prints exactly one JSON object
 * as the last line of stdout.
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage text shown by `nucleon help <name>` and on a usage error. */
  readonly usage: string;
  run(argv: string[]): Promise<number>;
}

/** Thrown for bad command-line input: printed with the usage, exit code 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}
