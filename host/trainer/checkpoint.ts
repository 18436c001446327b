/**
 * Checkpoints: the whole training state (weights, position, counters, curve) as JSON with a
 * SHA-256 over its content, written atomically (temp file + rename) so a crash mid-write leaves
 * the previous checkpoint intact. A state is checked by the same rules a resume reads it with
 * before it may replace a file: what cannot be read back never overwrites a good checkpoint.
 * Float32 weights round-trip exactly through JSON numbers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TrainerError } from './errors';
import type { Weights } from './network';
import {
  CHECKPOINT_VERSION,
  checkCheckpoint,
  contentSha256,
  type CheckpointContent,
  type CheckpointFile,
  type CheckpointWeights,
  type RunIdentity,
} from './checkpoint-check';

export { CHECKPOINT_VERSION, dataSha256, type RunIdentity } from './checkpoint-check';

/** A checkpoint's content as the trainer builds and reads it. */
export type CheckpointState = CheckpointContent;

export function weightsToJson(w: Weights): CheckpointWeights {
  return { w1: Array.from(w.w1), b1: Array.from(w.b1), w2: Array.from(w.w2), b2: Array.from(w.b2) };
}

/** Weights of a checked checkpoint (sizes and values were checked by checkCheckpoint). */
export function loadWeightsInto(w: Weights, src: CheckpointWeights, file: string): void {
  const pairs: [Float32Array, number[], string][] = [
    [w.w1, src.w1, 'w1'],
    [w.b1, src.b1, 'b1'],
    [w.w2, src.w2, 'w2'],
    [w.b2, src.b2, 'b2'],
  ];
  for (const [dst, arr, name] of pairs) {
    if (arr.length !== dst.length) throw new TrainerError('CHECKPOINT_BAD', `${file}: weights.${name} must be ${dst.length} finite numbers, got ${arr.length}`);
    dst.set(arr);
  }
}

function errnoText(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/**
 * Checks that `file` can be written as a checkpoint before a run starts: its folder exists and
 * is writable, and the path is not a folder. Throws CHECKPOINT_BAD naming the path.
 */
export function checkCheckpointPath(file: string): void {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  let dirStat: fs.Stats;
  try {
    dirStat = fs.statSync(dir);
  } catch (err) {
    throw new TrainerError('CHECKPOINT_BAD', `checkpoint ${file}: its folder ${dir} does not exist (${errnoText(err)}); create it or give another path`);
  }
  if (!dirStat.isDirectory()) throw new TrainerError('CHECKPOINT_BAD', `checkpoint ${file}: ${dir} is not a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw new TrainerError('CHECKPOINT_BAD', `checkpoint ${file}: its folder ${dir} is not writable (${errnoText(err)})`);
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(abs);
  } catch {
    st = undefined;
  }
  if (st && !st.isFile()) throw new TrainerError('CHECKPOINT_BAD', `checkpoint ${file} is ${st.isDirectory() ? 'a folder' : 'not a regular file'}: give a file path such as ${path.join(file, 'cp.json')}`);
}

/**
 * Writes `state` to a temp file beside `file`, reads it back through the resume checks, then
 * renames it over `file`. A state that would not pass (NaN loss, a cycle, a full disk) throws
 * CHECKPOINT_BAD and leaves `file` and its folder as they were.
 */
export function writeCheckpoint(file: string, state: CheckpointState): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  let written = false;
  try {
    const text = JSON.stringify({ ...state, sha256: contentSha256(state) } satisfies CheckpointFile);
    checkCheckpoint(JSON.parse(text), `checkpoint ${file} (not written)`);
    fs.writeFileSync(tmp, text);
    written = true;
    fs.renameSync(tmp, file);
    written = false;
  } catch (err) {
    if (written) fs.rmSync(tmp, { force: true });
    if (err instanceof TrainerError) throw err;
    throw new TrainerError('CHECKPOINT_BAD', `checkpoint ${file}: cannot write (${err instanceof Error ? errnoText(err) + ': ' + err.message : String(err)}); the previous checkpoint is unchanged`);
  }
}

/** Reads and checks a checkpoint whole (CHECKPOINT_BAD naming the first field at fault). */
export function readCheckpoint(file: string): CheckpointState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new TrainerError('CHECKPOINT_BAD', `${file}: cannot read checkpoint (${errnoText(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TrainerError('CHECKPOINT_BAD', `${file}: not JSON (a checkpoint written by nucleon train)`);
  }
  const { sha256: _sha, ...content } = checkCheckpoint(parsed, file);
  return content;
}

/** Throws CHECKPOINT_MISMATCH naming every field that differs. */
export function checkIdentity(file: string, saved: RunIdentity, wanted: RunIdentity): void {
  const diffs: string[] = [];
  const short = (v: unknown): string => (typeof v === 'string' && v.length > 16 ? v.slice(0, 12) + '…' : String(v));
  for (const key of Object.keys(wanted) as (keyof RunIdentity)[]) {
    if (saved[key] !== wanted[key]) diffs.push(`${key}: checkpoint ${short(saved[key])}, this run ${short(wanted[key])}`);
  }
  if (diffs.length > 0) {
    throw new TrainerError('CHECKPOINT_MISMATCH', `${file} was written by a different run (${diffs.join('; ')})`);
  }
}
