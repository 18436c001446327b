/**
 * The Board client: one typed async method per protocol op, over any Transport.
 * Requests are pipelined, time out per op, and are retransmitted with the same seq (the
 * firmware answers a repeat from its cache, so nothing pulses twice). `close()` sends `safe`.
 */
import { Event, Op, OP_TABLE } from '../../protocol/ops';
import { PROTOCOL_VERSION } from '../../protocol/limits';
import { SCHEMA_HASH } from '../../protocol/schema-hash';
import type { Clock } from '../clock';
import { realClock } from '../clock';
import { HostErrorCode, NucleonError } from '../errors';
import type { Transport } from '../transport/transport';
import { checkChannel, checkFinite, checkInt, checkObject } from './args';
import { BoardEventHub, parseSweepPoint, type BoardEvents } from './board-events';
import type { HelloInfo } from './hello';
import { checkCompatible, helloVersions, parseHello } from './hello';
import { Heartbeat } from './heartbeat';
import { calibrationFromWire, calPutArgs, checkActivateMany, milliOhmToOhm, pulseArgs, sweepArgs, timeoutOption } from './op-args';
import { OpsClient } from './ops';
import { decodeReply } from './reply';
import type { ConfigSetArgs } from './ops';
import type { LinkCounters, RequestOptions } from './requester';
import { Requester } from './requester';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './timeouts';
import type {
  ActivateManyResult,
  ActivateResult,
  ConfigMap,
  HeartbeatResult,
  PulseOptions,
  PulseResult,
  ReadResult,
  SetResetResult,
  StoredCalibration,
  SweepOptions,
  SweepPoint,
  SweepResult,
} from './types';
import type { Wire } from './wire';
import type { XPolicy } from './x-range';
import { XWindows } from './x-windows';

export interface BoardOptions {
  wire: Wire;
  clock?: Clock;
  /** Override per-op timeouts (ms per attempt). */
  timeoutsMs?: { [op: string]: number };
  retries?: number;
  maxInFlight?: number;
  /**
   * Heartbeat period, ms (0 = none). Default: follow the board's `heartbeatTimeoutMs` config key
   * (read at connect, and from every configGet/configSet answer) and beat every third of it.
   */
  heartbeatMs?: number;
  /** What this host expects in hello (tests of the mismatch path set these). */
  expect?: { protocolVersion: number; schemaHash: string };
  /** x outside a channel's calibrated range: 'clamp' (default) or 'strict', as the server's --x-policy. */
  xPolicy?: XPolicy;
}

export type { BoardEvents } from './board-events';

const OPS = new Map(OP_TABLE.map((s) => [s.name, s]));

export class Board {
  readonly transport: Transport;
  readonly counters: LinkCounters;
  /** The typed op client generated from the spec (wire units); the methods below wrap it. */
  readonly ops: OpsClient;
  private readonly requester: Requester;
  private readonly options: BoardOptions;
  private readonly events = new BoardEventHub();
  private readonly heartbeats: Heartbeat;
  private readonly xWindows: XWindows;
  private helloInfo: HelloInfo | null = null;
  private heartbeatToken = 0;
  private sweepChain: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;
  private closed = false;

  private constructor(transport: Transport, options: BoardOptions) {
    this.transport = transport;
    this.options = options;
    const clock = options.clock ?? realClock;
    this.requester = new Requester(transport, options.wire, clock, options.maxInFlight);
    this.counters = this.requester.counters;
    this.ops = new OpsClient((op, args, extra) => this.call(op, args, extra));
    this.heartbeats = new Heartbeat(clock, () => this.heartbeat(), options.heartbeatMs);
    this.xWindows = new XWindows(options.xPolicy ?? 'clamp');
    this.requester.onEvent((event, data) => this.events.dispatch(event, data));
    transport.onClose((err) => this.onTransportClose(err));
  }

  // ---- lifecycle -----------------------------------------------------------------------

  /**
   * Opens the transport (if needed), says hello and checks the versions; then, unless a fixed
   * `heartbeatMs` was given, reads the board's config to learn its link watchdog
   * (`heartbeatTimeoutMs`) and starts heartbeats when it is on.
   */
  static async connect(transport: Transport, options: BoardOptions): Promise<Board> {
    if (!transport.isOpen) await transport.open();
    const board = new Board(transport, options);
    try {
      await board.hello();
      if (board.heartbeats.followsBoard) await board.configGet();
      else board.heartbeats.begin();
    } catch (err) {
      await board.shutdown(false);
      throw err;
    }
    return board;
  }

