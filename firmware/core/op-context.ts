/**
 * What an op sees of the firmware: its parts, the counters it reports, and the few services it
 * calls. `Firmware` implements it; the ops import this, not the class, so the executor and its
 * ops do not import each other. Types only: nothing of it reaches the bundle.
 */
import type { Job } from './job';
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import type { Hal } from '../hal';
import type { CalStore } from './cal-store';
import type { Config } from './config';
import type { Params } from './params';
import type { PulseSeq } from './pulse-seq';
import type { ReadSeq } from './read-seq';
import type { RequestQueue } from './request-queue';
import type { Source } from './source';
import type { ThermalGuard } from './thermal-guard';

export interface OpContext {
  readonly hal: Hal;
  readonly params: Params;
  readonly config: Config;
  readonly guard: ThermalGuard;
  readonly sourceStage: Source;
  readonly cal: CalStore;
  readonly pulseSeq: PulseSeq;
  readonly readSeq: ReadSeq;
  readonly queue: RequestQueue;
  readonly version: string;
  readonly schemaHash: number;
  /** Last current driven into each channel (setReset's SET-or-RESET+SET rule). */
  readonly lastSetUa: Int32Array;
  /** True while an op (not heartbeat or status) is running. */
  readonly running: boolean;
  /** Neuron evaluations completed (the activation ops count them). */
  activations: number;
  readonly framesOk: number;
  readonly frameErrors: number;
  readonly internalErrors: number;
  /** hello's result items, encoded once at boot by hello's prepare. */
  helloResult: Uint8Array;
  uptimeMs(): number;
  /** When the firmware started (ms, the HAL's clock). */
  readonly bootMs: number;
  /**
   * Hands a job back to the executor from the op's own timer callback (its step returned
   * SCHEDULED): `w` as a step returns it, DONE or FAILED (the answer goes out and the queue
   * moves on) or 0 (the executor runs the op's steps); THREW with `error` (an exception the
   * callback caught in its own work), an internal error: outputs made safe, INTERNAL answered.
   * Call it outside the callback's `try`: what it runs (the answer, the queue's next request)
   * must not land in that `catch`.
   */
  resume(job: Job, w: number, error?: unknown): void;
  /** Outputs safe now. */
  makeSafe(): void;
  /** Starts an event [0, event, data of `dataItems` items]: write the data, then sendEvent(). */
  beginEvent(event: number, dataItems: number): CborWriterCore;
  sendEvent(): void;
}
