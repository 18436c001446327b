/**
 * The board program: link bytes → frames → exactly-once cache → request queue → one op at a
 * time (waiting with timers, never busy loops) → response frames. Plus housekeeping: watchdog
 * kicks and the heartbeat timeout that makes the outputs safe when the host goes quiet.
 * Every buffer is allocated here, once.
 */
import { CborReaderCore } from '../../protocol/cbor/reader-core';
import { CborWriterCore } from '../../protocol/cbor/writer-core';
import { FrameDecoder, encodeFrameInto } from './wire';
import type { FrameHandler } from '../../protocol/frame-decoder';
import type { FirmwareTables } from './tables';
import { MAX_CHANNELS, MAX_FRAME_BYTES, MAX_MESSAGE_BYTES, SEQ_MAX } from '../../protocol/limits';
import { ErrorCode, Event, Op, Status, WarningCode } from '../../protocol/ops';
import type { FirmwareBoard } from '../board';
import type { OpContext } from './op-context';
import type { Hal } from '../hal';
import type { OpHandler } from '../ops/op';
import { PARSED } from '../ops/op';
import { CalStore } from './cal-store';
import { Config } from './config';
import { DONE, FAILED, Job, SCHEDULED, THREW } from './job';
import { Params } from './params';
import { PulseSeq } from './pulse-seq';
import { ReadSeq } from './read-seq';
import { ResponseCache, SLOT_DONE } from './response-cache';
import { RequestQueue } from './request-queue';
import { Source } from './source';
import { ThermalGuard } from './thermal-guard';

const HOUSEKEEPING_MS = 250;
/**
 * Shortest timer the executor sets: remaining waits computed by subtraction can come out as a
 * rounding residue (1e-14 ms) that a clock never gets past; 10 µs is always enough to.
 */
const MIN_WAIT_MS = 0.01;
/** lastSetUa value meaning "state unknown" (boot): the next setReset starts with RESET. */
export const UNKNOWN_UA = 0x7fffffff;

export class Firmware implements FrameHandler, OpContext {
  readonly hal: Hal;
  readonly params: Params;
  readonly config: Config;
  readonly guard: ThermalGuard;
  readonly sourceStage: Source;
  readonly cal: CalStore;
  readonly pulseSeq: PulseSeq;
  readonly readSeq: ReadSeq;
  readonly version: string;
  readonly schemaHash: number;
  readonly bootMs: number;
  /** Last current driven into each channel (setReset's SET-or-RESET+SET rule). */
  readonly lastSetUa = new Int32Array(MAX_CHANNELS);
  /** Ops by code. */
  private readonly handlers: (OpHandler | undefined)[];
  private readonly argCounts: number[];
  private readonly cache = new ResponseCache();
  readonly queue = new RequestQueue();
  private readonly job = new Job();
  /** heartbeat and status (answered at once, no per-channel arguments). */
  private readonly quickJob = new Job(0);
  private readonly reader = new CborReaderCore();
  /**
   * One CBOR buffer and writer for every outgoing message, answers and events alike: each is
   * encoded, framed and written before the next one starts (an event never falls inside an
   * answer's encoding), so a second 504-byte buffer (≈ 40 variables on a Pico) would sit idle.
   */
  private readonly txCbor = new Uint8Array(MAX_MESSAGE_BYTES);
  private readonly writer = new CborWriterCore(this.txCbor);
  /**
   * Every outgoing frame is encoded here and written at once (the link copies it; a cached
   * answer is copied to its slot first): encoding and writing never interleave.
   */
  private readonly evFrame = new Uint8Array(MAX_FRAME_BYTES);
  private readonly decoder: FrameDecoder;
  private readonly onTimerBound: () => void;
  /** True while an op (not heartbeat or status) is running: status reports it as busy. */
  running = false;
  private housekeepingId = -1;
  private lastLinkMs = 0;
  private linkLost = false;
  private released = false;
  /** Counters reported by status. */
  framesOk = 0;
  frameErrors = 0;
  busyRejects = 0;
  internalErrors = 0;
  /** Neuron evaluations completed (activate: 1, activateMany: one per x). */
  activations = 0;
  /** hello's result items, encoded once at boot (hello's prepare: all constants). */
  helloResult: Uint8Array = new Uint8Array(0);

