/**
 * The Board client: one typed async method per protocol op, over any Transport.
 * Requests are pipelined, time out per op, and are retransmitted with the same seq (the
 * firmware answers a repeat from its cache, so nothing pulses twice). `close()` sends `safe`.
 */
import { Event, Op, OP_TABLE } from '../../protocol/ops';
import { PROTOCOL_VERSION } from '../../protocol/limits';
import { SCHEMA_HASH } from '../../protocol/schema-hash';
import { validateEvent } from '../../protocol/validate';
import type { Clock } from '../clock';
import { realClock } from '../clock';
import { HostErrorCode, NucleonError } from '../errors';
import type { Transport } from '../transport/transport';
import { checkChannel, checkCurrent, checkFinite, checkInt, checkObject, checkSteps, checkWidth } from './args';
import type { HelloInfo } from './hello';
import { checkCompatible, helloVersions, parseHello } from './hello';
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
import { xRangeOf, xRefusal, type XPolicy } from './x-range';

export interface BoardOptions {
  wire: Wire;
  clock?: Clock;
  /** Override per-op timeouts (ms per attempt). */
  timeoutsMs?: { [op: string]: number };
  retries?: number;
  maxInFlight?: number;
  /** Heartbeat period; default: a third of the board's heartbeatTimeoutMs (none when 0). */
  heartbeatMs?: number;
  /** What this host expects in hello (tests of the mismatch path set these). */
  expect?: { protocolVersion: number; schemaHash: string };
  /** x outside a channel's calibrated range: 'clamp' (default) or 'strict', as the server's --x-policy. */
  xPolicy?: XPolicy;
}

export interface BoardEvents {
  sweepPoint: (point: SweepPoint) => void;
  warning: (code: number, message: string) => void;
  frameError: (code: number, message: string) => void;
  close: (err: NucleonError | null) => void;
}

type Listeners = { [K in keyof BoardEvents]: BoardEvents[K][] };

const OPS = new Map(OP_TABLE.map((s) => [s.name, s]));

const mOhm = (v: number): number => v / 1000;
const toMilliOhm = (ohm: number): number => Math.round(ohm * 1000);

export class Board {
  readonly transport: Transport;
  readonly counters: LinkCounters;
  /** The typed op client generated from the spec (wire units); the methods below wrap it. */
  readonly ops: OpsClient;
  private readonly requester: Requester;
  private readonly clock: Clock;
  private readonly options: BoardOptions;
  private readonly listeners: Listeners = { sweepPoint: [], warning: [], frameError: [], close: [] };
  private helloInfo: HelloInfo | null = null;
  private heartbeatTimer: unknown = null;
  private heartbeatToken = 0;
  private sweepChain: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;
  private closed = false;
  /** Each channel's calibrated x range, from calPut/calGet: what activate checks x against. */
  private readonly xWindows = new Map<number, { xMin: number; xMax: number }>();

  private constructor(transport: Transport, options: BoardOptions) {
    this.transport = transport;
    this.options = options;
    this.clock = options.clock ?? realClock;
    this.requester = new Requester(transport, options.wire, this.clock, options.maxInFlight);
    this.counters = this.requester.counters;
    this.ops = new OpsClient((op, args, extra) => this.call(op, args, extra));
    this.requester.onEvent((event, data) => this.onEvent(event, data));
    transport.onClose((err) => this.onTransportClose(err));
  }

  /** Opens the transport (if needed), says hello and checks the versions. */
  static async connect(transport: Transport, options: BoardOptions): Promise<Board> {
    if (!transport.isOpen) await transport.open();
    const board = new Board(transport, options);
    try {
      await board.hello();
    } catch (err) {
      await board.shutdown(false);
      throw err;
    }
    board.startHeartbeat();
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

  on<K extends keyof BoardEvents>(event: K, listener: BoardEvents[K]): this {
    this.listeners[event].push(listener);
    return this;
  }

  off<K extends keyof BoardEvents>(event: K, listener: BoardEvents[K]): this {
    const list = this.listeners[event] as BoardEvents[K][];
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
    return this;
  }

  // ---- ops ---------------------------------------------------------------------------

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
    return { ...(await this.ops.configGet()).config };
  }

