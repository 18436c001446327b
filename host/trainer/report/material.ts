/** Everything a report can show; each part is optional (a train run without a board has no loops). */
import type { Calibration } from '../../calibration/types';
import type { RunFigures, TrainResult } from '../trainer';
import type { NeuronMap } from '../neuron-map';

/** A run's figures under the label the report shows it by. */
export interface RunSummary extends RunFigures {
  label: string;
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
  /** Measurements that failed (their figures are missing from the report), one line each. */
  notes: string[];
  /** MOKE-style sequence of one device (SVG; twin only: a real board has no microscope). */
  mokeSvg?: string;
}

export interface OverloadMaterial {
  /** Running rate and loss of: ideal, overloaded guard off, overloaded guard on. */
  runs: RunSummary[];
  /** The overloaded device's loop before and after, guard off and on. */
  loops: XySeries[];
  notes: string[];
}

/** One board's calibrations (a run over several boards lists every board's). */
export interface BoardCalibrations {
  boardSpec: string;
  calibrations: Calibration[];
}

export interface ReportMaterial {
  title: string;
  runs: RunSummary[];
  board?: BoardMaterial;
  /** Every board's calibrations when the run used more than one (board's loops stay the first board's). */
  calibrationsByBoard?: BoardCalibrations[];
  overload?: OverloadMaterial;
  /** Which device served each hidden neuron (live runs). */
  neuronMap?: NeuronMap;
  notes: string[];
}

export function runSummary(r: TrainResult, label = r.activation): RunSummary {
  const { completed: _completed, network: _network, ...figures } = r;
  return { ...figures, label };
}
