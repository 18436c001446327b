/**
 * Keeps the board's link watchdog fed. The firmware makes its outputs safe when no valid frame
 * arrives for `heartbeatTimeoutMs` while idle (config key; 0 = off, the reference board's
 * default). The Board follows that value wherever it sees the config (at connect, and in every
 * configGet / configSet answer) and sends a heartbeat every third of it, so a board set to
 * time out is never timed out by its own host; a fixed `heartbeatMs` option overrides it.
 */
import type { Clock } from '../clock';

export class Heartbeat {
  private timer: unknown = null;
  private periodMs = 0;
  private stopped = false;

  /**
   * send: one heartbeat request (its failure is the requester's business: a dead link closes
   * the Board, which stops this). fixedPeriodMs: the Board's `heartbeatMs` option, or undefined
   * to follow the board's config.
   */
  constructor(
    private readonly clock: Clock,
    private readonly send: () => Promise<unknown>,
    private readonly fixedPeriodMs: number | undefined,
  ) {}

  /** After hello: a fixed period starts now; otherwise nothing happens until `follow`. */
  begin(): void {
    if (this.fixedPeriodMs !== undefined) this.plan(this.fixedPeriodMs);
  }

  /** True when the period comes from the board's config (no fixed `heartbeatMs`). */
  get followsBoard(): boolean {
    return this.fixedPeriodMs === undefined;
  }

  /** The period now in force, ms (0 = no heartbeats). */
  get currentPeriodMs(): number {
    return this.periodMs;
  }

  /** The board's heartbeatTimeoutMs as just seen in its config. */
  follow(timeoutMs: number): void {
    if (this.fixedPeriodMs !== undefined) return;
    this.plan(timeoutMs > 0 ? timeoutMs / 3 : 0);
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  private plan(periodMs: number): void {
    if (this.stopped || periodMs === this.periodMs) return;
    this.clock.clearTimer(this.timer);
    this.timer = null;
    this.periodMs = periodMs > 0 ? periodMs : 0;
    if (this.periodMs > 0) this.schedule();
  }

  private schedule(): void {
    this.timer = this.clock.setTimer(() => {
      if (this.stopped) return;
      this.send().catch(() => undefined);
      this.schedule();
    }, this.periodMs);
  }
}
