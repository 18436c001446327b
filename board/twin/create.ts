/**
 * createTwin(spec): builds the simulated board — ten Hall bars (board/twin/device/) on the
 * populated channels, the instrument chain wired by the board definition, a scheduler,
 * Storage, the link with its faults, counters — and loads a state file if the spec names one.
 */
import type { BoardDefinition } from '../definitions/definition';
import { boardDefinitionFile, loadBoardDefinition } from '../definitions';
import { loadInterpreterCosts } from '../definitions/costs';
import { InterpreterTime } from './interpreter-time';
import type { Twin } from './twin-api';
import { parseSimSpec, type ParsedSpec } from './spec';
import { BoardHardware } from './board-hardware';
import { BoardCounters } from './counters';
import { HallBar, deviceParams, type DeviceParams } from './device';
import { isTwinError, TwinError } from './errors';
import { BoardLink } from './link';
import { armDelayedFaults } from './delayed-faults';
import { WORN_DAMAGE } from './faults';
import type { ActivationCount } from './activation-count';
import { chainParamsFromBoard, type ChainParams } from './params';
import { RealTimeScheduler } from './scheduler-real';
import { VirtualScheduler } from './scheduler-virtual';
import { readStateFile, writeStateFile, TWIN_STATE_FORMAT, TWIN_STATE_VERSION, type TwinStateFile } from './state-file';
import { BoardStorage } from './storage';

export interface CreateTwinOptions {
  scheduler?: 'virtual' | 'real';
  /** Virtual scheduler only: idle time follows the wall clock (default) or stands still. */
  idle?: 'wall' | 'frozen';
}

export class BoardTwin implements Twin {
  readonly seed: number;
  readonly spec: Readonly<ParsedSpec>;
  readonly definition: BoardDefinition;
  readonly chainParams: Readonly<ChainParams>;
  readonly deviceParams: Readonly<DeviceParams>;
  readonly hardware: BoardHardware;
  readonly scheduler: VirtualScheduler | RealTimeScheduler;
  readonly storage: BoardStorage;
  readonly link: BoardLink;
  readonly counters: BoardCounters;
  readonly interpreter: InterpreterTime | undefined;
  /** activateMany requests received, counted only when the spec has a delayed fault (`@N`). */
  readonly activationCount: ActivationCount | undefined;
  private readonly populated: readonly boolean[];
  /** Devices built so far, by channel (built on first use: a HallBar costs ~0.1 s to draw). */
  private readonly built: (HallBar | undefined)[];
  private disposed = false;

  constructor(spec: ParsedSpec, options: CreateTwinOptions = {}) {
    this.spec = spec;
    this.definition = loadBoardDefinition(spec.board);
    const def = this.definition;
    const loaded = spec.statePath === undefined ? undefined : readStateFile(spec.statePath);
    if (loaded !== undefined) {
      if (loaded.board !== def.id) throw new TwinError('BAD_STATE_FILE', `state file ${spec.statePath} is for board ${loaded.board}, not ${def.id}`);
      if (spec.seedGiven && loaded.seed !== spec.seed) {
        throw new TwinError('BAD_STATE_FILE', `state file ${spec.statePath} holds a board made with seed ${loaded.seed}, but the spec asks for seed ${spec.seed}; drop seed= or use another state file`);
      }
    }
    this.seed = loaded?.seed ?? spec.seed;
    this.chainParams = { ...chainParamsFromBoard(def), ...spec.chain };
    this.deviceParams = deviceParams({ ...spec.device, model: spec.model });
    const startMs = loaded?.timeMs ?? 0;
    this.scheduler = options.scheduler === 'real' ? new RealTimeScheduler({ startMs }) : new VirtualScheduler({ startMs, idle: options.idle ?? 'wall' });
    this.built = new Array<HallBar | undefined>(def.channels).fill(undefined);
    this.populated = Array.from({ length: def.channels }, (_, ch) => def.populated.includes(ch));
    this.counters = new BoardCounters(def.channels);
    const costs = spec.interpreterTime ? loadInterpreterCosts(boardDefinitionFile(spec.board)) : undefined;
    this.interpreter = costs === undefined ? undefined : new InterpreterTime(costs);
    this.storage = new BoardStorage(def.storage.bytes);
    let lossProbability = 0;
    let corruptProbability = 0;
    for (const f of spec.faults) {
      if (f.kind === 'link-loss') lossProbability = f.probability;
      if (f.kind === 'link-corrupt') corruptProbability = f.probability;
    }
    this.link = new BoardLink(this.seed, { lossProbability, corruptProbability });
    // The pump yields to I/O as soon as bytes wait on the link (an answer the host may react to).
    const link = this.link;
    if (this.scheduler instanceof VirtualScheduler) this.scheduler.setYieldWhen(() => link.pendingDelivery);
    this.hardware = new BoardHardware({
      definition: def,
      params: this.chainParams,
      device: this.device,
      clock: this.scheduler,
      faults: spec.faults,
      seed: this.seed,
      counters: this.counters,
    });
    this.activationCount = armDelayedFaults(spec.faults, { link: this.link, selector: this.hardware.selector, wear: this.wear });
    if (loaded !== undefined) this.restore(loaded, `state file ${spec.statePath as string}`, '; delete it to start a fresh board');
    for (const f of spec.faults) if (f.kind === 'worn' && f.afterRequests === undefined) this.wear(f.channel);
  }

