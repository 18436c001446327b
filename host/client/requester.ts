/**
 * Request/response machinery over one transport: seq numbers, a window of requests in flight
 * (pipelining), per-request timeouts, retransmission with the SAME seq (the firmware answers a
 * repeated seq from its response cache, so a pulse is never applied twice), events, counters.
 */
import { ERROR_NAMES, Event } from '../../protocol/ops';
import { RESPONSE_CACHE_SIZE, SEQ_MAX } from '../../protocol/limits';
import type { Clock } from '../clock';
import { HostErrorCode, NucleonError } from '../errors';
import type { Transport } from '../transport/transport';
import type { FrameSink, Wire } from './wire';

export interface RequestOptions {
  /** Time without an answer before a retransmission (or TIMEOUT after the last one). */
  timeoutMs: number;
  /** Retransmissions (same seq) after a timeout. */
  retries: number;
  /** Called for each event that belongs to this request (sweep points); each one restarts the timeout. */
  onEvent?: (event: number, data: unknown) => void;
  /** Events of these codes are routed to onEvent while this request is pending. */
  eventCodes?: readonly number[];
}

export interface LinkCounters {
  requests: number;
  responses: number;
  retransmits: number;
  timeouts: number;
  /** Frames from the board the host could not decode (CRC, COBS, CBOR, shape). */
  badFrames: number;
  /** FRAME_ERROR events: frames the board could not decode. */
  boardFrameErrors: number;
  warnings: number;
  /** Responses whose seq matched nothing pending (late answers to timed-out requests). */
  unmatched: number;
}

interface Pending {
  seq: number;
  op: string;
  frame: Uint8Array;
  options: RequestOptions;
  attempts: number;
  timer: unknown;
  resolve(result: unknown[]): void;
  reject(err: NucleonError): void;
}

interface Queued {
  op: string;
  code: number;
  args: readonly unknown[];
  options: RequestOptions;
  resolve(result: unknown[]): void;
  reject(err: NucleonError): void;
}

export type EventListener = (event: number, data: unknown) => void;

export class Requester {
  readonly counters: LinkCounters = {
    requests: 0,
    responses: 0,
    retransmits: 0,
    timeouts: 0,
    badFrames: 0,
    boardFrameErrors: 0,
    warnings: 0,
    unmatched: 0,
  };
  private nextSeq = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Queued[] = [];
  private readonly sink: FrameSink;
  private readonly eventListeners: EventListener[] = [];
  private failure: NucleonError | null = null;

  constructor(
    private readonly transport: Transport,
    private readonly wire: Wire,
    private readonly clock: Clock,
    /** Requests in flight at once; more wait in a queue. Kept below the firmware's response cache. */
    private readonly maxInFlight = Math.max(1, RESPONSE_CACHE_SIZE - 2),
  ) {
    this.sink = wire.decoder(
      (msg) => this.onMessage(msg),
      () => {
        this.counters.badFrames++;
      },
    );
    transport.onData((bytes) => this.sink.push(bytes));
  }

  get inFlight(): number {
    return this.pending.size;
  }

  onEvent(listener: EventListener): void {
    this.eventListeners.push(listener);
  }

