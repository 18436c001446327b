/** Everything a report can show; each part is optional (a train run without a board has no loops). */
import type { Curve } from '../curve';
import type { Calibration } from '../../calibration/types';
import type { TrainResult } from '../trainer';

export interface RunSummary {
  activation: string;
  label: string;
  trainExamples: number;
  testExamples: number;
  trainRunningAcc: number;
  testAcc: number;
  finalLoss: number;
  wallS: number;
  deviceTimeS: number;
  pulses: number;
  evaluations: number;
  curve: Curve;
}

export interface XySeries {
  label: string;
  x: number[];
  y: number[];
}

export interface BoardMaterial {
  boardSpec: string;
  /** R_H against pulse current (µA → mA in the figure), one per pulse width. */
  majorLoops: XySeries[];
  /** Minor loops of one device, different peak currents. */
  minorLoops: XySeries[];
  /** ΔI₉₉ (mA) against pulse width (µs). */
  deltaI: XySeries[];
  /** y against x: ideal, analog, live before and after training. */
  sigmoids: XySeries[];
  calibrations: Calibration[];
}

export interface OverloadMaterial {
  /** Running rate and loss of: ideal, overloaded guard off, overloaded guard on. */
  runs: RunSummary[];
  /** The overloaded device's loop before and after, guard off and on. */
  loops: XySeries[];
  notes: string[];
}

export interface ReportMaterial {
  title: string;
  runs: RunSummary[];
  board?: BoardMaterial;
  overload?: OverloadMaterial;
  notes: string[];
}

export function runSummary(r: TrainResult, label = r.activation): RunSummary {
  return {
    activation: r.activation,
    label,
    trainExamples: r.trainExamples,
    testExamples: r.testExamples,
    trainRunningAcc: r.trainRunningAcc,
    testAcc: r.testAcc,
    finalLoss: r.finalLoss,
    wallS: r.wallS,
    deviceTimeS: r.deviceTimeS,
    pulses: r.pulses,
    evaluations: r.evaluations,
    curve: r.curve,
  };
}
