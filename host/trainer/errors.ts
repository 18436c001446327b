/**
 * The trainer's one error class. `code` is stable; the message says which file or option and
 * what was expected.
 */
export type TrainerErrorCode =
  | 'DATA_MISSING'
  | 'DATA_MALFORMED'
  | 'DATA_MISMATCH'
  | 'CHECKPOINT_BAD'
  | 'CHECKPOINT_MISMATCH'
  | 'LIVE_FAILED'
  | 'NOT_ENOUGH_CHANNELS'
  /** A neuron's device failed and no spare channel is left on any board (neuron-swap.ts). */
  | 'NO_SPARE'
  | 'INTERRUPTED';

export class TrainerError extends Error {
  readonly code: TrainerErrorCode;
  constructor(code: TrainerErrorCode, message: string) {
    super(message);
    this.name = 'TrainerError';
    this.code = code;
  }
}

export function isTrainerError(err: unknown, code?: TrainerErrorCode): err is TrainerError {
  return err instanceof TrainerError && (code === undefined || err.code === code);
}