  /** Sends a request; resolves with the result array or rejects with a NucleonError. */
  request(op: string, code: number, args: readonly unknown[], options: RequestOptions): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ op, code, args, options, resolve, reject });
      this.pump();
    });
  }

  /** Rejects everything pending and queued; later requests reject with the same error. */
  fail(err: NucleonError): void {
    if (!this.failure) this.failure = err;
    for (const p of this.pending.values()) {
      this.clock.clearTimer(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    for (const q of this.queue.splice(0)) q.reject(err);
  }

  private allocSeq(): number {
    for (let i = 0; i < SEQ_MAX; i++) {
      const seq = this.nextSeq;
      this.nextSeq = seq >= SEQ_MAX ? 1 : seq + 1;
      if (!this.pending.has(seq)) return seq;
    }
    throw new Error('no free seq');
  }

  private pump(): void {
    while (this.queue.length > 0 && this.pending.size < this.maxInFlight && !this.failure) {
      const q = this.queue.shift() as Queued;
      const seq = this.allocSeq();
      let frame: Uint8Array;
      try {
        frame = this.wire.encode([seq, q.code, q.args]);
      } catch (err) {
        q.reject(new NucleonError(HostErrorCode.PROTOCOL, `${q.op}: cannot encode request: ${String(err)}`, { op: q.op }));
        continue;
      }
      const p: Pending = { seq, op: q.op, frame, options: q.options, attempts: 0, timer: null, resolve: q.resolve, reject: q.reject };
      this.pending.set(seq, p);
      this.counters.requests++;
      this.send(p);
    }
  }

  private send(p: Pending): void {
    p.attempts++;
    this.arm(p);
    this.transport.write(p.frame).catch((err: unknown) => {
      const e = err instanceof NucleonError ? err : new NucleonError(HostErrorCode.IO, String(err));
      this.finish(p, null, e);
    });
  }

  private arm(p: Pending): void {
    this.clock.clearTimer(p.timer);
    p.timer = this.clock.setTimer(() => this.onTimeout(p), p.options.timeoutMs);
  }

  private onTimeout(p: Pending): void {
    if (this.pending.get(p.seq) !== p) return;
    if (p.attempts <= p.options.retries) {
      this.counters.retransmits++;
      this.send(p);
      return;
    }
    this.counters.timeouts++;
    this.finish(
      p,
      null,
      new NucleonError(
        HostErrorCode.TIMEOUT,
        `${p.op}: no answer from ${this.transport.description} within ${p.options.timeoutMs} ms ` +
          `(${p.attempts} attempt${p.attempts > 1 ? 's' : ''}, seq ${p.seq}). ` +
          'Check the cable/port and that the board runs Nucleon firmware (`nucleon info`).',
        { op: p.op },
      ),
    );
  }

  private finish(p: Pending, result: unknown[] | null, err: NucleonError | null): void {
    if (this.pending.get(p.seq) !== p) return;
    this.pending.delete(p.seq);
    this.clock.clearTimer(p.timer);
    if (err) p.reject(err);
    else p.resolve(result ?? []);
    this.pump();
  }

  private onMessage(msg: unknown): void {
    if (!Array.isArray(msg) || msg.length < 2 || typeof msg[0] !== 'number' || typeof msg[1] !== 'number') {
      this.counters.badFrames++;
      return;
    }
    const [seq, status, body] = msg as [number, number, unknown];
    if (seq === 0) return this.onBoardEvent(status, body);
    const p = this.pending.get(seq);
    if (!p) {
      this.counters.unmatched++;
      return;
    }
    this.counters.responses++;
    if (status === 0) {
      this.finish(p, Array.isArray(body) ? body : [body], null);
      return;
    }
    const name = ERROR_NAMES[status] ?? `ERROR_${status}`;
    const arr = Array.isArray(body) ? body : [];
    const message = typeof arr[0] === 'string' ? arr[0] : name;
    const detail = typeof arr[1] === 'string' ? arr[1] : null;
    this.finish(p, null, new NucleonError(name, `${p.op}: ${message}${detail ? ` (${detail})` : ''}`, { op: p.op, detail }));
  }

  private onBoardEvent(event: number, data: unknown): void {
    if (event === Event.FRAME_ERROR) this.counters.boardFrameErrors++;
    if (event === Event.WARNING) this.counters.warnings++;
    for (const p of this.pending.values()) {
      if (p.options.onEvent && p.options.eventCodes?.includes(event)) {
        this.arm(p);
        p.options.onEvent(event, data);
        break;
      }
    }
    for (const l of this.eventListeners) l(event, data);
  }
}
