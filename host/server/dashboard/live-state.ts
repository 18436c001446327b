/**
 * What the dashboard shows, as plain JSON: one snapshot on connect, then events that update
 * it. Built on the server from the board slots, the neuron service and the trainer's progress;
 * the page (host/dashboard/) only draws it.
 */
import type { Calibration } from '../../calibration/types';
import { analogSigmoid, logistic, rToY } from '../../calibration/sigmoid';

export interface BoardLive {
  id: string;
  spec: string;
  link: string;
  boardId: string | null;
  firmwareVersion: string | null;
  /** The board's own clock (status uptimeMs) at the last status read; device time. */
  deviceTimeMs: number | null;
  /** Gate pulses since boot (status pulses). */
  pulses: number | null;
  /** Frames the board could not decode (status frameErrors). */
  frameErrors: number | null;
  /** Frames from the board the host could not decode. */
  hostBadFrames: number | null;
}

/** A sigmoid on the x axis: the measured points and the calibrated curve through them. */
export interface SigmoidLive {
  xs: number[];
  ys: number[];
  curveXs: number[];
  curveYs: number[];
  logisticYs: number[];
}

export interface ActivationLive {
  x: number;
  y: number;
}

export interface NeuronLive {
  id: string;
  board: string;
  channel: number;
  calibrated: boolean;
  deltaI99Ua: number | null;
  /** ΔR_AHE,I / ΔR_AHE,H (null when not measured here or not known). */
  switchingRatio: number | null;
  widthUs: number | null;
  /** Null when the calibration was made before this process saw it (only its window is known). */
  sigmoid: SigmoidLive | null;
  /** The newest last (at most RECENT_ACTIVATIONS). */
  recent: ActivationLive[];
  pulses: number | null;
  /** Slow stress S / S_max and the guard's threshold, both 0..1 (null: not reported). */
  stressRatio: number | null;
  guardRatio: number | null;
}

export interface CurvePointLive {
  examples: number;
  rate: number;
  loss: number;
}

export interface TrainingLive {
  activation: string;
  phase: 'train' | 'test' | 'done';
  trained: number;
  total: number;
  rate: number;
  loss: number | null;
  examplesPerS: number;
  deviceTimeS: number | null;
  /** Wall seconds left at the current speed (null when unknown). */
  timeLeftS: number | null;
  /** Device seconds left at the device time per example so far (null when not a board run). */
  deviceTimeLeftS: number | null;
  checkpoint: { file: string; atExample: number | null } | null;
  testAcc: number | null;
}

export interface DashboardState {
  /** 'serve': the API is there (the forms work); 'train' or 'demo': a run's page. */
  mode: 'serve' | 'train' | 'demo';
  boards: BoardLive[];
  neurons: NeuronLive[];
  training: TrainingLive | null;
  curve: CurvePointLive[];
}

/** Messages on /v1/live. `emittedAtMs` is performance.timeOrigin + performance.now() on the server. */
export type LiveMessage =
  | { type: 'snapshot'; seq: number; emittedAtMs: number; state: DashboardState }
  | { type: 'board'; seq: number; emittedAtMs: number; board: BoardLive }
  | { type: 'neuron'; seq: number; emittedAtMs: number; neuron: NeuronLive }
  | { type: 'activation'; seq: number; emittedAtMs: number; neuron: string; x: number; y: number; pulses: number | null }
  | { type: 'training'; seq: number; emittedAtMs: number; training: TrainingLive; point: CurvePointLive | null }
  /** A new training run begins (demo: ideal, analog, live in turn): its curve starts empty. */
  | { type: 'run'; seq: number; emittedAtMs: number; activation: string };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An update as a source hands it to the hub (the hub numbers and stamps it). */
export type LiveEvent = DistributiveOmit<Exclude<LiveMessage, { type: 'snapshot' }>, 'seq' | 'emittedAtMs'>;

export const RECENT_ACTIVATIONS = 20;
const CURVE_SAMPLES = 81;

/** The calibration's branch on the x axis: measured points inside the window (plus a margin) and curves. */
export function sigmoidOf(cal: Calibration): SigmoidLive | null {
  const spanUa = cal.iHighUa - cal.iLowUa;
  if (!(spanUa > 0) || !(cal.xMax > cal.xMin) || cal.rHighOhm === cal.rLowOhm || cal.points.length < 2) return null;
  const toX = (currentUa: number): number => cal.xMin + ((currentUa - cal.iLowUa) / spanUa) * (cal.xMax - cal.xMin);
  const margin = 0.25 * (cal.xMax - cal.xMin);
  const pts = cal.points
    .map((p) => ({ x: toX(p.currentUa), y: rToY(cal, p.rHallOhm) }))
    .filter((p) => p.x >= cal.xMin - margin && p.x <= cal.xMax + margin)
    .sort((a, b) => a.x - b.x);
  const f = analogSigmoid(cal);
  const curveXs: number[] = [];
  for (let i = 0; i < CURVE_SAMPLES; i++) curveXs.push(cal.xMin + ((cal.xMax - cal.xMin) * i) / (CURVE_SAMPLES - 1));
  return {
    xs: pts.map((p) => p.x),
    ys: pts.map((p) => p.y),
    curveXs,
    curveYs: curveXs.map((x) => f(x)),
    logisticYs: curveXs.map((x) => logistic(x)),
  };
}

/** JSON has no NaN: unknown numbers are null. */
export function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
