/**
 * What the HTTP routes and the WebSocket both do: list boards and neurons, activate one
 * neuron, activate a batch (one activateMany per board), calibrate. Bodies are validated
 * here, before any board sees them; results carry the firmware's own pulse count.
 */
import type { Board } from '../client/board';
import { calibrate } from '../calibration/calibrate';
import { sweepLoop } from '../calibration/loop-sweep';
import type { Calibration } from '../calibration/types';
import type { BoardSlot } from './board-slot';
import { isLinkLoss, ServerError, ServerErrorCode } from './errors';
import type { BoardPool, ResolvedNeuron } from './pool';
import type { ServerMetrics } from './server-metrics';
import type { ThermalView } from './thermal';
import { thermalView } from './thermal';
import type { XPolicy } from './validate';
import { PoolHealth, type HealthState } from './pool-health';
import type { HealthFailure } from '../calibration/neuron-health';
import type { ActivateResult } from '../client/types';
import { checkX, readCalibrateRequest, readFinite, readIdArray, readNumberArray, readObject, readSweepRequest, xRangeOf } from './validate';

/** Told what the service did, after it is done (the dashboard's feed). Never throws into the service. */
export interface ServiceObserver {
  activated?(neuronId: string, x: number, y: number): void;
  calibrated?(neuronId: string, cal: Calibration): void;
  /** A board's status (pulses, stress, device time) was read. */
  statusRead?(slot: BoardSlot): void;
}

export interface ServiceOptions {
  xPolicy: XPolicy;
  /** Told when a neuron fails its health check and leaves the pool (the server logs it). */
  onNeuronFailed?: (neuronId: string, failure: HealthFailure) => void;
}

export interface BoardView {
  id: string;
  spec: string;
  link: string;
  boardId: string | null;
  firmwareVersion: string | null;
  protocolVersion: number | null;
  channels: number | null;
  populated: number[];
  calibrated: number[];
  queueDepth: number;
  linkLosses: number;
  reconnects: number;
  lastError: string | null;
  /** As of the last status read (after every pulsing request and GET /v1/neurons). */
  deviceTimeMs: number | null;
  pulses: number | null;
  frameErrors: number | null;
}

export interface NeuronView {
  id: string;
  board: string;
  channel: number;
  link: string;
  calibrated: boolean;
  /** ΔI window the input range maps onto (null when not calibrated). */
  deltaIUa: number | null;
  iLowUa: number | null;
  iHighUa: number | null;
  widthUs: number | null;
  xMin: number | null;
  xMax: number | null;
  /** What x is accepted ([xMin, xMax] plus the clamp margin, or exactly it in strict mode). */
  xAccepted: { min: number; max: number } | null;
  xPolicy: XPolicy;
  thermal: ThermalView;
  /** The health check (pool-health.ts): 'failed' = out of the pool, with the reason. */
  health: HealthState;
  healthReason: string | null;
}

export interface ActivateView {
  neuron: string;
  x: number;
  y: number;
  currentUa: number;
  rHallOhm: number;
  deviceTimeMs: number;
  /** x lay outside [xMin, xMax] and the board clamped it to the nearer end. */
  clamped: boolean;
  /** SET/RESET pulses the firmware fired for this activation (1 or 2), null if unknown. */
  pulses: number | null;
}

export interface BatchView {
  neurons: string[];
  ys: number[];
  clamped: boolean[];
  /** Device time per board. */
  deviceTimeMs: { [board: string]: number };
  pulses: number | null;
}

export interface SweepView {
  neuron: string;
  widthUs: number;
  peakUa: number;
  steps: number;
  points: { currentUa: number; rHallOhm: number }[];
  deviceTimeMs: number;
  /** True when the host paced part of the loop for the thermal guard. */
  paced: boolean;
  pulses: number | null;
}

export interface CalibrationView {
  neuron: string;
  widthUs: number;
  iLowUa: number;
  iHighUa: number;
  deltaI99Ua: number;
  resetUa: number;
  rLowOhm: number;
  rHighOhm: number;
  xMin: number;
  xMax: number;
  residual: number;
  switchingRatio: number;
  hysteresisUa: number;
  stored: boolean;
  pulses: number | null;
}

export class NeuronService {
  private readonly observers: ServiceObserver[] = [];
  readonly health: PoolHealth;

  constructor(
    readonly pool: BoardPool,
    private readonly metrics: ServerMetrics,
    private readonly options: ServiceOptions,
  ) {
    this.health = new PoolHealth(options.onNeuronFailed);
  }

