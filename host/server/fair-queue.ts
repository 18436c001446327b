/**
 * One board, one queue: requests from every client run one at a time, in arrival order (FIFO
 * across clients). The queue is bounded in total and per client, so one greedy client cannot
 * fill it and starve the others; a full queue rejects at once with QUEUE_FULL (503) and a
 * Retry-After estimated from the recent service time.
 */
import type { Clock } from '../clock';
import { realClock } from '../clock';
import { ServerError, ServerErrorCode } from './errors';

export interface FairQueueOptions {
  /** Requests waiting or running, all clients together. */
  capacity: number;
  /** Requests waiting or running for one client key. */
  perClientLimit: number;
  clock?: Clock;
}

interface Entry {
  clientKey: string;
  /** Runs the task; `settle` books it as finished before the caller hears the outcome. */
  run(settle: () => void): Promise<void>;
  cancel(err: ServerError): void;
}

const EWMA_WEIGHT = 0.1;

export class FairQueue {
  private readonly capacity: number;
  private readonly perClientLimit: number;
  private readonly clock: Clock;
  private readonly waitingEntries: Entry[] = [];
  private head = 0;
  private readonly perClient = new Map<string, number>();
  private running = false;
  private avgServiceMs = 0;
  /** Requests turned away because the queue (or the client's share) was full. */
  rejected = 0;
  /** Requests that ran to completion (successfully or not). */
  served = 0;

  constructor(options: FairQueueOptions) {
    if (!(options.capacity >= 1) || !(options.perClientLimit >= 1)) throw new TypeError('FairQueue: capacity and perClientLimit must be ≥ 1');
    this.capacity = options.capacity;
    this.perClientLimit = options.perClientLimit;
    this.clock = options.clock ?? realClock;
  }

  /** Requests waiting plus the one running. */
  get depth(): number {
    return this.waitingEntries.length - this.head + (this.running ? 1 : 0);
  }

  /** Seconds until the queue has probably drained (at least 1). */
  retryAfterS(): number {
    return Math.max(1, Math.ceil(((this.depth + 1) * this.avgServiceMs) / 1000));
  }

  /** Throws QUEUE_FULL when `clientKey` may not queue another request now. */
  admit(clientKey: string): void {
    if (this.depth >= this.capacity) {
      this.rejected++;
      throw new ServerError(ServerErrorCode.QUEUE_FULL, 503, `board queue full (${this.capacity} requests waiting or running); retry later`, {
        retryAfterS: this.retryAfterS(),
        allowed: { maxQueued: this.capacity },
      });
    }
    if ((this.perClient.get(clientKey) ?? 0) >= this.perClientLimit) {
      this.rejected++;
      throw new ServerError(
        ServerErrorCode.QUEUE_FULL,
        503,
        `this client already has ${this.perClientLimit} requests queued on the board; wait for answers before sending more`,
        { retryAfterS: this.retryAfterS(), allowed: { maxQueuedPerClient: this.perClientLimit } },
      );
    }
  }

  /** Queues `task` (after `admit`), resolves with its result once it has run. */
  run<T>(clientKey: string, task: () => Promise<T>): Promise<T> {
    try {
      this.admit(clientKey);
    } catch (err) {
      return Promise.reject(err);
    }
    this.perClient.set(clientKey, (this.perClient.get(clientKey) ?? 0) + 1);
    return new Promise<T>((resolve, reject) => {
      this.waitingEntries.push({
        clientKey,
        run: (settle) =>
          Promise.resolve()
            .then(task)
            .then(
              (v) => {
                settle();
                resolve(v);
              },
              (e: unknown) => {
                settle();
                reject(e);
              },
            ),
        cancel: reject,
      });
      this.pump();
    });
  }

  /** Rejects everything still waiting (the running task finishes on its own). */
  clear(err: ServerError): void {
    const dropped = this.waitingEntries.splice(this.head);
    this.waitingEntries.length = 0;
    this.head = 0;
    for (const e of dropped) {
      this.release(e.clientKey);
      e.cancel(err);
    }
  }

  private pump(): void {
    if (this.running || this.head >= this.waitingEntries.length) return;
    const entry = this.waitingEntries[this.head++];
    if (this.head > 1024 && this.head * 2 > this.waitingEntries.length) {
      this.waitingEntries.splice(0, this.head);
      this.head = 0;
    }
    this.running = true;
    const startMs = this.clock.nowMs();
    const settle = (): void => {
      const ms = this.clock.nowMs() - startMs;
      this.avgServiceMs = this.served === 0 ? ms : this.avgServiceMs + EWMA_WEIGHT * (ms - this.avgServiceMs);
      this.served++;
      this.release(entry.clientKey);
      this.running = false;
      queueMicrotask(() => this.pump());
    };
    void entry.run(settle);
  }

  private release(clientKey: string): void {
    const n = (this.perClient.get(clientKey) ?? 1) - 1;
    if (n <= 0) this.perClient.delete(clientKey);
    else this.perClient.set(clientKey, n);
  }
}
