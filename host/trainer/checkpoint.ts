/**
 * Checkpoints: the whole training state (weights, position, counters, curve) as JSON, written
 * atomically (temp file + rename) so a crash mid-write leaves the previous checkpoint intact.
 * Float32 weights round-trip exactly through JSON numbers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TrainerError } from './errors';
import type { Curve } from './curve';
import type { Weights } from './network';

export const CHECKPOINT_VERSION = 1;

/** What must match for a resume to continue the same run. */
export interface RunIdentity {
  activation: string;
  seed: number;
  lr: number;
  epochs: number;
  trainExamples: number;
  inputs: number;
  w1Scale: number;
  w2Scale: number;
}

export interface CheckpointState {
  version: number;
  identity: RunIdentity;
  /** Next example to train: epoch and position in that epoch's order. */
  epoch: number;
  index: number;
  correct: number;
  trained: number;
  lossSum: number;
  curve: Curve;
  /** Board counters accumulated before this checkpoint (live runs). */
  pulses: number;
  deviceTimeS: number;
  evaluations: number;
  weights: { w1: number[]; b1: number[]; w2: number[]; b2: number[] };
}

export function weightsToJson(w: Weights): CheckpointState['weights'] {
  return { w1: Array.from(w.w1), b1: Array.from(w.b1), w2: Array.from(w.w2), b2: Array.from(w.b2) };
}

export function loadWeightsInto(w: Weights, src: CheckpointState['weights'], file: string): void {
  const pairs: [Float32Array, unknown, string][] = [
    [w.w1, src.w1, 'w1'],
    [w.b1, src.b1, 'b1'],
    [w.w2, src.w2, 'w2'],
    [w.b2, src.b2, 'b2'],
  ];
  for (const [dst, arr, name] of pairs) {
    if (!Array.isArray(arr) || arr.length !== dst.length || !arr.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new TrainerError('CHECKPOINT_BAD', `${file}: weights.${name} must be ${dst.length} finite numbers`);
    }
    dst.set(arr as number[]);
  }
}

export function writeCheckpoint(file: string, state: CheckpointState): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readCheckpoint(file: string): CheckpointState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new TrainerError('CHECKPOINT_BAD', `${file}: cannot read checkpoint (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TrainerError('CHECKPOINT_BAD', `${file}: not JSON (a checkpoint written by nucleon train)`);
  }
  if (!isRecord(parsed) || parsed.version !== CHECKPOINT_VERSION) {
    throw new TrainerError('CHECKPOINT_BAD', `${file}: not a version-${CHECKPOINT_VERSION} trainer checkpoint`);
  }
  for (const key of ['epoch', 'index', 'correct', 'trained', 'lossSum', 'pulses', 'deviceTimeS', 'evaluations']) {
    if (typeof parsed[key] !== 'number') throw new TrainerError('CHECKPOINT_BAD', `${file}: field ${key} must be a number`);
  }
  if (!isRecord(parsed.identity) || !isRecord(parsed.weights) || !isRecord(parsed.curve)) {
    throw new TrainerError('CHECKPOINT_BAD', `${file}: identity, weights and curve are required`);
  }
  return parsed as unknown as CheckpointState;
}

/** Throws CHECKPOINT_MISMATCH naming every field that differs. */
export function checkIdentity(file: string, saved: RunIdentity, wanted: RunIdentity): void {
  const diffs: string[] = [];
  for (const key of Object.keys(wanted) as (keyof RunIdentity)[]) {
    if (saved[key] !== wanted[key]) diffs.push(`${key}: checkpoint ${String(saved[key])}, this run ${String(wanted[key])}`);
  }
  if (diffs.length > 0) {
    throw new TrainerError('CHECKPOINT_MISMATCH', `${file} was written by a different run (${diffs.join('; ')})`);
  }
}
