/** Hardware bring-up: stages from link to live neurons, with figures and bench hints. */
export { runBringup, runStagesOn, firstFailure } from './suite';
export { openForBringup, BRINGUP_TIMEOUTS_MS } from './open';
export type { RunBringupOptions } from './suite';
export { DEFAULT_BRINGUP_OPTIONS } from './context';
export type { BringupOptions } from './context';
export { formatTable, toJson, writeReport } from './report';
export { STAGE_NAMES } from './types';
export type { BringupResult, StageResult, StageName } from './types';