  constructor(hal: Hal, board: FirmwareBoard, version: string, handlers: (OpHandler | undefined)[], tables: FirmwareTables) {
    this.hal = hal;
    this.params = new Params(board);
    this.config = new Config(this.params);
    this.guard = new ThermalGuard(this.params);
    this.sourceStage = new Source(hal);
    this.cal = new CalStore(hal, this.params, this.guard);
    this.pulseSeq = new PulseSeq(hal, this.params, this.config, this.guard, this.sourceStage);
    this.readSeq = new ReadSeq(hal, this.params, this.config, this.sourceStage);
    this.version = version;
    this.handlers = handlers;
    this.argCounts = tables.argCounts;
    this.schemaHash = tables.schemaHash;
    this.bootMs = hal.nowMs();
    this.lastSetUa.fill(UNKNOWN_UA);
    // a timer callback goes straight on with the job: `advance` itself, bound to this firmware,
    // the job and "from a timer" (Espruino calls a bound function natively, where a closure
    // around the call would be one interpreted call more per wait; each level also costs a Pico
    // ≈ 8 variables)
    this.onTimerBound = this.advance.bind(this, this.job, true);
    // the firmware is the decoder's handler itself: no closure per callback, no call level
    this.decoder = new FrameDecoder(this);
    for (let i = 0; i < handlers.length; i++) {
      const h = handlers[i];
      if (h !== undefined && h.prepare !== undefined) h.prepare(this);
    }
  }

  /**
   * Boot: outputs safe, calibration loaded, link claimed, watchdog and housekeeping started.
   * Idempotent (Espruino's 'init' after a power cycle calls it again on the restored program).
   */
  start(): void {
    const self = this;
    this.released = false;
    this.sourceStage.makeSafe();
    this.sourceStage.selected = -1;
    this.hal.selectWrite(0);
    this.cal.load();
    this.lastLinkMs = this.hal.nowMs();
    // the link's bytes straight to the frame decoder, bound natively (no interpreted call between:
    // each level costs a Pico ≈ 8 variables at the lowest point; after releaseLink the HAL
    // delivers nothing until claimLink)
    this.hal.onLinkData(this.decoder.pushBytes.bind(this.decoder));
    this.hal.claimLink();
    this.hal.watchdogStart(this.params.board.limits.watchdogS);
    if (this.housekeepingId >= 0) this.hal.clearInterval(this.housekeepingId);
    this.housekeepingId = this.hal.setInterval(function () {
      self.housekeeping();
    }, HOUSEKEEPING_MS);
  }

  uptimeMs(): number {
    return Math.round(this.hal.nowMs() - this.bootMs);
  }

  /** FrameHandler: a frame that failed COBS or CRC (and a decoded frame of the wrong shape). */
  onError(errorCode: number): void {
    this.frameErrors++;
    this.sendEvent2(Event.FRAME_ERROR, errorCode, errorCode === ErrorCode.BAD_CRC ? 'frame CRC-32 mismatch' : 'frame could not be decoded');
  }

