/**
 * The twin's state file: devices (grains, heat, damage, stress), Storage, counters, the
 * instrument chain's state and random streams, and virtual time, as one JSON document, so a
 * simulated board survives between processes like a real one. Written atomically
 * (temp file + rename). Faults and parameter overrides are not state: the spec sets them per run.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CountersState } from './counters';
import { TwinError } from './errors';
import type { HardwareState } from './board-hardware';

export const TWIN_STATE_FORMAT = 'nucleon-twin-state';
export const TWIN_STATE_VERSION = 1;

export interface TwinStateFile {
  format: typeof TWIN_STATE_FORMAT;
  version: typeof TWIN_STATE_VERSION;
  board: string;
  seed: number;
  model: string;
  timeMs: number;
  /** Device state by channel (populated channels only). */
  devices: { channel: number; state: unknown }[];
  storage: { [name: string]: string };
  counters: CountersState;
  hardware: HardwareState;
  link: { toBoard: number[]; toHost: number[] };
}

/**
 * A state file that does not exist yet will be created at the end of the run: its folder must
 * exist and be writable now (no folders are created). TwinError('BAD_STATE_FILE') naming the path.
 */
export function checkNewStatePath(file: string): void {
  const dir = path.dirname(path.resolve(file));
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (error) {
    throw new TwinError('BAD_STATE_FILE', `state file ${file}: its folder ${dir} does not exist (${(error as NodeJS.ErrnoException).code ?? 'error'}); create the folder or give another path`);
  }
  if (!st.isDirectory()) throw new TwinError('BAD_STATE_FILE', `state file ${file}: ${dir} is not a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new TwinError('BAD_STATE_FILE', `state file ${file}: its folder ${dir} is not writable`);
  }
}

export function writeStateFile(file: string, state: TwinStateFile): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  fs.renameSync(tmp, file);
}

/** Reads a state file; undefined when it does not exist (and its folder does); TwinError('BAD_STATE_FILE') when it is not one. */
export function readStateFile(file: string): TwinStateFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      checkNewStatePath(file);
      return undefined;
    }
    throw new TwinError('BAD_STATE_FILE', `state file ${file}: cannot read (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TwinError('BAD_STATE_FILE', `state file ${file} is corrupt: not JSON (${(error as Error).message}); delete it to start a fresh board`);
  }
  return checkStateFile(value, `state file ${file}`);
}

/**
 * Checks the shape of a parsed state (TwinError('BAD_STATE_FILE') naming `where` and the first
 * fault); the parts are decoded by their own loaders, which name a part that does not decode.
 */
export function checkStateFile(value: unknown, where: string, advice = 'delete it to start a fresh board'): TwinStateFile {
  const bad = (why: string): never => {
    throw new TwinError('BAD_STATE_FILE', `${where} is corrupt: ${why}; ${advice}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('not an object');
  const v = value as { [key: string]: unknown };
  if (v.format !== TWIN_STATE_FORMAT) return bad(`format is ${JSON.stringify(v.format)}, expected "${TWIN_STATE_FORMAT}"`);
  if (v.version !== TWIN_STATE_VERSION) return bad(`version ${JSON.stringify(v.version)} is not ${TWIN_STATE_VERSION}`);
  if (typeof v.board !== 'string') bad('board is not a string');
  if (typeof v.seed !== 'number' || !Number.isInteger(v.seed)) bad('seed is not an integer');
  if (typeof v.timeMs !== 'number' || !Number.isFinite(v.timeMs) || v.timeMs < 0) bad('timeMs is not a time');
  if (!Array.isArray(v.devices)) bad('devices is not a list');
  for (const d of v.devices as unknown[]) {
    if (typeof d !== 'object' || d === null || typeof (d as { channel?: unknown }).channel !== 'number') bad('a device entry has no channel');
  }
  if (typeof v.storage !== 'object' || v.storage === null) bad('storage is missing');
  for (const [name, data] of Object.entries(v.storage as object)) if (typeof data !== 'string') bad(`storage file ${name} is not a string`);
  if (typeof v.counters !== 'object' || v.counters === null) bad('counters are missing');
  if (typeof v.hardware !== 'object' || v.hardware === null) bad('hardware is missing');
  if (typeof v.link !== 'object' || v.link === null) bad('link is missing');
  return value as TwinStateFile;
}
