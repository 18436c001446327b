/** `nucleon train --overload`: the paper's overloaded-neuron control experiment. */
import type { TrainCommandOptions, TrainIo } from './run';
import { TrainerError } from './errors';

export async function runOverloadCommand(opts: TrainCommandOptions, io: TrainIo): Promise<number> {
  void io;
  throw new TrainerError('LIVE_FAILED', `--overload on ${opts.board}: the host SDK (openBoard) is not in this tree yet`);
}
