/**
 * One board behind the server: its link (opened with `open(spec)`, reopened in the background
 * after a loss), its fair queue, the calibrations it holds (read with calGet at connect) and
 * its status ledger. Every request to the board goes through `exec`, one at a time.
 */
import type { Board } from '../client/board';
import type { HelloInfo } from '../client/hello';
import type { StoredCalibration } from '../client/types';
import type { Clock } from '../clock';
import { realClock } from '../clock';
import { HostErrorCode, isNucleonError } from '../errors';
import { BoardLedger } from './board-ledger';
import { BOARD_DOWN_RETRY_S, fromBoardError, isLinkLoss, ServerError, ServerErrorCode } from './errors';
import { FairQueue } from './fair-queue';
import type { FairQueueOptions } from './fair-queue';

/** Requests that timed out one after another (after the client's own retries) before the link is reopened. */
export const TIMEOUTS_BEFORE_RECONNECT = 2;

export type SlotState = 'connecting' | 'up' | 'down' | 'closed';

export type BoardOpener = (spec: string) => Promise<Board>;

export interface BoardSlotOptions {
  index: number;
  id: string;
  spec: string;
  open: BoardOpener;
  queue: FairQueueOptions;
  clock?: Clock;
  /** Backoff between reconnect attempts (doubling from min to max). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Told when the link goes down or comes back (logging). */
  onStateChange?: (slot: BoardSlot, state: SlotState, detail: string) => void;
}

export class BoardSlot {
  readonly index: number;
  readonly id: string;
  readonly spec: string;
  readonly queue: FairQueue;
  readonly ledger = new BoardLedger();
  /** Calibrations stored on the board, by channel (absent: NOT_CALIBRATED). */
  readonly cals = new Map<number, StoredCalibration>();
  state: SlotState = 'connecting';
  info: HelloInfo | null = null;
  board: Board | null = null;
  lastError: string | null = null;
  /** Successful reconnects after a loss. */
  reconnects = 0;
  /** Links lost. */
  losses = 0;
  private readonly options: BoardSlotOptions;
  private readonly clock: Clock;
  private retryMs: number;
  private retryTimer: unknown = null;
  private connecting: Promise<void> | null = null;
  private timeoutsInARow = 0;

  constructor(options: BoardSlotOptions) {
    this.options = options;
    this.index = options.index;
    this.id = options.id;
    this.spec = options.spec;
    this.clock = options.clock ?? realClock;
    this.queue = new FairQueue({ ...options.queue, clock: this.clock });
    this.retryMs = options.reconnectMinMs ?? 200;
  }

  /** First connection; rejects (with the board's own error) when the board cannot be opened. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Populated channels (from hello; empty before the first connection). */
  get populated(): number[] {
    return this.info?.populated ?? [];
  }

  /** Runs `fn` on the board, after everything queued before it; maps failures for clients. */
  exec<T>(clientKey: string, fn: (board: Board) => Promise<T>, field?: string): Promise<T> {
    if (this.state !== 'up') return Promise.reject(this.downError());
    return this.queue.run(clientKey, async () => {
      const board = this.board;
      if (this.state !== 'up' || !board) throw this.downError();
      try {
        const result = await fn(board);
        this.timeoutsInARow = 0;
        return result;
      } catch (err) {
        if (board === this.board) {
          if (isNucleonError(err, HostErrorCode.TIMEOUT)) this.timeoutsInARow++;
          else this.timeoutsInARow = 0;
          // A link that says nothing (a serial adapter that hangs without closing) is lost too.
          if (isLinkLoss(err) || this.timeoutsInARow >= TIMEOUTS_BEFORE_RECONNECT) this.lost(err);
        }
        throw fromBoardError(err, { boardId: this.id, field });
      }
    });
  }

  async close(): Promise<void> {
    this.state = 'closed';
    this.clock.clearTimer(this.retryTimer);
    this.queue.clear(new ServerError(ServerErrorCode.BOARD_DOWN, 503, `board ${this.id}: the server is shutting down`, { retryAfterS: BOARD_DOWN_RETRY_S }));
    const board = this.board;
    this.board = null;
    if (board) await board.close().catch(() => undefined);
  }

  /** Re-reads one channel's stored calibration (after calibrate). */
  async refreshCalibration(board: Board, channel: number): Promise<void> {
    try {
      this.cals.set(channel, await board.calGet(channel));
    } catch (err) {
      if (isNucleonError(err, 'NOT_CALIBRATED')) this.cals.delete(channel);
      else throw err;
    }
  }

  /** Throws BOARD_DOWN (503) unless the link is up. */
  assertUp(): void {
    if (this.state !== 'up') throw this.downError();
  }

  private downError(): ServerError {
    const why = this.state === 'closed' ? 'the server is shutting down' : `link ${this.state}${this.lastError ? ` (${this.lastError})` : ''}; reconnecting in the background`;
    return new ServerError(ServerErrorCode.BOARD_DOWN, 503, `board ${this.id} (${this.spec}) is unavailable: ${why}`, {
      retryAfterS: BOARD_DOWN_RETRY_S,
    });
  }

  private connect(): Promise<void> {
    if (!this.connecting) {
      this.connecting = this.doConnect().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async doConnect(): Promise<void> {
    this.state = this.state === 'closed' ? 'closed' : 'connecting';
    const board = await this.options.open(this.spec);
    if (this.state === 'closed') {
      await board.close().catch(() => undefined);
      return;
    }
    try {
      this.info = board.info;
      this.ledger.reset();
      this.cals.clear();
      for (const ch of board.info.populated) await this.refreshCalibration(board, ch);
      await this.ledger.read(board);
    } catch (err) {
      await board.close().catch(() => undefined);
      throw err;
    }
    board.on('close', (err) => {
      if (this.board === board && this.state !== 'closed') this.lost(err);
    });
    this.board = board;
    this.state = 'up';
    this.timeoutsInARow = 0;
    this.lastError = null;
    this.retryMs = this.options.reconnectMinMs ?? 200;
    this.options.onStateChange?.(this, 'up', `${board.info.boardId} firmware ${board.info.firmwareVersion}`);
  }

  /** The link is gone: answer 503 from now on and reconnect in the background. */
  private lost(err: unknown): void {
    if (this.state === 'closed' || this.state === 'down') return;
    const board = this.board;
    this.board = null;
    this.state = 'down';
    this.losses++;
    this.lastError = err instanceof Error ? err.message : err === null ? 'closed' : String(err);
    this.queue.clear(this.downError());
    if (board) board.close().catch(() => undefined);
    this.options.onStateChange?.(this, 'down', this.lastError);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.state === 'closed') return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.reconnectMaxMs ?? 5000);
    this.retryTimer = this.clock.setTimer(() => {
      if (this.state === 'closed') return;
      this.connect().then(
        () => {
          if (this.state === 'up') this.reconnects++;
        },
        (e: unknown) => {
          if (this.state === 'closed') return;
          this.state = 'down';
          this.lastError = e instanceof Error ? e.message : String(e);
          this.scheduleReconnect();
        },
      );
    }, delay);
  }
}
