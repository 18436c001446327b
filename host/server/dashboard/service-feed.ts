/**
 * `serve`'s dashboard source: the board slots and the neuron service, as events on the hub.
 * Link changes, every status read (pulses, stress, device time), activations and
 * calibrations made through the API are published as they happen.
 */
import type { Calibration } from '../../calibration/types';
import type { BoardSlot } from '../board-slot';
import type { NeuronService } from '../neuron-service';
import type { BoardPool } from '../pool';
import { DEFAULT_GUARD_PERMILLE } from '../thermal';
import type { LiveHub } from './live-hub';
import type { BoardLive, NeuronLive, SigmoidLive } from './live-state';
import { finiteOrNull, sigmoidOf } from './live-state';

interface Measured {
  sigmoid: SigmoidLive | null;
  switchingRatio: number | null;
  deltaI99Ua: number;
}

export class ServiceFeed {
  /** Calibrations made through this server: the loop's points are known only for these. */
  private readonly measured = new Map<string, Measured>();

  constructor(
    private readonly hub: LiveHub,
    private readonly pool: BoardPool,
  ) {}

  /** Publishes the current state of every board and neuron, then follows the service. */
  attach(service: NeuronService): void {
    for (const slot of this.pool.slots) this.publishSlot(slot);
    service.observe({
      activated: (id, x, y) => this.hub.publish({ type: 'activation', neuron: id, x, y, pulses: null }),
      calibrated: (id, cal) => this.calibrated(id, cal),
      statusRead: (slot) => this.publishSlot(slot),
    });
  }

  /** A link went up or down. */
  linkChanged(slot: BoardSlot): void {
    this.publishSlot(slot);
  }

  private calibrated(id: string, cal: Calibration): void {
    this.measured.set(id, { sigmoid: sigmoidOf(cal), switchingRatio: finiteOrNull(cal.switchingRatio), deltaI99Ua: cal.deltaI99Ua });
    const ref = this.pool.resolve(id);
    this.publishNeuron(ref.slot, ref.channel);
  }

  private publishSlot(slot: BoardSlot): void {
    this.hub.publish({ type: 'board', board: boardLive(slot) });
    for (const ch of slot.populated) this.publishNeuron(slot, ch);
  }

  /** Publishes a neuron when something shown changed (a status read after one request touches one channel). */
  private publishNeuron(slot: BoardSlot, channel: number): void {
    const id = `${slot.id}:${channel}`;
    const before = this.hub.neuron(id);
    const next = this.neuronLive(slot, channel, before?.recent ?? []);
    if (before && sameNeuron(before, next)) return;
    this.hub.publish({ type: 'neuron', neuron: next });
  }

  private neuronLive(slot: BoardSlot, channel: number, recent: NeuronLive['recent']): NeuronLive {
    const id = `${slot.id}:${channel}`;
    const cal = slot.cals.get(channel);
    const m = this.measured.get(id);
    // a measurement is shown only while the board still holds the calibration it made
    const current = cal && m ? m : undefined;
    const last = slot.ledger.last;
    const stress = last?.stressPermille[channel];
    return {
      id,
      board: slot.id,
      channel,
      calibrated: cal !== undefined,
      deltaI99Ua: current ? current.deltaI99Ua : cal ? cal.iHighUa - cal.iLowUa : null,
      switchingRatio: current?.switchingRatio ?? null,
      widthUs: cal?.widthUs ?? null,
      sigmoid: current?.sigmoid ?? null,
      recent,
      pulses: finiteOrNull(last?.pulsesPerChannel?.[channel]),
      stressRatio: stress === undefined ? null : finiteOrNull(stress / 1000),
      guardRatio: (slot.info?.limits.guardPermille ?? DEFAULT_GUARD_PERMILLE) / 1000,
    };
  }
}

/** Same figures (the sigmoid compared by identity: it is replaced, never changed in place). */
function sameNeuron(a: NeuronLive, b: NeuronLive): boolean {
  return (
    a.calibrated === b.calibrated &&
    a.deltaI99Ua === b.deltaI99Ua &&
    a.switchingRatio === b.switchingRatio &&
    a.widthUs === b.widthUs &&
    a.sigmoid === b.sigmoid &&
    a.pulses === b.pulses &&
    a.stressRatio === b.stressRatio &&
    a.guardRatio === b.guardRatio
  );
}

export function boardLive(slot: BoardSlot): BoardLive {
  const last = slot.ledger.last;
  return {
    id: slot.id,
    spec: slot.spec,
    link: slot.state,
    boardId: slot.info?.boardId ?? null,
    firmwareVersion: slot.info?.firmwareVersion ?? null,
    deviceTimeMs: last?.uptimeMs ?? null,
    pulses: last ? finiteOrNull(last.pulses) : null,
    frameErrors: last?.frameErrors ?? null,
    hostBadFrames: slot.board ? slot.board.counters.badFrames : null,
  };
}
