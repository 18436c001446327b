/**
 * A Hall bar's saved state as plain JSON (grain states, thermal stages, damage, stress, clock,
 * RNG state) and its strict decoder. The device's draw is not saved: it follows from the
 * parameters, seed and index, which the state records so a foreign state is refused.
 */
import { TwinError } from '../errors';
import { STAGES } from './thermal';

export const STATE_KIND = 'nucleon.hallbar';
export const STATE_VERSION = 1;

export interface HallBarState {
  kind: typeof STATE_KIND;
  version: typeof STATE_VERSION;
  seed: number;
  index: number;
  grainCount: number;
  /** One character per grain: '1' = +M_z, '0' = −M_z. */
  grains: string;
  /** Field-free background state, ±1. */
  mFr: number;
  /** Thermal network stage states (K, before k_th). */
  stagesK: number[];
  timeS: number;
  /** End of the last pulse (s), null before the first pulse. */
  pulseEndS: number | null;
  damage: number;
  stressJ: number;
  pulseCount: number;
  rng: [number, number, number, number];
}

export interface DecodedState {
  grains: Int8Array;
  mFr: number;
  stagesK: Float64Array;
  timeS: number;
  pulseEndS: number;
  damage: number;
  stressJ: number;
  pulseCount: number;
  rng: [number, number, number, number];
}

/** What encodeState saves: the decoded state plus the seed and index it belongs to. */
export interface StateInput extends DecodedState {
  seed: number;
  index: number;
}

export function encodeState(v: StateInput): HallBarState {
  let grains = '';
  for (let i = 0; i < v.grains.length; i++) grains += v.grains[i] > 0 ? '1' : '0';
  return {
    kind: STATE_KIND,
    version: STATE_VERSION,
    seed: v.seed,
    index: v.index,
    grainCount: v.grains.length,
    grains,
    mFr: v.mFr,
    stagesK: Array.from(v.stagesK),
    timeS: v.timeS,
    pulseEndS: Number.isFinite(v.pulseEndS) ? v.pulseEndS : null,
    damage: v.damage,
    stressJ: v.stressJ,
    pulseCount: v.pulseCount,
    rng: v.rng,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function malformed(why: string): never {
  throw new TwinError('DEVICE_STATE_MALFORMED', `device: malformed Hall-bar state: ${why}`);
}

function finite(o: Record<string, unknown>, key: string, min = -Infinity, max = Infinity): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) malformed(`${key} must be a finite number`);
  if (v < min || v > max) malformed(`${key} = ${v} is outside [${min}, ${max}]`);
  return v;
}

export function decodeState(state: unknown, seed: number, index: number, grainCount: number): DecodedState {
  if (!isRecord(state)) malformed('not an object');
  if (state.kind !== STATE_KIND) malformed(`kind must be '${STATE_KIND}'`);
  if (state.version !== STATE_VERSION) malformed(`unsupported version ${String(state.version)} (this build reads ${STATE_VERSION})`);
  const sSeed = finite(state, 'seed');
  const sIndex = finite(state, 'index', 0);
  const sCount = finite(state, 'grainCount', 1);
  if (sSeed !== seed || sIndex !== index || sCount !== grainCount) {
    throw new TwinError(
      'DEVICE_STATE_MISMATCH',
      `device: state belongs to seed ${sSeed} index ${sIndex} (${sCount} grains), not seed ${seed} index ${index} (${grainCount} grains)`,
    );
  }
  const g = state.grains;
  if (typeof g !== 'string' || g.length !== grainCount || !/^[01]*$/.test(g)) {
    malformed(`grains must be a string of ${grainCount} '0'/'1' characters`);
  }
  const grains = new Int8Array(grainCount);
  for (let i = 0; i < grainCount; i++) grains[i] = g.charCodeAt(i) === 49 ? 1 : -1;
  const mFr = finite(state, 'mFr');
  if (mFr !== 1 && mFr !== -1) malformed('mFr must be 1 or -1');
  const st = state.stagesK;
  if (!Array.isArray(st) || st.length !== STAGES || !st.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
    malformed(`stagesK must be ${STAGES} finite numbers ≥ 0`);
  }
  const pe = state.pulseEndS;
  if (pe !== null && (typeof pe !== 'number' || !Number.isFinite(pe))) malformed('pulseEndS must be a number or null');
  const rng = state.rng;
  if (!Array.isArray(rng) || rng.length !== 4 || !rng.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) {
    malformed('rng must be four uint32 numbers');
  }
  const pulseCount = finite(state, 'pulseCount', 0);
  if (!Number.isInteger(pulseCount)) malformed('pulseCount must be an integer');
  return {
    grains,
    mFr,
    stagesK: Float64Array.from(st as number[]),
    timeS: finite(state, 'timeS'),
    pulseEndS: pe === null ? -Infinity : (pe as number),
    damage: finite(state, 'damage', 0, 1 - Number.EPSILON),
    stressJ: finite(state, 'stressJ', 0),
    pulseCount,
    rng: [rng[0], rng[1], rng[2], rng[3]] as [number, number, number, number],
  };
}