  /** Calibrated neurons still in the pool (what a request could use instead of a failed one). */
  private inPool(): string[] {
    return this.pool.neuronIds().filter((id) => {
      const r = this.pool.resolve(id);
      return r.slot.cals.has(r.channel) && !this.health.failed(id);
    });
  }

  observe(observer: ServiceObserver): void {
    this.observers.push(observer);
  }

  private tell(fn: (o: ServiceObserver) => void): void {
    for (const o of this.observers) {
      try {
        fn(o);
      } catch {
        // an observer's failure is its own; the request it watched has succeeded
      }
    }
  }

  boards(): BoardView[] {
    return this.pool.slots.map((s) => ({
      id: s.id,
      spec: s.spec,
      link: s.state,
      boardId: s.info?.boardId ?? null,
      firmwareVersion: s.info?.firmwareVersion ?? null,
      protocolVersion: s.info?.protocolVersion ?? null,
      channels: s.info?.channels ?? null,
      populated: s.populated,
      calibrated: [...s.cals.keys()].sort((a, b) => a - b),
      queueDepth: s.queue.depth,
      linkLosses: s.losses,
      reconnects: s.reconnects,
      lastError: s.lastError,
      deviceTimeMs: s.ledger.last?.uptimeMs ?? null,
      pulses: s.ledger.last && Number.isFinite(s.ledger.last.pulses) ? s.ledger.last.pulses : null,
      frameErrors: s.ledger.last?.frameErrors ?? null,
    }));
  }

  /** Every populated neuron; thermal state freshly read from boards that are up. */
  async neurons(client: string): Promise<NeuronView[]> {
    // A board whose status read fails still lists its neurons, with the last thermal figure
    // marked stale (thermal.fresh = false) rather than passed off as current.
    const stale = new Set<BoardSlot>();
    await Promise.all(
      this.pool.slots.map((s) =>
        s.state !== 'up'
          ? stale.add(s)
          : s.exec(client, (board) => this.ledger(s, board, null)).catch(() => stale.add(s)),
      ),
    );
    return this.pool.slots.flatMap((s) => s.populated.map((ch) => this.neuronView(s, ch, !stale.has(s))));
  }

  neuronView(slot: BoardSlot, channel: number, thermalFresh = true): NeuronView {
    const cal = slot.cals.get(channel);
    const guard = slot.info?.limits.guardPermille ?? 800;
    return {
      id: `${slot.id}:${channel}`,
      board: slot.id,
      channel,
      link: slot.state,
      calibrated: cal !== undefined,
      deltaIUa: cal ? cal.iHighUa - cal.iLowUa : null,
      iLowUa: cal?.iLowUa ?? null,
      iHighUa: cal?.iHighUa ?? null,
      widthUs: cal?.widthUs ?? null,
      xMin: cal?.xMin ?? null,
      xMax: cal?.xMax ?? null,
      xAccepted: cal ? xRangeOf(cal, this.options.xPolicy).accepted : null,
      xPolicy: this.options.xPolicy,
      thermal: thermalView(slot.ledger.last?.stressPermille[channel], guard, thermalFresh),
      ...this.health.view(`${slot.id}:${channel}`, cal !== undefined),
    };
  }

  async activate(client: string, neuronId: string, body: unknown): Promise<ActivateView> {
    const obj = readObject(body, ['x']);
    const x = readFinite(obj, 'x');
    const n = this.pool.resolve(neuronId);
    this.health.assertInPool(n.id, 'neuron', () => this.inPool());
    const clamped = this.checkInput(n, 'x', x);
    const cal = n.slot.cals.get(n.channel);
    let done: { r: ActivateResult; pulses: number | null };
    try {
      done = await this.pulsing(n.slot, client, [n.channel], 'x', (board) => board.activate(n.channel, x));
    } catch (err) {
      this.health.error(n.id, cal, err instanceof ServerError && err.cause !== undefined ? err.cause : err);
      throw err;
    }
    const { r, pulses } = done;
    if (cal !== undefined) this.health.reading(n.id, cal, x, r.y);
    this.metrics.activations.inc({ neuron: n.id });
    this.tell((o) => o.activated?.(n.id, x, r.y));
    return { neuron: n.id, x, y: r.y, currentUa: r.currentUa, rHallOhm: r.rHallOhm, deviceTimeMs: r.deviceTimeMs, clamped, pulses };
  }

