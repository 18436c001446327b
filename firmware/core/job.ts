/**
 * The request being executed: its header, parsed arguments, progress and result, all in
 * preallocated fields (one Job is reused for every request; nothing is allocated per request).
 */
import { MAX_CHANNELS } from '../../protocol/limits';
import { ErrorCode } from '../../protocol/ops';
import type { OpHandler } from '../ops/op';

/** 0, 1, … MAX_CHANNELS − 1: an activateMany's channels when the request gives null (one native copy). */
export const CHANNEL_ORDER = new Int32Array(MAX_CHANNELS);
for (let i = 0; i < MAX_CHANNELS; i++) CHANNEL_ORDER[i] = i;

export const DONE = -1;
export const FAILED = -2;
/**
 * A step's answer when the op set its own timer: its callback goes on with the job and hands it
 * back to the executor (`OpContext.resume`) when it ends or needs the executor's steps.
 */
export const SCHEDULED = -3;
/** For OpContext.resume: the op's own timer callback caught an exception (passed beside it). */
export const THREW = -4;

export class Job {
  seq = 0;
  op = 0;
  /** The op's handler, found once when the request starts (the executor's steps and answer use it). */
  handler: OpHandler | undefined = undefined;
  /**
   * An op's own timer callback for this job (activateMany's settled reads), bound once to the
   * firmware and the job: made on first use and kept, as the job is.
   */
  timerCallback: (() => void) | undefined = undefined;
  /** Slot in the response cache holding this request's answer. */
  cacheSlot = 0;
  startMs = 0;
  phase = 0;
  /** The channel an op acts on (select, pulse, read, setReset, sweep, calPut, calGet, activate). */
  channel = 0;
  /** The current to pulse: pulse/setReset's argument, activate's and sweep's current of the moment. */
  currentUa = 0;
  /** Pulse width: pulse/setReset/sweep's argument. */
  widthUs = 0;
  /**
   * The op's other integer arguments, in spec order (protocol/ops.ts names them: each argument's
   * `read.into`): hello protocolVersion; heartbeat token; selftest test, param; sweep startUa,
   * peakUa. Shared by the ops, not one field per meaning: each field of a Job costs variables on
   * a Pico (two Jobs), and the free-variable margin there is a few dozen.
   */
  intArg1 = 0;
  intArg2 = 0;
  /** The op's float arguments: activate x; calPut xMin, xMax. */
  numArg1 = 0;
  numArg2 = 0;
  /** activateMany: the whole batch fits the thermal guard now, so its groups skip the guard step. */
  admitted = false;
  /** Progress through a batch or sweep: the evaluation or point being worked on. */
  index = 0;
  /** How many: activateMany's xs, sweep's steps, selftest's values. */
  count = 0;
  /** Per-channel arguments and scratch: `perChannel` entries each (see the constructor). */
  readonly channels: Int32Array;
  readonly xs: Float32Array;
  /** The xs' bytes (activateMany's request is read into them through this view, made once). */
  readonly xsBytes: Uint8Array;
  readonly ys: Float32Array;
  /** The ys' bytes (activateMany's answer copies them from this view, made once). */
  readonly ysBytes: Uint8Array;
  /** activateMany: each x's SET current; calPut: the cal fields at the cal store's indices. */
  readonly ints: Int32Array;
  /** Scratch per channel (activateMany's guard pre-check: energy and last current so far). */
  readonly energyMj: Float64Array;
  readonly lastUa: Int32Array;
  /** activateMany: evaluation i's RESET current, or NO_RESET when its SET alone fires (the plan's rule). */
  readonly resets: Int32Array;
  /** activateMany: the thermal guard's energy of evaluation i's group (RESET + SET), mJ. */
  readonly groupMj: Float64Array;
  /** activateMany: evaluation i's SET DAC code, signed by polarity (−code: negative current). */
  readonly setCodes: Int32Array;
  /** Results: selftest's integer values; activate's y. */
  intResult0 = 0;
  intResult1 = 0;
  intResult2 = 0;
  numResult = 0;
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
    this.xsBytes = new Uint8Array(this.xs.buffer);
    this.ys = new Float32Array(n);
    this.ysBytes = new Uint8Array(this.ys.buffer);
    this.ints = new Int32Array(n);
    this.energyMj = new Float64Array(n);
    this.lastUa = new Int32Array(n);
    this.resets = new Int32Array(n);
    this.groupMj = new Float64Array(n);
    this.setCodes = new Int32Array(n);
  }

  begin(seq: number, op: number, cacheSlot: number, nowMs: number): void {
    this.seq = seq;
    this.op = op;
    this.cacheSlot = cacheSlot;
    this.startMs = nowMs;
    this.phase = 0;
    this.index = 0;
    this.count = 0;
    this.errorCode = 0;
    this.errorMessage = '';
    this.errorDetail = '';
  }

  /** NOT_CALIBRATED for `channel` (the argument at fault: `detail`), as `fail`. One text for every op. */
  notCalibrated(channel: number, detail: string): number {
    return this.fail(ErrorCode.NOT_CALIBRATED, 'channel ' + channel + ' is not calibrated: run calibrate first', detail);
  }

  /** Records an error and returns FAILED, so ops can `return job.fail(...)`. */
  fail(code: number, message: string, detail: string): number {
    this.errorCode = code;
    this.errorMessage = message;
    this.errorDetail = detail;
    return FAILED;
  }
}
