/**
 * The simulated board's saved state (board/twin/sim-state.ts writes and restores it): its type and
 * the shape checks a reader runs before trusting it. Loads no part of the twin.
 */
import { TwinError } from './errors';
import type { SchedulerState } from './scheduler-virtual';
import { checkStateFile, type TwinStateFile } from './state-file';
import type { ProgramState } from './espruino/runtime';

export const SIM_BOARD_STATE_FORMAT = 'nucleon-sim-board-state';
export const SIM_BOARD_STATE_VERSION = 1;

export interface SimBoardState {
  format: typeof SIM_BOARD_STATE_FORMAT;
  version: typeof SIM_BOARD_STATE_VERSION;
  /** SHA-256 of the firmware code the board runs: RAM is only meaningful to the same build. */
  firmwareSha256: string;
  twin: TwinStateFile;
  scheduler: SchedulerState;
  interpreter: { chargedMs: number; lastOp: number } | null;
  program: ProgramState;
}

function isRecord(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Shape checks of a parsed state; TwinError('BAD_STATE_FILE') naming `where` and the first fault. */
export function checkSimBoardState(value: unknown, where: string): SimBoardState {
  const bad = (why: string): never => {
    throw new TwinError('BAD_STATE_FILE', `${where}: ${why}`);
  };
  if (!isRecord(value)) return bad('the board state is not an object');
  if (value.format !== SIM_BOARD_STATE_FORMAT) bad(`format is ${JSON.stringify(value.format)}, expected "${SIM_BOARD_STATE_FORMAT}"`);
  if (value.version !== SIM_BOARD_STATE_VERSION) bad(`board state version ${JSON.stringify(value.version)} is not ${SIM_BOARD_STATE_VERSION}`);
  if (typeof value.firmwareSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(value.firmwareSha256)) bad('firmwareSha256 is not 64 hex digits');
  checkStateFile(value.twin, `${where}: twin`, 'the checkpoint is unusable');
  const s = value.scheduler;
  if (!isRecord(s) || !isNumber(s.nowMs) || !isRecord(s.queue)) return bad('scheduler must be {nowMs, queue}');
  const q = s.queue;
  if (!isNumber(q.nextId) || !isNumber(q.nextOrder) || !Array.isArray(q.timers)) bad('scheduler.queue must be {nextId, nextOrder, timers}');
  for (const t of q.timers as unknown[]) {
    if (!isRecord(t) || !isNumber(t.id) || !isNumber(t.dueMs) || !isNumber(t.order) || !isNumber(t.repeatMs)) bad('a timer of scheduler.queue is not {id, dueMs, order, repeatMs}');
  }
  const it = value.interpreter;
  if (it !== null && (!isRecord(it) || !isNumber(it.chargedMs) || !isNumber(it.lastOp))) bad('interpreter must be null or {chargedMs, lastOp}');
  const p = value.program;
  if (!isRecord(p) || typeof p.consoleDevice !== 'string' || !isNumber(p.watchdogResets) || !isNumber(p.watchdogTimeoutMs) || !isNumber(p.lastKickMs) || !Array.isArray(p.heap)) {
    bad('program must be {consoleDevice, watchdogResets, watchdogTimeoutMs, lastKickMs, heap}');
  }
  return value as unknown as SimBoardState;
}