  /** `fault=worn:N`: the device on `channel` damaged to WORN_DAMAGE at once. */
  private readonly wear = (channel: number): void => {
    this.device(channel)?.damageTo(WORN_DAMAGE);
  };

  /** The Hall bar on a channel, undefined for a vacant one (built on first use, deterministic from seed and channel). */
  readonly device = (channel: number): HallBar | undefined => {
    if (!this.populated[channel]) return undefined;
    let d = this.built[channel];
    if (d === undefined) {
      d = new HallBar(this.deviceParams, this.seed, channel);
      this.built[channel] = d;
    }
    return d;
  };

  /**
   * The whole board state, as a state file holds it. `catchUp` first brings each device's clock
   * (heat, stress) up to now, as a board put away does; without it the devices are saved as they
   * stand, so saving leaves the running board exactly as it was (a checkpoint mid-run).
   */
  snapshot(catchUp = true): TwinStateFile {
    const nowS = this.scheduler.nowMs() / 1000;
    const devices: { channel: number; state: unknown }[] = [];
    this.built.forEach((d, channel) => {
      if (d !== undefined) {
        if (catchUp) d.rHallOhm(nowS);
        devices.push({ channel, state: d.saveState() });
      }
    });
    return {
      format: TWIN_STATE_FORMAT,
      version: TWIN_STATE_VERSION,
      board: this.definition.id,
      seed: this.seed,
      model: this.spec.model,
      timeMs: this.scheduler.nowMs(),
      devices,
      storage: this.storage.saveState(),
      counters: this.counters.saveState(),
      hardware: this.hardware.saveState(),
      link: this.link.saveState(),
    };
  }

  /** Writes the whole board state to `file` (JSON, atomic). */
  saveState(file: string): void {
    writeStateFile(file, this.snapshot());
  }

  /**
   * Puts a snapshot of this board (same definition and seed) into the running twin: devices
   * (one never touched in the snapshot is fresh again), Storage, counters, chain and link. Time
   * and timers are the scheduler's part (VirtualScheduler.restoreState), the firmware's RAM the
   * runtime's (board/twin/sim-state.ts puts them together). `where` names the source in errors.
   */
  restoreSnapshot(state: TwinStateFile, where: string): void {
    if (state.board !== this.definition.id) throw new TwinError('BAD_STATE_FILE', `${where} is for board ${state.board}, not ${this.definition.id}`);
    if (state.seed !== this.seed) throw new TwinError('BAD_STATE_FILE', `${where} holds a board made with seed ${state.seed}, this twin has seed ${this.seed}`);
    if (state.model !== this.spec.model) throw new TwinError('BAD_STATE_FILE', `${where} holds a board with the ${state.model} device model, this twin has ${this.spec.model}`);
    const saved = new Set(state.devices.map((d) => d.channel));
    this.built.forEach((_, ch) => {
      if (!saved.has(ch)) this.built[ch] = undefined;
    });
    this.restore(state, where);
  }

  /** Stops timers and the link; saves to the spec's state file if it named one. */
  dispose(): void {
    if (this.disposed) return;
    if (this.spec.statePath !== undefined) this.saveState(this.spec.statePath);
    this.disposed = true;
    this.scheduler.dispose();
    this.link.close();
  }

  private restore(state: TwinStateFile, where: string, advice = ''): void {
    // Each part is loaded on its own, so a damaged one is named: a JS TypeError from a value of
    // the wrong shape ("Cannot read properties of undefined") says nothing to a user.
    const part = (name: string, load: () => void): void => {
      try {
        load();
      } catch (error) {
        // One that already names the file stays; any other (a device model's state error, a bad
        // Storage name) is wrapped so the file and the part are named and the code says "state file".
        if (isTwinError(error, 'BAD_STATE_FILE')) throw error;
        const why = error instanceof TypeError || error instanceof RangeError ? `${name} does not have the shape this twin writes` : `${name}: ${(error as Error).message}`;
        throw new TwinError('BAD_STATE_FILE', `${where} is corrupt: ${why}${advice}`);
      }
    };
    // Devices never touched are not in the file: they are still fresh and get built on first use.
    state.devices.forEach((entry, i) =>
      part(`devices[${i}] (channel ${entry.channel})`, () => {
        const d = this.device(entry.channel);
        if (d === undefined) throw new Error(`device state for channel ${entry.channel}, which is not populated`);
        d.loadState(entry.state);
      }),
    );
    part('storage', () => this.storage.loadState(state.storage));
    part('counters', () => this.counters.loadState(state.counters));
    part('hardware', () => this.hardware.loadState(state.hardware));
    part('link', () => this.link.loadState(state.link));
  }
}

export function createTwin(spec: string | ParsedSpec, opts: CreateTwinOptions = {}): BoardTwin {
  return new BoardTwin(typeof spec === 'string' ? parseSimSpec(spec) : spec, opts);
}