  /** The board's hello answer (after connect). */
  get info(): HelloInfo {
    if (!this.helloInfo) throw new NucleonError(HostErrorCode.NOT_OPEN, 'board: hello() has not completed');
    return this.helloInfo;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** The heartbeat period now in force, ms (0 = none): see BoardOptions.heartbeatMs. */
  get heartbeatPeriodMs(): number {
    return this.heartbeats.currentPeriodMs;
  }

  on<K extends keyof BoardEvents>(event: K, listener: BoardEvents[K]): this {
    this.events.on(event, listener);
    return this;
  }

  off<K extends keyof BoardEvents>(event: K, listener: BoardEvents[K]): this {
    this.events.off(event, listener);
    return this;
  }

  /** Leaves the board safe (sends `safe`), stops the heartbeat and closes the transport. */
  close(): Promise<void> {
    if (!this.closing) this.closing = this.shutdown(true);
    return this.closing;
  }

  // ---- ops: identity, state and configuration ---------------------------------------------

  async hello(): Promise<HelloInfo> {
    // The versions first, read leniently: a board speaking another schema is refused with advice
    // (VERSION_MISMATCH) before its info map is held against this host's spec.
    const r = await this.call('hello', [PROTOCOL_VERSION]);
    const expect = this.options.expect ?? { protocolVersion: PROTOCOL_VERSION, schemaHash: hostSchemaHash() };
    checkCompatible(helloVersions(r[0]), expect);
    const info = parseHello(this.ops.decode('hello', r).info);
    this.helloInfo = info;
    return info;
  }

  async status(): Promise<ConfigMap> {
    return { ...(await this.ops.status()).status };
  }

  async configGet(): Promise<ConfigMap> {
    const config = (await this.ops.configGet()).config;
    this.heartbeats.follow(config.heartbeatTimeoutMs);
    return { ...config };
  }

  /** All or nothing (the board checks every key first); answers the whole new config. */
  async configSet(config: ConfigMap): Promise<ConfigMap> {
    checkObject('configSet', config);
    const next = (await this.ops.configSet({ config: config as ConfigSetArgs['config'] })).config;
    this.heartbeats.follow(next.heartbeatTimeoutMs);
    return { ...next };
  }

  async heartbeat(token?: number): Promise<HeartbeatResult> {
    const t = token === undefined ? (this.heartbeatToken = (this.heartbeatToken + 1) & 0xffff) : checkInt('heartbeat', 'token', token, 0, 0xffffffff);
    return { ...(await this.ops.heartbeat({ token: t })) };
  }

  /** All outputs off (source gated, EN low). */
  async safe(): Promise<boolean> {
    return (await this.ops.safe()).safe;
  }

  /** Bring-up primitives (protocol SelfTest codes). */
  async selftest(test: number, param: number): Promise<number[]> {
    const r = await this.ops.selftest({ test: checkInt('selftest', 'test', test, 0, 255), param: checkInt('selftest', 'param', param, -(2 ** 31), 2 ** 31 - 1) });
    return r.values;
  }

  // ---- ops: one device --------------------------------------------------------------------

  async select(channel: number): Promise<number> {
    return (await this.ops.select({ channel: this.ch('select', channel) })).channel;
  }

  async pulse(options: PulseOptions): Promise<PulseResult> {
    const args = pulseArgs('pulse', options, this.ch);
    return { ...(await this.ops.pulse(args, timeoutOption('pulse', options.timeoutMs))) };
  }

  async read(channel: number): Promise<ReadResult> {
    const r = await this.ops.read({ channel: this.ch('read', channel) });
    return { adcCounts: r.adcCounts, rHallOhm: milliOhmToOhm(r.rHallMilliOhm), settleMs: r.settleMs };
  }

  /** The paper's scheme: SET if the current rises, else RESET then SET (Fig. 3c). */
  async setReset(options: PulseOptions): Promise<SetResetResult> {
    return { ...(await this.ops.setReset(pulseArgs('setReset', options, this.ch))) };
  }

  /**
   * Sweeps an R_H–I loop; points stream in as events (to `onPoint` and the `sweepPoint`
   * listeners) and the promise resolves with all of them. One sweep runs at a time.
   */
  sweep(options: SweepOptions, onPoint?: (point: SweepPoint) => void): Promise<SweepResult> {
    const run = async (): Promise<SweepResult> => {
      const args = sweepArgs(options, this.ch);
      const points: SweepPoint[] = [];
      const r = await this.ops.sweep(args, {
        ...timeoutOption('sweep', options.timeoutMs),
        eventCodes: [Event.SWEEP_POINT],
        onEvent: (_event, data) => {
          const p = parseSweepPoint(data);
          if (!p) return;
          points.push(p);
          onPoint?.(p);
        },
      });
      points.sort((a, b) => a.index - b.index);
      return { points, deviceTimeMs: r.deviceTimeMs };
    };
    const next = this.sweepChain.then(run, run);
    this.sweepChain = next.catch(() => undefined);
    return next;
  }

  // ---- ops: calibration and activation ----------------------------------------------------

  async calPut(cal: StoredCalibration): Promise<boolean> {
    const args = calPutArgs(cal, this.ch);
    this.xWindows.forget(args.channel);
    const r = await this.ops.calPut(args);
    if (r.stored) this.xWindows.set(args.channel, args);
    return r.stored;
  }

  /** The calibration stored on the board; rejects with NOT_CALIBRATED when there is none. */
  async calGet(channel: number): Promise<StoredCalibration> {
    const c = this.ch('calGet', channel);
    const r = await this.ops.calGet({ channel: c });
    this.xWindows.set(c, r);
    return calibrationFromWire(c, r);
  }

  /** Standalone neuron: the board maps x to a current, pulses, reads, returns y. */
  async activate(channel: number, x: number): Promise<ActivateResult> {
    const c = this.ch('activate', channel);
    checkFinite('activate', 'x', x);
    await this.xWindows.check('activate', [c], [x], (i) => (i === 0 ? 'x' : `x[${i}]`), (ch) => this.calGet(ch));
    const r = await this.ops.activate({ channel: c, x });
    return { y: r.y, currentUa: r.currentUa, rHallOhm: milliOhmToOhm(r.rHallMilliOhm), deviceTimeMs: r.deviceTimeMs };
  }

  /** One frame in, one out: xs[i] goes to channels[i] (default: channel i, the firmware's rule). */
  async activateMany(xs: readonly number[], channels: readonly number[] | null = null): Promise<ActivateManyResult> {
    checkActivateMany(xs, channels, this.info.channels, this.ch);
    await this.xWindows.check('activateMany', channels ?? xs.map((_, i) => i), xs, (i) => `xs[${i}]`, (ch) => this.calGet(ch));
    const r = await this.ops.activateMany({ channels: channels === null ? null : [...channels], xs: [...xs] });
    return { ys: r.ys, deviceTimeMs: r.deviceTimeMs };
  }

  /** Any op by name, for tools that walk the op table. Arguments are positional wire values. */
  async request(op: string, args: readonly unknown[]): Promise<unknown[]> {
    const spec = OPS.get(op);
    if (!spec) throw new TypeError(`request: unknown op "${op}"; ops: ${[...OPS.keys()].join(', ')}`);
    const r = await this.call(op, args);
    decodeReply(spec, r); // a reply the spec does not describe is a PROTOCOL error here too
    return r;
  }

  // ---- internals -----------------------------------------------------------------------

  /** Checks a channel number against this board's channel count (before hello: the protocol's). */
  private readonly ch = (op: string, channel: unknown): number => checkChannel(op, channel, this.helloInfo?.channels);

  private call(op: string, args: readonly unknown[], extra: Partial<RequestOptions> = {}): Promise<unknown[]> {
    if (this.closed) {
      return Promise.reject(new NucleonError(HostErrorCode.CLOSED, `${op}: the board is closed`, { op }));
    }
    const spec = OPS.get(op);
    if (!spec) return Promise.reject(new TypeError(`unknown op ${op}`));
    const timeoutMs = this.options.timeoutsMs?.[op] ?? DEFAULT_TIMEOUT_MS[op] ?? 5000;
    return this.requester.request(op, spec.code, args, { timeoutMs, retries: this.options.retries ?? DEFAULT_RETRIES, ...extra });
  }

  private onTransportClose(err: NucleonError | null): void {
    const wasClosed = this.closed;
    this.closed = true;
    this.heartbeats.stop();
    this.requester.fail(err ?? new NucleonError(HostErrorCode.CLOSED, `${this.transport.description}: closed`));
    if (!wasClosed || err) this.events.closed(err);
  }

  private async shutdown(sendSafe: boolean): Promise<void> {
    this.heartbeats.stop();
    if (sendSafe && !this.closed && this.transport.isOpen) {
      await this.call('safe', [], { retries: 1 }).catch(() => undefined);
    }
    this.closed = true;
    this.requester.fail(new NucleonError(HostErrorCode.CLOSED, `${this.transport.description}: the board was closed`));
    await this.transport.close();
  }
}

/** The op-table schema hash this host was built with, as hello reports it (hex). */
export function hostSchemaHash(): string {
  return (SCHEMA_HASH >>> 0).toString(16);
}

export { Op };
