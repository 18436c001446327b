/**
 * Progress as a run reports it (TrainOptions.onProgress): examples done, running rate and loss,
 * examples per second of this phase, device time, the last checkpoint.
 */
import type { Progress } from './train-types';

export class ProgressReporter {
  private phaseStartedMs: number;
  private lastTrainReport = -1;

  constructor(
    private readonly onProgress: ((p: Progress) => void) | undefined,
    private readonly nowMs: () => number,
    /** When the run started in this process (its first nowMs reading). */
    startedMs: number,
    /** Examples already trained when this process started (a resumed run's). */
    private readonly trainedAtStart: number,
    private readonly deviceTimeS: () => number,
    private readonly checkpointAt: () => number | null,
  ) {
    this.phaseStartedMs = startedMs;
  }

  /** The test phase starts: its examples per second count from now. */
  startTest(): void {
    this.phaseStartedMs = this.nowMs();
  }

  report(phase: 'train' | 'test', done: number, of: number, rate: number, loss: number): void {
    if (!this.onProgress) return;
    if (phase === 'train') {
      if (done === this.lastTrainReport) return;
      this.lastTrainReport = done;
    }
    const elapsedS = (this.nowMs() - this.phaseStartedMs) / 1000;
    const n = phase === 'train' ? done - this.trainedAtStart : done;
    this.onProgress({
      trained: done,
      total: of,
      rate,
      loss,
      examplesPerS: elapsedS > 0 ? n / elapsedS : 0,
      phase,
      deviceTimeS: this.deviceTimeS(),
      checkpointAt: this.checkpointAt(),
    });
  }
}
