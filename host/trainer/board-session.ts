/**
 * Analog and live activations on a board through the host SDK (openBoard → frames → firmware).
 */
import type { ActivationKind } from './activation';
import type { PreparedActivation } from './run';
import { TrainerError } from './errors';

export async function prepareBoardActivation(kind: ActivationKind, boardSpec: string, log: (line: string) => void): Promise<PreparedActivation> {
  void log;
  throw new TrainerError('LIVE_FAILED', `--activation ${kind} on ${boardSpec}: the host SDK (openBoard) is not in this tree yet`);
}
