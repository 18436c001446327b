/**
 * The whole state of a simulated board in this process, to continue it exactly elsewhere: the
 * twin (devices with their grains, heat, damage and stress; Storage with the calibrations;
 * counters; the instrument chain's latches, filter and noise state and random streams; the
 * link's random streams), virtual time with the pending timers and their tie order, the
 * interpreter-time charger, and the firmware's RAM (thermal guard, last current per channel,
 * selected channel, configuration, counters, the exactly-once cache: everything the program's
 * 'init' handler reaches) with the watchdog.
 *
 * Restoring needs a board booted from the same firmware (checked by hash) and the same twin
 * spec (board, seed, device model): the saved values are written into it in place, timers take
 * their saved ids and due times. Both ends must be idle (between requests).
 */
import type { SimBoardWithRuntime } from './sim';
import { BoardTwin } from './twin/create';
import { TwinError } from './twin/errors';
import { VirtualScheduler, type SchedulerState } from './twin/scheduler-virtual';
import { checkStateFile, type TwinStateFile } from './twin/state-file';
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

function parts(board: SimBoardWithRuntime, what: string): { twin: BoardTwin; scheduler: VirtualScheduler } {
  const twin = board.twin;
  if (!(twin instanceof BoardTwin) || !(twin.scheduler instanceof VirtualScheduler)) {
    throw new TwinError('bad-state-file', `${what}: only a twin in this process on virtual time can be saved and restored`);
  }
  return { twin, scheduler: twin.scheduler };
}

/** The board's whole state; TwinError('bad-state-file') if the board is busy (mid-request). */
export function saveSimBoardState(board: SimBoardWithRuntime): SimBoardState {
  const { twin, scheduler } = parts(board, 'saving the board');
  const schedulerState = scheduler.saveState();
  return {
    format: SIM_BOARD_STATE_FORMAT,
    version: SIM_BOARD_STATE_VERSION,
    firmwareSha256: board.runtime.programSha256,
    twin: twin.snapshot(),
    scheduler: schedulerState,
    interpreter: twin.interpreter?.saveState() ?? null,
    program: board.runtime.saveProgramState(),
  };
}

function isRecord(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Shape checks of a parsed state; TwinError('bad-state-file') naming `where` and the first fault. */
export function checkSimBoardState(value: unknown, where: string): SimBoardState {
  const bad = (why: string): never => {
    throw new TwinError('bad-state-file', `${where}: ${why}`);
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

/**
 * Continues a saved board on `board`, freshly opened with the same spec and firmware and idle.
 * TwinError('bad-state-file') naming `where` when the state does not fit this board.
 */
export function restoreSimBoardState(board: SimBoardWithRuntime, value: unknown, where: string): void {
  const { twin, scheduler } = parts(board, where);
  const state = checkSimBoardState(value, where);
  if (state.firmwareSha256 !== board.runtime.programSha256) {
    throw new TwinError(
      'bad-state-file',
      `${where}: the board state was saved from firmware ${state.firmwareSha256.slice(0, 12)}…, this board runs ${board.runtime.programSha256.slice(0, 12)}… (rebuilt since?): its RAM cannot be restored into another build`,
    );
  }
  if ((state.interpreter === null) !== (twin.interpreter === undefined)) {
    throw new TwinError('bad-state-file', `${where}: the board state was saved with interp=${state.interpreter === null ? 'off' : 'on'}, this twin has the other`);
  }
  twin.restoreSnapshot(state.twin, where);
  const ids = scheduler.restoreState(state.scheduler);
  if (state.interpreter !== null) twin.interpreter?.loadState(state.interpreter);
  try {
    board.runtime.restoreProgramState(state.program, ids);
  } catch (error) {
    if (error instanceof TwinError) throw error;
    throw new TwinError('bad-state-file', `${where}: ${(error as Error).message}`);
  }
}