  async configSet(config: ConfigMap): Promise<ConfigMap> {
    checkObject('configSet', config);
    return { ...(await this.ops.configSet({ config: config as ConfigSetArgs['config'] })).config };
  }

  async select(channel: number): Promise<number> {
    return (await this.ops.select({ channel: this.ch('select', channel) })).channel;
  }

  async pulse(options: PulseOptions): Promise<PulseResult> {
    const o = checkObject('pulse', options);
    const args = { channel: this.ch('pulse', o.channel), currentUa: checkCurrent('pulse', 'currentUa', o.currentUa), widthUs: checkWidth('pulse', o.widthUs) };
    return { ...(await this.ops.pulse(args, timeoutOption('pulse', o.timeoutMs))) };
  }

  async read(channel: number): Promise<ReadResult> {
    const r = await this.ops.read({ channel: this.ch('read', channel) });
    return { adcCounts: r.adcCounts, rHallOhm: mOhm(r.rHallMilliOhm), settleMs: r.settleMs };
  }

  /** The paper's scheme: SET if the current rises, else RESET then SET (Fig. 3c). */
  async setReset(options: PulseOptions): Promise<SetResetResult> {
    const o = checkObject('setReset', options);
    const args = { channel: this.ch('setReset', o.channel), currentUa: checkCurrent('setReset', 'currentUa', o.currentUa), widthUs: checkWidth('setReset', o.widthUs) };
    return { ...(await this.ops.setReset(args)) };
  }

