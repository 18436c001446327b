/**
 * The serve side of the neuron health check (host/calibration/neuron-health.ts, the rules the
 * trainer's spares use): every activation's reading and every device error of a neuron feed its
 * check; a neuron that fails it is out of the pool — `/v1/neurons` shows `health: 'failed'` with
 * the reason, requests to it get NEURON_FAILED (503), the others keep working. Calibrating it
 * again (POST /v1/neurons/:id/calibrate) puts it back with a fresh check. A board whose link is
 * down is the slot's matter (BOARD_DOWN, reconnects), not a neuron failure here.
 */
import type { StoredCalibration } from '../client/types';
import { NeuronHealth, type HealthFailure } from '../calibration/neuron-health';
import { ServerError, ServerErrorCode } from './errors';

export type HealthState = 'ok' | 'failed' | 'unknown';

export interface HealthView {
  /** ok: calibrated and passing; failed: out of the pool; unknown: not calibrated (nothing to judge). */
  health: HealthState;
  healthReason: string | null;
}

export class PoolHealth {
  private readonly checks = new Map<string, NeuronHealth>();
  /** Checks whose failure has been told (onFailed is called once per failure). */
  private readonly told = new WeakSet<NeuronHealth>();

  constructor(private readonly onFailed: (neuronId: string, failure: HealthFailure) => void = () => undefined) {}

  /** NEURON_FAILED (503) when the neuron is out of the pool. `field` names it in a batch. */
  assertInPool(neuronId: string, field: string, inPool: () => string[]): void {
    const f = this.checks.get(neuronId)?.failed ?? null;
    if (f === null) return;
    throw new ServerError(
      ServerErrorCode.NEURON_FAILED,
      503,
      `neuron ${neuronId} is out of the pool: its health check failed (${f.rule}: ${f.reason}); calibrate it again (POST /v1/neurons/${neuronId}/calibrate) to put it back, or use another neuron`,
      { field, allowed: inPool() },
    );
  }

  /** One reading of a calibrated neuron: x as the board used it (clamped into the range), y read. */
  reading(neuronId: string, cal: StoredCalibration, x: number, y: number): void {
    const xUsed = x < cal.xMin ? cal.xMin : x > cal.xMax ? cal.xMax : x;
    this.report(neuronId, this.checkOf(neuronId, cal).reading(xUsed, y));
  }

  /** A request for the neuron failed on the board. */
  error(neuronId: string, cal: StoredCalibration | undefined, err: unknown): void {
    if (cal === undefined) return;
    this.report(neuronId, this.checkOf(neuronId, cal).error(err));
  }

  /** The neuron was calibrated again: a fresh check. */
  reset(neuronId: string): void {
    this.checks.delete(neuronId);
  }

  view(neuronId: string, calibrated: boolean): HealthView {
    const f = this.checks.get(neuronId)?.failed ?? null;
    if (f !== null) return { health: 'failed', healthReason: `${f.rule}: ${f.reason}` };
    return { health: calibrated ? 'ok' : 'unknown', healthReason: null };
  }

  failed(neuronId: string): boolean {
    return (this.checks.get(neuronId)?.failed ?? null) !== null;
  }

  private checkOf(neuronId: string, cal: StoredCalibration): NeuronHealth {
    let h = this.checks.get(neuronId);
    if (h === undefined || h.xMin !== cal.xMin || h.xMax !== cal.xMax) {
      h = new NeuronHealth(cal.xMin, cal.xMax);
      this.checks.set(neuronId, h);
    }
    return h;
  }

  private report(neuronId: string, failure: HealthFailure | null): void {
    if (failure === null) return;
    // told once: later readings return the same failure object
    const h = this.checks.get(neuronId);
    if (h !== undefined && !this.told.has(h)) {
      this.told.add(h);
      this.onFailed(neuronId, failure);
    }
  }
}
