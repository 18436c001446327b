/**
 * A training run as dashboard events: the trainer's progress callback (the one the progress
 * bar uses) becomes `training` events, each train-phase report a point of the running rate
 * and loss against examples. Reads only what the trainer hands it: the run is the same with
 * or without a dashboard.
 */
import type { Progress } from '../../trainer/trainer';
import type { LiveHub } from './live-hub';
import type { CurvePointLive, TrainingLive } from './live-state';
import { finiteOrNull } from './live-state';

export interface TrainingFeedOptions {
  activation: string;
  /** The run's checkpoint file, if it has one. */
  checkpointFile?: string;
}

export class TrainingFeed {
  private lastPointAt = -1;

  constructor(
    private readonly hub: LiveHub,
    private readonly options: TrainingFeedOptions,
  ) {}

  /** Fits TrainOptions.onProgress (call it beside the progress printer). */
  readonly progress = (p: Progress): void => {
    // only live training has the board in the loop: ideal and analog have no device time
    const deviceTimeS = this.options.activation === 'live' ? finiteOrNull(p.deviceTimeS) : null;
    // time left in this phase (train, then test), at this process's speed
    const left = Math.max(0, p.total - p.trained);
    const deviceLeft =
      deviceTimeS !== null && deviceTimeS > 0 && p.phase === 'train' && p.trained > 0 ? (deviceTimeS / p.trained) * left : null;
    let point: CurvePointLive | null = null;
    if (p.phase === 'train' && p.trained > this.lastPointAt && Number.isFinite(p.rate) && Number.isFinite(p.loss)) {
      point = { examples: p.trained, rate: p.rate, loss: p.loss };
      this.lastPointAt = p.trained;
    }
    this.publish(
      {
        activation: this.options.activation,
        phase: p.phase,
        trained: p.trained,
        total: p.total,
        rate: p.rate,
        loss: finiteOrNull(p.loss),
        examplesPerS: p.examplesPerS,
        deviceTimeS,
        timeLeftS: p.examplesPerS > 0 ? left / p.examplesPerS : null,
        deviceTimeLeftS: deviceLeft,
        checkpoint: this.options.checkpointFile ? { file: this.options.checkpointFile, atExample: p.checkpointAt ?? null } : null,
        testAcc: null,
      },
      point,
    );
  };

  /** The run ended: its test rate (NaN when stopped early). */
  finished(testAcc: number): void {
    const t = this.hub.training;
    if (!t) return;
    this.publish({ ...t, phase: 'done', timeLeftS: 0, deviceTimeLeftS: null, testAcc: finiteOrNull(testAcc) }, null);
  }

  private publish(training: TrainingLive, point: CurvePointLive | null): void {
    this.hub.publish({ type: 'training', training, point });
  }
}