  /** xs[i] goes to neurons[i] (default: every populated neuron, in GET /v1/neurons order). */
  async activateBatch(client: string, body: unknown): Promise<BatchView> {
    const obj = readObject(body, ['xs', 'channels']);
    const all = this.pool.neuronIds();
    const maxLength = Math.max(1, ...this.pool.slots.map((s) => s.info?.channels ?? 16)) * this.pool.slots.length;
    const xs = readNumberArray(obj, 'xs', maxLength);
    let ids: string[];
    if (obj.channels === undefined || obj.channels === null) {
      if (xs.length !== all.length) {
        throw new ServerError(ServerErrorCode.BAD_FIELD, 400, `without channels, xs must hold one x per neuron (${all.length}: ${all.join(', ')}), got ${xs.length}`, {
          field: 'xs',
          allowed: { length: all.length, neurons: all },
        });
      }
      ids = all;
    } else {
      ids = readIdArray(obj, 'channels', xs.length);
    }
    const resolved = ids.map((id, i) => this.pool.resolve(id, `channels[${i}]`));
    resolved.forEach((n, i) => this.health.assertInPool(n.id, `channels[${i}]`, () => this.inPool()));
    const clamped = resolved.map((n, i) => this.checkInput(n, `xs[${i}]`, xs[i]));
    // One activateMany per board, in request order within each board.
    const groups = new Map<BoardSlot, number[]>();
    resolved.forEach((n, i) => {
      const g = groups.get(n.slot);
      if (g) g.push(i);
      else groups.set(n.slot, [i]);
    });
    for (const [slot, idx] of groups) {
      const max = slot.info?.channels ?? 16;
      if (idx.length > max) {
        throw new ServerError(ServerErrorCode.OUT_OF_RANGE, 422, `board ${slot.id} takes at most ${max} inputs per batch, got ${idx.length}`, {
          field: 'xs',
          allowed: { maxPerBoard: max },
        });
      }
    }
    // Admit on every board first, so a full queue refuses the batch before anything pulses.
    for (const slot of groups.keys()) {
      slot.assertUp();
      slot.queue.admit(client);
    }
    const ys = new Array<number>(xs.length).fill(NaN);
    const deviceTimeMs: { [board: string]: number } = {};
    let pulses: number | null = 0;
    await Promise.all(
      [...groups].map(async ([slot, idx]) => {
        const channels = idx.map((i) => resolved[i].channel);
        const out = await this.pulsing(slot, client, channels, 'xs', (board) =>
          board.activateMany(
            idx.map((i) => xs[i]),
            channels,
          ),
        );
        if (out.r.ys.length !== idx.length) {
          throw new ServerError(ServerErrorCode.BOARD_ERROR, 502, `board ${slot.id} returned ${out.r.ys.length} values for ${idx.length} inputs`);
        }
        idx.forEach((i, k) => {
          ys[i] = out.r.ys[k];
          const cal = slot.cals.get(resolved[i].channel);
          if (cal !== undefined) this.health.reading(resolved[i].id, cal, xs[i], ys[i]);
          this.metrics.activations.inc({ neuron: resolved[i].id });
          this.tell((o) => o.activated?.(resolved[i].id, xs[i], ys[i]));
        });
        deviceTimeMs[slot.id] = out.r.deviceTimeMs;
        pulses = pulses === null || out.pulses === null ? null : pulses + out.pulses;
      }),
    );
    return { neurons: resolved.map((n) => n.id), ys, clamped, deviceTimeMs, pulses };
  }

  async calibrate(client: string, neuronId: string, body: unknown): Promise<CalibrationView> {
    const n = this.pool.resolve(neuronId);
    const req = readCalibrateRequest(body, n.slot.info?.limits.maxCurrentUa);
    const { r: cal, pulses } = await this.pulsing(n.slot, client, [n.channel], undefined, async (board) => {
      const cal = await calibrate(board, n.channel, req);
      await n.slot.refreshCalibration(board, n.channel);
      return cal;
    });
    this.health.reset(n.id);
    this.tell((o) => o.calibrated?.(n.id, cal));
    return {
      neuron: n.id,
      widthUs: cal.widthUs,
      iLowUa: cal.iLowUa,
      iHighUa: cal.iHighUa,
      deltaI99Ua: cal.deltaI99Ua,
      resetUa: cal.resetUa,
      rLowOhm: cal.rLowOhm,
      rHighOhm: cal.rHighOhm,
      xMin: cal.xMin,
      xMax: cal.xMax,
      residual: cal.residual,
      switchingRatio: cal.switchingRatio,
      hysteresisUa: cal.hysteresisUa,
      stored: cal.stored,
      pulses,
    };
  }

