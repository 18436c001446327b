/**
 * The request being executed: its header, parsed arguments, progress and result, all in
 * preallocated fields (one Job is reused for every request; nothing is allocated per request).
 */
import { MAX_CHANNELS } from '../../protocol/limits';

export const DONE = -1;
export const FAILED = -2;

export class Job {
  seq = 0;
  op = 0;
  /** Slot in the response cache holding this request's answer. */
  cacheSlot = 0;
  startMs = 0;
  phase = 0;
  /** Generic integer and float arguments / scratch, named by each op. */
  channel = 0;
  currentUa = 0;
  widthUs = 0;
  a = 0;
  b = 0;
  x = 0;
  x2 = 0;
  index = 0;
  count = 0;
  waitedMs = 0;
  /** Per-channel arguments and scratch: `perChannel` entries each (see the constructor). */
  readonly channels: Int32Array;
  readonly xs: Float32Array;
  readonly ys: Float32Array;
  readonly ints: Int32Array;
  /** Scratch per channel (activateMany's guard pre-check: energy and last current so far). */
  readonly energyMj: Float64Array;
  readonly lastUa: Int32Array;
  /** Result fields. */
  r0 = 0;
  r1 = 0;
  r2 = 0;
  rf = 0;
  /** Error (status ≠ OK): code, message and the argument at fault (or ''). */
  errorCode = 0;
  errorMessage = '';
  errorDetail = '';

  /**
   * perChannel: entries of the per-channel arrays, MAX_CHANNELS by default; the job of the ops
   * answered at once (heartbeat, status), which use none of them, takes 0 (≈ 40 variables
   * fewer on a Pico).
   */
  constructor(perChannel?: number) {
    const n = perChannel === undefined ? MAX_CHANNELS : perChannel;
    this.channels = new Int32Array(n);
    this.xs = new Float32Array(n);
    this.ys = new Float32Array(n);
    this.ints = new Int32Array(n);
    this.energyMj = new Float64Array(n);
    this.lastUa = new Int32Array(n);
  }

  begin(seq: number, op: number, cacheSlot: number, nowMs: number): void {
    this.seq = seq;
    this.op = op;
    this.cacheSlot = cacheSlot;
    this.startMs = nowMs;
    this.phase = 0;
    this.index = 0;
    this.count = 0;
    this.waitedMs = 0;
    this.errorCode = 0;
    this.errorMessage = '';
    this.errorDetail = '';
  }

  /** Records an error and returns FAILED, so ops can `return job.fail(...)`. */
  fail(code: number, message: string, detail: string): number {
    this.errorCode = code;
    this.errorMessage = message;
    this.errorDetail = detail;
    return FAILED;
  }
}
