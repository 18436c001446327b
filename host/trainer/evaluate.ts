/** The test phase: recognition rate of a network on a data set, weights untouched. */
import type { HiddenActivation } from './activation';
import type { DataSet } from './mnist';
import type { Network } from './network';
import { TrainerError } from './errors';
import type { NeuronFailure } from './neuron-swap';

/** Lets SIGINT handlers and progress output run between slices of synchronous work. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const NONE: NeuronFailure[] = [];

/** The neurons whose devices failed their health check on the last example (none for software activations). */
export function hiddenFailures(activation: HiddenActivation): NeuronFailure[] {
  return activation.failures ? activation.failures() : NONE;
}

/** The failed neurons as one line: "neuron 3 failed: stuck…; neuron 5 failed: …". */
export function failureText(failed: readonly NeuronFailure[]): string {
  return failed.map((f) => `neuron ${f.neuron} failed: ${f.reason}`).join('; ');
}

/** Recognition rate of `net` on `set` with `activation` (no weight change). */
export async function evaluate(
  net: Network,
  set: DataSet,
  activation: HiddenActivation,
  onProgress?: (done: number, correct: number) => void,
  /** A device failed its health check: move it (train's recover); the test then starts again. */
  onFailure?: (failed: NeuronFailure[]) => Promise<void>,
): Promise<number> {
  let right = 0;
  for (let i = 0; i < set.count; i++) {
    net.loadInput(set.images, i);
    const pending = activation.apply(net.hiddenPre(), net.hidden);
    if (pending) await pending;
    const failed = hiddenFailures(activation);
    if (failed.length > 0) {
      if (!onFailure) throw new TrainerError('NO_SPARE', failureText(failed));
      await onFailure(failed);
      i = -1;
      right = 0;
      continue;
    }
    if (net.outputs() === set.labels[i]) right++;
    if (onProgress && (i + 1) % 1000 === 0) {
      onProgress(i + 1, right);
      if (!pending) await yieldToLoop();
    }
  }
  return set.count > 0 ? right / set.count : NaN;
}