  /**
   * A frame that passed COBS and CRC: [seq, op, args] in cbor[0, length), its CRC-32 in
   * cbor[length, length + 4) — the request's hash for the exactly-once cache.
   */
  onFrameData(cbor: Uint8Array, length: number): void {
    const r = this.reader;
    r.reset(cbor, 0, length);
    const n = r.readArrayHeader();
    const seq = r.readUint();
    if (r.error !== 0 || n !== 3 || seq < 1 || seq > SEQ_MAX) {
      this.onError(ErrorCode.BAD_FRAME);
      return;
    }
    this.framesOk++;
    this.lastLinkMs = this.hal.nowMs();
    this.linkLost = false;
    const op = r.readUint();
    const hash = (cbor[length] << 24) | (cbor[length + 1] << 16) | (cbor[length + 2] << 8) | cbor[length + 3];
    const found = this.cache.find(seq, hash);
    if (found >= 0) {
      // a retransmission: replay the stored answer, or ignore while it is still being worked on
      if (this.cache.states[found] === SLOT_DONE) this.hal.linkWrite(this.cache.frames[found], this.cache.lengths[found]);
      return;
    }
    const slot = this.cache.claim(seq, hash);
    if (slot < 0 || this.queue.full) {
      if (slot >= 0) this.cache.release(slot);
      this.busyRejects++;
      this.sendError(seq, -1, ErrorCode.BUSY, 'board busy: request queue full, retry later', '');
      return;
    }
    if (r.error === 0 && (op === Op.HEARTBEAT || op === Op.STATUS)) {
      // answered at once, even while an op waits: they touch no hardware
      this.execute(this.quickJob, seq, op, slot, cbor, length, this.lastLinkMs);
      return;
    }
    if (!this.running && this.queue.size === 0) {
      // nothing ahead of it: run it from the decoder's buffer (its arguments are parsed now,
      // before the buffer is reused) rather than copy it through the queue and parse its head again
      this.execute(this.job, seq, op, slot, cbor, length, this.lastLinkMs);
      return;
    }
    this.queue.push(cbor, 0, length, slot);
    if (!this.running) this.next();
  }

  /** Starts queued requests until one has to wait. */
  private next(): void {
    while (!this.running && this.queue.size > 0) {
      const i = this.queue.peek();
      const msg = this.queue.messages[i];
      const len = this.queue.lengths[i];
      const slot = this.queue.cacheSlots[i];
      const r = this.reader;
      r.reset(msg, 0, len);
      r.readArrayHeader();
      const seq = r.readUint();
      const op = r.readUint();
      this.execute(this.job, seq, op, slot, msg, len, this.hal.nowMs());
      this.queue.pop();
    }
  }

  /**
   * Parses and runs one request from the reader's position (after seq, op); `nowMs`: the time it
   * starts (the frame's arrival, read once, for one that runs at once).
   */
  private execute(job: Job, seq: number, op: number, slot: number, msg: Uint8Array, len: number, nowMs: number): void {
    const r = this.reader;
    job.begin(seq, op, slot, nowMs);
    if (r.error !== 0) {
      this.finish(job, job.fail(ErrorCode.BAD_FRAME, 'op must be an unsigned integer', 'op'));
      return;
    }
    const handler = op < this.handlers.length ? this.handlers[op] : undefined;
    if (handler === undefined) {
      this.finish(job, job.fail(ErrorCode.UNKNOWN_OP, 'unknown op ' + op, 'op'));
      return;
    }
    job.handler = handler;
    const argc = r.readArrayHeader();
    if (r.error !== 0 || argc !== this.argCounts[op]) {
      this.finish(job, job.fail(ErrorCode.BAD_ARGUMENT, 'op ' + op + ' takes ' + this.argCounts[op] + ' arguments in an array', 'args'));
      return;
    }
    try {
      if (handler.parse(this, job, r) !== PARSED || job.errorCode !== 0) {
        this.finish(job, FAILED);
        return;
      }
      if (r.offset !== len) {
        this.finish(job, job.fail(ErrorCode.BAD_FRAME, 'trailing bytes after the request', 'args'));
        return;
      }
    } catch (e) {
      this.internalError(job, e);
      return;
    }
    if (job === this.job) this.running = true;
    this.advance(job, false);
  }

  /**
   * Runs the job's steps until it waits or ends. From a timer (`timer`), a job that ended lets
   * the queued requests start; from `execute`, its caller does that.
   */
  private advance(job: Job, timer: boolean): void {
    let w = 0;
    try {
      const handler = job.handler as OpHandler;
      do {
        w = handler.step(this, job);
      } while (w === 0);
    } catch (e) {
      this.internalError(job, e);
      if (timer && !this.running) this.next();
      return;
    }
    if (w === DONE || w === FAILED) {
      this.finish(job, w);
      if (timer && !this.running) this.next();
      return;
    }
    if (w !== SCHEDULED) this.hal.setTimeout(this.onTimerBound, w < MIN_WAIT_MS ? MIN_WAIT_MS : w);
  }

