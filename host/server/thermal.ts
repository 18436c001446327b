/**
 * A channel's thermal state from the firmware's guard (status.stressPermille against the
 * guard threshold in hello.limits.guardPermille): the guard refuses (or delays) a pulse that
 * would take the slow stress S above guardPermille of S_max.
 */

export type ThermalState = 'cool' | 'warm' | 'guarded' | 'unknown';

export interface ThermalView {
  state: ThermalState;
  /** S / S_max, 0..1+ (null when the board has not reported it). */
  stressRatio: number | null;
  /** The guard threshold as a fraction of S_max. */
  guardRatio: number;
  /** False when this answer's fresh read of the board failed and the figure is the last one known. */
  fresh: boolean;
}

export const DEFAULT_GUARD_PERMILLE = 800;

export function thermalView(stressPermille: number | undefined, guardPermille: number, fresh = true): ThermalView {
  const guardRatio = guardPermille / 1000;
  if (stressPermille === undefined || !Number.isFinite(stressPermille)) return { state: 'unknown', stressRatio: null, guardRatio, fresh };
  const state: ThermalState = stressPermille >= guardPermille ? 'guarded' : stressPermille >= guardPermille / 2 ? 'warm' : 'cool';
  return { state, stressRatio: stressPermille / 1000, guardRatio, fresh };
}

/** Numeric code for the Prometheus gauge: 0 cool, 1 warm, 2 guarded, -1 unknown. */
export function thermalCode(state: ThermalState): number {
  return state === 'cool' ? 0 : state === 'warm' ? 1 : state === 'guarded' ? 2 : -1;
}
