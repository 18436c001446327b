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
import { BoardTwin } from './create';
import { TwinError } from './errors';
import { VirtualScheduler } from './scheduler-virtual';
import { SIM_BOARD_STATE_FORMAT, SIM_BOARD_STATE_VERSION, checkSimBoardState, type SimBoardState } from './sim-state-check';

export { SIM_BOARD_STATE_FORMAT, SIM_BOARD_STATE_VERSION, checkSimBoardState, type SimBoardState } from './sim-state-check';

function parts(board: SimBoardWithRuntime, what: string): { twin: BoardTwin; scheduler: VirtualScheduler } {
  const twin = board.twin;
  if (!(twin instanceof BoardTwin) || !(twin.scheduler instanceof VirtualScheduler)) {
    throw new TwinError('BAD_STATE_FILE', `${what}: only a twin in this process on virtual time can be saved and restored`);
  }
  return { twin, scheduler: twin.scheduler };
}

/** The board's whole state; TwinError('BAD_STATE_FILE') if the board is busy (mid-request). */
export function saveSimBoardState(board: SimBoardWithRuntime): SimBoardState {
  const { twin, scheduler } = parts(board, 'saving the board');
  const schedulerState = scheduler.saveState();
  return {
    format: SIM_BOARD_STATE_FORMAT,
    version: SIM_BOARD_STATE_VERSION,
    firmwareSha256: board.runtime.programSha256,
    twin: twin.snapshot(false),
    scheduler: schedulerState,
    interpreter: twin.interpreter?.saveState() ?? null,
    program: board.runtime.saveProgramState(),
  };
}

/**
 * Continues a saved board on `board`, freshly opened with the same spec and firmware and idle.
 * TwinError('BAD_STATE_FILE') naming `where` when the state does not fit this board.
 */
export function restoreSimBoardState(board: SimBoardWithRuntime, value: unknown, where: string): void {
  const { twin, scheduler } = parts(board, where);
  const state = checkSimBoardState(value, where);
  if (state.firmwareSha256 !== board.runtime.programSha256) {
    throw new TwinError(
      'BAD_STATE_FILE',
      `${where}: the board state was saved from firmware ${state.firmwareSha256.slice(0, 12)}…, this board runs ${board.runtime.programSha256.slice(0, 12)}… (rebuilt since?): its RAM cannot be restored into another build`,
    );
  }
  if ((state.interpreter === null) !== (twin.interpreter === undefined)) {
    throw new TwinError('BAD_STATE_FILE', `${where}: the board state was saved with interp=${state.interpreter === null ? 'off' : 'on'}, this twin has the other`);
  }
  twin.restoreSnapshot(state.twin, where);
  const ids = scheduler.restoreState(state.scheduler);
  if (state.interpreter !== null) twin.interpreter?.loadState(state.interpreter);
  try {
    board.runtime.restoreProgramState(state.program, ids);
  } catch (error) {
    if (error instanceof TwinError) throw error;
    throw new TwinError('BAD_STATE_FILE', `${where}: ${(error as Error).message}`);
  }
}