  /**
   * OpContext: from an op's own timer callback, the job goes on (0), ends (DONE, FAILED) or
   * failed with an exception (THREW, the exception in `error`).
   */
  resume(job: Job, w: number, error?: unknown): void {
    if (w === THREW) this.internalError(job, error);
    else if (w === 0) {
      this.advance(job, true);
      return;
    } else this.finish(job, w);
    if (!this.running) this.next();
  }

  private internalError(job: Job, e: unknown): void {
    this.sourceStage.makeSafe();
    this.internalErrors++;
    const m = e !== null && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
    this.sendEvent2(Event.WARNING, WarningCode.INTERNAL_ERROR, 'internal error: ' + m);
    this.finish(job, job.fail(ErrorCode.INTERNAL, 'internal firmware error, outputs made safe: ' + m, ''));
  }

  /** Encodes the response into the job's cache slot and sends it. */
  private finish(job: Job, outcome: number): void {
    if (job === this.job) this.running = false;
    // an idle board's jobs hold no handler (the twin saves and restores an idle program's state)
    const handler = job.handler as OpHandler;
    job.handler = undefined;
    const w = this.writer;
    if (outcome === DONE) {
      w.begin3(job.seq, Status.OK);
      handler.result(this, job, w);
      if (w.error !== 0) job.fail(ErrorCode.INTERNAL, 'response does not fit a frame', '');
      else {
        this.sendCached(job.cacheSlot, w.length);
        if (job.op === Op.CONSOLE) this.releaseLink();
        return;
      }
    }
    this.sendError(job.seq, job.cacheSlot, job.errorCode, job.errorMessage, job.errorDetail);
  }

  private sendCached(slot: number, cborLength: number): void {
    const frame = this.evFrame;
    const n = encodeFrameInto(this.txCbor, cborLength, frame);
    this.cache.complete(slot, frame, n);
    this.hal.linkWrite(frame, n);
  }

  /** An error response; cached when slot ≥ 0 (BUSY is not: a retry must get a fresh chance). */
  private sendError(seq: number, slot: number, code: number, message: string, detail: string): void {
    const w = this.writer;
    w.begin3(seq, code);
    w.arrayHeader(2);
    w.text(message.length > 200 ? message.substring(0, 200) : message);
    if (detail === '') w.null();
    else w.text(detail);
    if (slot >= 0) {
      this.sendCached(slot, w.length);
      return;
    }
    const n = encodeFrameInto(this.txCbor, w.length, this.evFrame);
    this.hal.linkWrite(this.evFrame, n);
  }

  /** Event writer: header [0, event, data] then the caller writes data, then sendEvent(). */
  beginEvent(event: number, dataItems: number): CborWriterCore {
    const w = this.writer;
    w.begin3(0, event);
    w.arrayHeader(dataItems);
    return w;
  }

  sendEvent(): void {
    if (this.released || this.writer.error !== 0) return;
    const n = encodeFrameInto(this.txCbor, this.writer.length, this.evFrame);
    this.hal.linkWrite(this.evFrame, n);
  }

  private sendEvent2(event: number, code: number, message: string): void {
    const w = this.beginEvent(event, 2);
    w.uint(code);
    w.text(message);
    this.sendEvent();
  }

  /** Outputs safe now (safe op, link loss). */
  makeSafe(): void {
    this.sourceStage.makeSafe();
  }

  /** Hands the link back to the console (the console op, after its answer went out). */
  private releaseLink(): void {
    this.released = true;
    this.sourceStage.makeSafe();
    this.hal.releaseLink();
  }

  private housekeeping(): void {
    this.hal.watchdogKick();
    const timeout = this.config.heartbeatTimeoutMs;
    if (timeout > 0 && !this.linkLost && !this.running && this.queue.size === 0 && this.hal.nowMs() - this.lastLinkMs > timeout) {
      this.linkLost = true;
      this.sourceStage.makeSafe();
      this.sendEvent2(Event.WARNING, WarningCode.LINK_TIMEOUT, 'no frame for ' + timeout + ' ms: outputs made safe');
    }
  }
}
