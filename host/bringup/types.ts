/**
 * Bring-up results: one StageResult per stage, in order, and the run's summary. The `--json`
 * form of `nucleon bringup` is `{passed, stages: [{name, passed, figure, message}]}` plus the
 * extra fields below.
 */
import type { ChartOptions } from '../plot/svg-chart';

export const STAGE_NAMES = ['link', 'select-lines', 'pulse-generator', 'lock-in', 'devices', 'calibration', 'live-neuron'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export interface StageResult {
  name: StageName;
  passed: boolean;
  /** True when the stage did not run (an earlier stage failed and the run stopped). */
  skipped: boolean;
  /** The measured figure, in words with units ("100/100 heartbeats, 0 frame errors, rtt 0.4 ms"). */
  figure: string;
  /** On failure: what is wrong and what to check on the bench. On success: a short note. */
  message: string;
  /** Wall time the stage took. */
  wallMs: number;
  /** Numbers behind the figure (for the report and for tests). */
  values: { [key: string]: number | string | boolean | number[] | null };
  /** Charts for the report. */
  charts: ChartOptions[];
}

export interface BringupResult {
  passed: boolean;
  spec: string;
  boardId: string | null;
  firmwareVersion: string | null;
  startedAt: string;
  wallMs: number;
  stages: StageResult[];
}

/** What a stage returns; the runner adds name, skipped and wallMs. */
export interface StageOutcome {
  passed: boolean;
  figure: string;
  message: string;
  values?: StageResult['values'];
  charts?: ChartOptions[];
}
