/**
 * A checkpoint read from disk is checked whole before a run trusts it: every field's type and
 * range, the counters against each other (trained = epoch × examples + index, correct ≤
 * trained), the curve, the weights' sizes against the network, and last a SHA-256 over the
 * content. The first fault is reported by field name (`CHECKPOINT_BAD`, "index must be …").
 */
import { createHash } from 'crypto';
import { TrainerError } from './errors';
import { ACTIVATION_KINDS } from './activation';
import { OUTPUTS } from './network';
import { checkBoardCheckpoint, type BoardCheckpoint } from './board-checkpoint';
import { checkNeuronMap, type NeuronMap } from './neuron-map';
import { checkSwaps, type NeuronSwap } from './neuron-swap';

/**
 * 3: adds `board`, the board's state for an exact live resume (board-checkpoint.ts).
 * 2: still read; it holds no board state, so a live run resumed from it continues on the board
 *    as it is (a fresh twin for sim): equal in procedure, not bit for bit.
 */
export const CHECKPOINT_VERSION = 3;
export const CHECKPOINT_VERSIONS_READ: readonly number[] = [2, 3];

/** What must match for a resume to continue the same run. */
export interface RunIdentity {
  activation: string;
  seed: number;
  lr: number;
  epochs: number;
  trainExamples: number;
  inputs: number;
  hidden: number;
  outputs: number;
  w1Scale: number;
  w2Scale: number;
  /** SHA-256 (hex) of the training images and labels the run uses. */
  dataSha256: string;
}

export interface CheckpointWeights {
  w1: number[];
  b1: number[];
  w2: number[];
  b2: number[];
}

export interface CheckpointContent {
  version: number;
  identity: RunIdentity;
  /** Next example to train: epoch and position in that epoch's order. */
  epoch: number;
  index: number;
  correct: number;
  trained: number;
  lossSum: number;
  curve: { examples: number[]; rate: number[]; loss: number[] };
  /** Board counters accumulated before this checkpoint (live runs). */
  pulses: number;
  deviceTimeS: number;
  evaluations: number;
  weights: CheckpointWeights;
  /** Version 3: the board (null without one); absent in version 2. */
  board?: BoardCheckpoint | null;
  /** Version 3, optional: which device served each hidden neuron (live runs; neuron-map.ts). */
  neurons?: NeuronMap;
  /** Version 3, optional: neurons moved to spares during the run, in order (neuron-swap.ts). */
  swaps?: NeuronSwap[];
}

/** As stored: the content plus `sha256`, the hash of the content's JSON without it. */
export interface CheckpointFile extends CheckpointContent {
  sha256: string;
}

export function contentSha256(content: CheckpointContent): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** SHA-256 (hex) of a data set's images and labels: a checkpoint belongs to one data set. */
export function dataSha256(images: Uint8Array, labels: Uint8Array): string {
  return createHash('sha256').update(images).update(labels).digest('hex');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (isRecord(v)) return 'an object';
  return String(v);
}

/** The checks, each throwing CHECKPOINT_BAD naming the field and what is allowed. */
class Checker {
  constructor(private readonly file: string) {}

  fail(field: string, rule: string, got: unknown): never {
    throw new TrainerError('CHECKPOINT_BAD', `${this.file}: ${field} must be ${rule}, got ${show(got)}`);
  }

  record(obj: Record<string, unknown>, key: string, prefix = ''): Record<string, unknown> {
    const v = obj[key];
    if (!isRecord(v)) this.fail(prefix + key, 'an object', v);
    return v;
  }

  int(obj: Record<string, unknown>, key: string, lo: number, hi: number, prefix = ''): number {
    const v = obj[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) this.fail(prefix + key, `an integer in [${lo}, ${hi}]`, v);
    return v;
  }

  finite(obj: Record<string, unknown>, key: string, lo: number, hi: number, prefix = ''): number {
    const v = obj[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) this.fail(prefix + key, `a finite number in [${lo}, ${hi}]`, v);
    return v;
  }

  numbers(v: unknown, field: string, length: number | null, lo: number, hi: number): number[] {
    if (!Array.isArray(v) || (length !== null && v.length !== length)) {
      this.fail(field, `an array of ${length ?? 'any number of'} finite numbers`, v);
    }
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x !== 'number' || !Number.isFinite(x) || x < lo || x > hi) this.fail(`${field}[${i}]`, `a finite number in [${lo}, ${hi}]`, x);
    }
    return v as number[];
  }
}

const BIG = Number.MAX_SAFE_INTEGER;
/** |weight| above this is not a trained network (float32 max ≈ 3.4e38). */
const MAX_WEIGHT = 1e6;

const KEYS_V2: readonly string[] = ['version', 'identity', 'epoch', 'index', 'correct', 'trained', 'lossSum', 'curve', 'pulses', 'deviceTimeS', 'evaluations', 'weights', 'sha256'];
const KEYS_V3: readonly string[] = [...KEYS_V2, 'board', 'neurons', 'swaps'];
/** Widest hidden layer a checkpoint may hold (sixty-four boards of sixteen channels). */
export const MAX_HIDDEN = 1024;