  /** One R_H–I loop of a neuron's channel (paced for the guard where needed), nothing stored. */
  async sweep(client: string, neuronId: string, body: unknown): Promise<SweepView> {
    const n = this.pool.resolve(neuronId);
    const maxUa = n.slot.info?.limits.maxCurrentUa;
    const req = readSweepRequest(body, maxUa);
    const widthUs = req.widthUs ?? 5;
    const peakUa = req.peakUa ?? maxUa ?? 30000;
    const steps = req.steps ?? 200;
    const { r, pulses } = await this.pulsing(n.slot, client, [n.channel], undefined, (board) =>
      sweepLoop(board, { channel: n.channel, widthUs, startUa: -peakUa, peakUa, steps }),
    );
    return {
      neuron: n.id,
      widthUs,
      peakUa,
      steps,
      points: r.points.map((p) => ({ currentUa: p.currentUa, rHallOhm: p.rHallOhm })),
      deviceTimeMs: r.deviceTimeMs,
      paced: r.paced,
      pulses,
    };
  }

  /** NOT_CALIBRATED (409) or OUT_OF_RANGE (422) before queuing; true when x will be clamped. */
  private checkInput(n: ResolvedNeuron, field: string, x: number): boolean {
    const cal = n.slot.cals.get(n.channel);
    if (!cal) {
      const ready = this.pool.neuronIds().filter((id) => {
        const r = this.pool.resolve(id);
        return r.slot.cals.has(r.channel);
      });
      throw new ServerError(ServerErrorCode.NOT_CALIBRATED, 409, `neuron ${n.id} is not calibrated: POST /v1/neurons/${n.id}/calibrate first`, {
        field: field.startsWith('xs[') ? field.replace('xs', 'channels') : 'neuron',
        allowed: ready,
      });
    }
    return checkX(field, x, xRangeOf(cal, this.options.xPolicy), n.id);
  }

  /**
   * Runs a job that pulses, alone on its board, then books its pulses from the firmware
   * counter — also when it failed part-way (a batch the guard stopped after some pulses), so
   * those pulses are never booked to the next job.
   */
  private pulsing<T>(
    slot: BoardSlot,
    client: string,
    channels: number[],
    field: string | undefined,
    fn: (board: Board) => Promise<T>,
  ): Promise<{ r: T; pulses: number | null }> {
    return slot.exec(
      client,
      async (board) => {
        let r: T;
        try {
          r = await fn(board);
        } catch (err) {
          if (!isLinkLoss(err)) await this.ledger(slot, board, channels);
          throw err;
        }
        return { r, pulses: await this.ledger(slot, board, channels) };
      },
      field,
    );
  }

  /**
   * Reads the firmware's pulse counter after a job on `channels` and books the delta. With a
   * single channel the delta is exactly that channel's; a multi-channel batch books one SET
   * per input to its channel and the rest (RESETs) as unattributed, unless the firmware
   * reports per-channel counters. Never fails the job: a failed read returns null.
   */
  private async ledger(slot: BoardSlot, board: Board, channels: number[] | null): Promise<number | null> {
    const before = slot.ledger.last;
    let delta: number | null;
    try {
      delta = await slot.ledger.read(board);
    } catch {
      return null;
    }
    this.tell((o) => o.statusRead?.(slot));
    if (delta === null || delta === 0) return delta;
    const after = slot.ledger.last;
    const perBefore = before?.pulsesPerChannel;
    const perAfter = after?.pulsesPerChannel;
    if (perBefore && perAfter && perBefore.length === perAfter.length) {
      perAfter.forEach((v, ch) => {
        const d = v - perBefore[ch];
        if (d > 0) this.metrics.neuronPulses.inc({ neuron: `${slot.id}:${ch}` }, d);
      });
      return delta;
    }
    const distinct = channels ? [...new Set(channels)] : [];
    if (distinct.length === 1) {
      this.metrics.neuronPulses.inc({ neuron: `${slot.id}:${distinct[0]}` }, delta);
    } else {
      let rest = delta;
      for (const ch of channels ?? []) {
        if (rest <= 0) break;
        this.metrics.neuronPulses.inc({ neuron: `${slot.id}:${ch}` }, 1);
        rest--;
      }
      if (rest > 0) this.metrics.unattributedPulses.inc({ board: slot.id }, rest);
    }
    return delta;
  }
}
