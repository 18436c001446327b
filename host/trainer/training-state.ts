/**
 * Where a run is: epoch and position in its shuffled order, and the paper's running figures
 * (N_R correct of N_T trained, the summed loss, the sampled curve). A checkpoint saves exactly
 * these; a resumed run starts from them.
 */
import type { CheckpointState } from './checkpoint';
import { emptyCurve, pushPoint, type Curve } from './curve';

export class TrainingState {
  epoch = 0;
  /** Position in the epoch's shuffled order. */
  index = 0;
  correct = 0;
  trained = 0;
  lossSum = 0;
  curve: Curve = emptyCurve();

  static resumedFrom(cp: CheckpointState): TrainingState {
    const s = new TrainingState();
    ({ epoch: s.epoch, index: s.index, correct: s.correct, trained: s.trained, lossSum: s.lossSum, curve: s.curve } = cp);
    return s;
  }

  /** Takes `o`'s position and figures (the curve's arrays copied): to keep a point to go back to, and to go back. */
  setFrom(o: TrainingState): void {
    ({ epoch: this.epoch, index: this.index, correct: this.correct, trained: this.trained, lossSum: this.lossSum } = o);
    this.curve = { examples: [...o.curve.examples], rate: [...o.curve.rate], loss: [...o.curve.loss] };
  }

  /** One example trained: was it recognised, and its loss. */
  record(recognised: boolean, loss: number): void {
    if (recognised) this.correct++;
    this.lossSum += loss;
    this.trained++;
    this.index++;
  }

  /** Running recognition rate N_R/N_T (0 before the first example). */
  get rate(): number {
    return this.trained > 0 ? this.correct / this.trained : 0;
  }

  /** Running loss L = 1/(2 N_T) Σ (ŷ − y)² as summed by Network.loss (0 before the first example). */
  get loss(): number {
    return this.trained > 0 ? this.lossSum / this.trained : 0;
  }

  sampleCurve(): void {
    if (this.trained > 0) pushPoint(this.curve, this.trained, this.correct / this.trained, this.lossSum / this.trained);
  }
}