/** Parsed JSON → a checkpoint every part of which was checked; CHECKPOINT_BAD otherwise. */
export function checkCheckpoint(parsed: unknown, file: string): CheckpointFile {
  const c: Checker = new Checker(file);
  if (!isRecord(parsed)) c.fail('the checkpoint', 'a JSON object written by nucleon train', parsed);
  if (typeof parsed.version !== 'number' || !CHECKPOINT_VERSIONS_READ.includes(parsed.version)) {
    c.fail('version', `${CHECKPOINT_VERSIONS_READ.join(' or ')} (a checkpoint of this nucleon train; version ${CHECKPOINT_VERSION} is written)`, parsed.version);
  }
  const keys = parsed.version === 2 ? KEYS_V2 : KEYS_V3;
  for (const k of Object.keys(parsed)) if (!keys.includes(k)) c.fail(`field "${k.slice(0, 40)}"`, `absent in version ${parsed.version} (fields: ${keys.join(', ')})`, parsed[k]);
  if (parsed.version !== 2 && !('board' in parsed)) c.fail('board', 'present in version 3 (null or the board state)', undefined);
  const id = c.record(parsed, 'identity');
  const p = 'identity.';
  if (typeof id.activation !== 'string' || !(ACTIVATION_KINDS as readonly string[]).includes(id.activation)) {
    c.fail('identity.activation', ACTIVATION_KINDS.join(' or '), id.activation);
  }
  c.int(id, 'seed', 0, 0xffffffff, p);
  c.finite(id, 'lr', Number.MIN_VALUE, 1e6, p);
  const epochs = c.int(id, 'epochs', 1, 1e6, p);
  const count = c.int(id, 'trainExamples', 1, 1e9, p);
  const inputs = c.int(id, 'inputs', 1, 1e6, p);
  const hidden = c.int(id, 'hidden', 1, MAX_HIDDEN, p);
  c.int(id, 'outputs', OUTPUTS, OUTPUTS, p);
  c.finite(id, 'w1Scale', 0, 1e6, p);
  c.finite(id, 'w2Scale', 0, 1e6, p);
  if (typeof id.dataSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(id.dataSha256)) c.fail('identity.dataSha256', '64 hex digits', id.dataSha256);
  for (const k of Object.keys(id)) {
    if (!['activation', 'seed', 'lr', 'epochs', 'trainExamples', 'inputs', 'hidden', 'outputs', 'w1Scale', 'w2Scale', 'dataSha256'].includes(k)) c.fail(`identity."${k.slice(0, 40)}"`, 'absent', id[k]);
  }

  const epoch = c.int(parsed, 'epoch', 0, epochs);
  // index = count: the epoch's last example is done and the next epoch has not begun.
  const index = c.int(parsed, 'index', 0, epoch === epochs ? 0 : count);
  const trained = c.int(parsed, 'trained', 0, BIG);
  if (trained !== epoch * count + index) c.fail('trained', `epoch × trainExamples + index = ${epoch * count + index}`, trained);
  c.int(parsed, 'correct', 0, trained);
  c.finite(parsed, 'lossSum', 0, BIG);
  c.int(parsed, 'pulses', 0, BIG);
  c.finite(parsed, 'deviceTimeS', 0, BIG);
  c.int(parsed, 'evaluations', 0, BIG);

  const curve = c.record(parsed, 'curve');
  const examples = c.numbers(curve.examples, 'curve.examples', null, 1, trained);
  c.numbers(curve.rate, 'curve.rate', examples.length, 0, 1);
  c.numbers(curve.loss, 'curve.loss', examples.length, 0, BIG);
  for (let i = 0; i < examples.length; i++) {
    if (!Number.isInteger(examples[i]) || (i > 0 && examples[i] <= examples[i - 1])) c.fail(`curve.examples[${i}]`, 'an integer above the one before', examples[i]);
  }

  const w = c.record(parsed, 'weights');
  c.numbers(w.w1, 'weights.w1', hidden * inputs, -MAX_WEIGHT, MAX_WEIGHT);
  c.numbers(w.b1, 'weights.b1', hidden, -MAX_WEIGHT, MAX_WEIGHT);
  c.numbers(w.w2, 'weights.w2', OUTPUTS * hidden, -MAX_WEIGHT, MAX_WEIGHT);
  c.numbers(w.b2, 'weights.b2', OUTPUTS, -MAX_WEIGHT, MAX_WEIGHT);

  if (parsed.version !== 2) checkBoardCheckpoint(parsed.board, file);
  if ('neurons' in parsed) checkNeuronMap(parsed.neurons, hidden, file);
  if ('swaps' in parsed) checkSwaps(parsed.swaps, hidden, file);

  const { sha256, ...content } = parsed;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) c.fail('sha256', '64 hex digits (the checksum of the content)', sha256);
  const actual = contentSha256(content as unknown as CheckpointContent);
  if (actual !== sha256) {
    throw new TrainerError('CHECKPOINT_BAD', `${file}: sha256 does not match the content (stored ${sha256.slice(0, 12)}…, content ${actual.slice(0, 12)}…): the file was changed or damaged after it was written; the checkpoint is refused`);
  }
  return parsed as unknown as CheckpointFile;
}