  /**
   * Sweeps an R_H–I loop; points stream in as events (to `onPoint` and the `sweepPoint`
   * listeners) and the promise resolves with all of them. One sweep runs at a time.
   */
  sweep(options: SweepOptions, onPoint?: (point: SweepPoint) => void): Promise<SweepResult> {
    const run = async (): Promise<SweepResult> => {
      const o = checkObject('sweep', options);
      const peakUa = checkCurrent('sweep', 'peakUa', o.peakUa);
      const args = {
        channel: this.ch('sweep', o.channel),
        widthUs: checkWidth('sweep', o.widthUs),
        startUa: o.startUa === undefined ? -Math.abs(peakUa) : checkCurrent('sweep', 'startUa', o.startUa),
        peakUa,
        steps: checkSteps('sweep', o.steps),
      };
      const points: SweepPoint[] = [];
      const r = await this.ops.sweep(args, {
        ...timeoutOption('sweep', o.timeoutMs),
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

  async calPut(cal: StoredCalibration): Promise<boolean> {
    const o = checkObject('calPut', cal);
    const args = {
      channel: this.ch('calPut', o.channel),
      iLowUa: checkCurrent('calPut', 'iLowUa', o.iLowUa),
      iHighUa: checkCurrent('calPut', 'iHighUa', o.iHighUa),
      widthUs: checkWidth('calPut', o.widthUs),
      resetUa: checkCurrent('calPut', 'resetUa', o.resetUa),
      rLowMilliOhm: toMilliOhm(checkFinite('calPut', 'rLowOhm', o.rLowOhm)),
      rHighMilliOhm: toMilliOhm(checkFinite('calPut', 'rHighOhm', o.rHighOhm)),
      xMin: checkFinite('calPut', 'xMin', o.xMin),
      xMax: checkFinite('calPut', 'xMax', o.xMax),
    };
    if (args.iLowUa >= args.iHighUa) throw new TypeError('calPut: iLowUa must be below iHighUa');
    if (args.xMin >= args.xMax) throw new TypeError('calPut: xMin must be below xMax');
    this.xWindows.delete(args.channel);
    const r = await this.ops.calPut(args);
    if (r.stored) this.xWindows.set(args.channel, { xMin: args.xMin, xMax: args.xMax });
    return r.stored;
  }

  /** The calibration stored on the board; rejects with NOT_CALIBRATED when there is none. */
  async calGet(channel: number): Promise<StoredCalibration> {
    const c = this.ch('calGet', channel);
    const r = await this.ops.calGet({ channel: c });
    this.xWindows.set(c, { xMin: r.xMin, xMax: r.xMax });
    return {
      channel: c,
      iLowUa: r.iLowUa,
      iHighUa: r.iHighUa,
      widthUs: r.widthUs,
      resetUa: r.resetUa,
      rLowOhm: mOhm(r.rLowMilliOhm),
      rHighOhm: mOhm(r.rHighMilliOhm),
      xMin: r.xMin,
      xMax: r.xMax,
    };
  }

  /** Standalone neuron: the board maps x to a current, pulses, reads, returns y. */
  async activate(channel: number, x: number): Promise<ActivateResult> {
    const c = this.ch('activate', channel);
    checkFinite('activate', 'x', x);
    await this.checkXs('activate', [c], [x], (i) => (i === 0 ? 'x' : `x[${i}]`));
    const r = await this.ops.activate({ channel: c, x });
    return { y: r.y, currentUa: r.currentUa, rHallOhm: mOhm(r.rHallMilliOhm), deviceTimeMs: r.deviceTimeMs };
  }

  /** One frame in, one out: xs[i] goes to channels[i] (default: the populated channels in order). */
  async activateMany(xs: readonly number[], channels: readonly number[] | null = null): Promise<ActivateManyResult> {
    const max = this.info.channels;
    if (!Array.isArray(xs) || xs.length === 0 || xs.length > max) {
      throw new TypeError(`activateMany: xs must be an array of 1..${max} numbers (one per channel of this board), got ${Array.isArray(xs) ? `${xs.length} values` : typeof xs}`);
    }
    xs.forEach((x, i) => checkFinite('activateMany', `xs[${i}]`, x));
    if (channels !== null) {
      if (!Array.isArray(channels) || channels.length !== xs.length) {
        throw new TypeError('activateMany: channels must be null or an array as long as xs');
      }
      channels.forEach((c) => this.ch('activateMany', c));
    }
    // null channels: xs[i] goes to channel i (the firmware's rule)
    await this.checkXs('activateMany', channels ?? xs.map((_, i) => i), xs, (i) => `xs[${i}]`);
    const r = await this.ops.activateMany({ channels: channels === null ? null : [...channels], xs: [...xs] });
    return { ys: r.ys, deviceTimeMs: r.deviceTimeMs };
  }

  /**
   * The x policy (x-range.ts), the same as the server's: each x against its channel's calibrated
   * range (fetched once with calGet, then kept from calPut/calGet). A refused x is a TypeError
   * with the accepted range, before any activation frame is sent.
   */
  private async checkXs(op: string, channels: readonly number[], xs: readonly number[], name: (i: number) => string): Promise<void> {
    const policy = this.options.xPolicy ?? 'clamp';
    for (let i = 0; i < xs.length; i++) {
      const ch = channels[i];
      let w = this.xWindows.get(ch);
      if (w === undefined) {
        await this.calGet(ch);
        w = this.xWindows.get(ch);
      }
      if (w === undefined) continue;
      const why = xRefusal(xs[i], xRangeOf(w, policy));
      if (why !== null) throw new TypeError(`${op}: ${name(i)} = ${xs[i]} is out of range for channel ${ch}: ${why}`);
    }
  }

  /** Bring-up primitives (protocol SelfTest codes). */
  async selftest(test: number, param: number): Promise<number[]> {
    const r = await this.ops.selftest({ test: checkInt('selftest', 'test', test, 0, 255), param: checkInt('selftest', 'param', param, -(2 ** 31), 2 ** 31 - 1) });
    return r.values;
  }

  /** All outputs off (source gated, EN low). */
  async safe(): Promise<boolean> {
    return (await this.ops.safe()).safe;
  }

  async heartbeat(token?: number): Promise<HeartbeatResult> {
    const t = token === undefined ? (this.heartbeatToken = (this.heartbeatToken + 1) & 0xffff) : checkInt('heartbeat', 'token', token, 0, 0xffffffff);
    return { ...(await this.ops.heartbeat({ token: t })) };
  }

  /** Any op by name, for tools that walk the op table. Arguments are positional wire values. */
  async request(op: string, args: readonly unknown[]): Promise<unknown[]> {
    const spec = OPS.get(op);
    if (!spec) throw new TypeError(`request: unknown op "${op}"; ops: ${[...OPS.keys()].join(', ')}`);
    const r = await this.call(op, args);
    decodeReply(spec, r); // a reply the spec does not describe is a PROTOCOL error here too
    return r;
  }

  /** Leaves the board safe (sends `safe`), stops the heartbeat and closes the transport. */
  close(): Promise<void> {
    if (!this.closing) this.closing = this.shutdown(true);
    return this.closing;
  }

  // ---- internals -----------------------------------------------------------------------

  private ch(op: string, channel: unknown): number {
    return checkChannel(op, channel, this.helloInfo?.channels);
  }

  private call(op: string, args: readonly unknown[], extra: Partial<RequestOptions> = {}): Promise<unknown[]> {
    if (this.closed) {
      return Promise.reject(new NucleonError(HostErrorCode.CLOSED, `${op}: the board is closed`, { op }));
    }
    const spec = OPS.get(op);
    if (!spec) return Promise.reject(new TypeError(`unknown op ${op}`));
    const timeoutMs = this.options.timeoutsMs?.[op] ?? DEFAULT_TIMEOUT_MS[op] ?? 5000;
    return this.requester.request(op, spec.code, args, { timeoutMs, retries: this.options.retries ?? DEFAULT_RETRIES, ...extra });
  }

  private startHeartbeat(): void {
    const periodMs = this.options.heartbeatMs ?? (this.info.limits.heartbeatTimeoutMs > 0 ? this.info.limits.heartbeatTimeoutMs / 3 : 0);
    if (!(periodMs > 0)) return;
    const tick = (): void => {
      if (this.closed) return;
      this.heartbeat().catch(() => undefined);
      this.heartbeatTimer = this.clock.setTimer(tick, periodMs);
    };
    this.heartbeatTimer = this.clock.setTimer(tick, periodMs);
  }

  private onEvent(event: number, data: unknown): void {
    const arr = Array.isArray(data) ? data : [];
    if (event === Event.SWEEP_POINT) {
      const p = parseSweepPoint(data);
      if (p) for (const l of this.listeners.sweepPoint) l(p);
    } else if (event === Event.WARNING) {
      for (const l of this.listeners.warning) l(Number(arr[0]), String(arr[1] ?? ''));
    } else if (event === Event.FRAME_ERROR) {
      for (const l of this.listeners.frameError) l(Number(arr[0]), String(arr[1] ?? ''));
    }
  }

  private onTransportClose(err: NucleonError | null): void {
    const wasClosed = this.closed;
    this.closed = true;
    this.clock.clearTimer(this.heartbeatTimer);
    this.requester.fail(
      err ?? new NucleonError(HostErrorCode.CLOSED, `${this.transport.description}: closed`),
    );
    if (!wasClosed || err) for (const l of this.listeners.close) l(err);
  }

  private async shutdown(sendSafe: boolean): Promise<void> {
    this.clock.clearTimer(this.heartbeatTimer);
    if (sendSafe && !this.closed && this.transport.isOpen) {
      await this.call('safe', [], { retries: 1 }).catch(() => undefined);
    }
    this.closed = true;
    this.requester.fail(new NucleonError(HostErrorCode.CLOSED, `${this.transport.description}: the board was closed`));
    await this.transport.close();
  }
}

/** A caller's `timeoutMs` as request options (none: the op's default). */
function timeoutOption(op: string, v: unknown): Partial<RequestOptions> {
  return v === undefined ? {} : { timeoutMs: checkInt(op, 'timeoutMs', v, 1, 2 ** 31 - 1) };
}

function parseSweepPoint(data: unknown): SweepPoint | null {
  // the payload as the spec's EVENT_TABLE describes it, or dropped
  if (validateEvent(Event.SWEEP_POINT, data) !== null) return null;
  const [index, currentUa, adcCounts, rHallMilliOhm] = data as number[];
  return { index, currentUa, adcCounts, rHallOhm: rHallMilliOhm / 1000 };
}

/** The op-table schema hash this host was built with, as hello reports it (hex). */
export function hostSchemaHash(): string {
  return (SCHEMA_HASH >>> 0).toString(16);
}

export { Op };
