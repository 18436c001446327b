/**
 * Test client for the firmware on the real twin: opens a simulated board running a bundle
 * built for the test, sends framed requests and collects responses and events by seq.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFirmware } from '../../firmware/build';
import { openSimBoard, type SimBoardWithRuntime } from '../../board/twin/sim';
import { cborEncode, decodeMessage, encodeFrame, FrameDecoder, validateErrorReply, validateEvent, validateResult } from '../../protocol';
import type { CborValue } from '../../protocol';
import type { Message } from '../../protocol';
import type { BoardTwin } from '../../board/twin';

export interface Reply {
  seq: number;
  status: number;
  result: unknown[];
}

export interface EventMsg {
  event: number;
  data: unknown[];
}

/** Builds a bundle once per test file (into the OS temp dir) and returns its path. */
export async function buildTestBundle(version: string): Promise<string> {
  const outFile = path.join(os.tmpdir(), `nucleon-fw-${version}-${process.pid}.js`);
  await buildFirmware({ outFile, version });
  return outFile;
}

export function removeBundle(file: string): void {
  fs.rmSync(file, { force: true });
}

/** Typed arrays as plain arrays (what the spec's array types describe). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (ArrayBuffer.isView(v) && !(v instanceof Uint8Array) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

export class SimClient {
  readonly board: SimBoardWithRuntime;
  readonly replies = new Map<number, Reply[]>();
  readonly events: EventMsg[] = [];
  private readonly eventCounts = new Map<number, number>();
  /** Every decodable message, in arrival order. */
  readonly messages: Message[] = [];
  rawBytes = 0;
  /**
   * Every reply and event that does not fit the spec (protocol/ops.ts), with why: each one the
   * firmware sends is checked; `reply()` throws on its own and `close()` on any.
   */
  readonly specViolations: string[] = [];
  /** The op of each seq sent, to check its reply against. */
  private readonly sentOps = new Map<number, number>();
  private nextSeq = 1;
  private waiters: (() => void)[] = [];
  private readonly decoder: FrameDecoder;

  private constructor(board: SimBoardWithRuntime) {
    this.board = board;
    this.decoder = new FrameDecoder({
      onFrame: (cbor) => this.onMessage(decodeMessage(cbor)),
      onError: () => undefined,
    });
    board.onData((bytes) => {
      this.rawBytes += bytes.length;
      this.decoder.push(bytes);
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    });
  }

  /**
   * idle 'frozen': while only the housekeeping interval is pending the board's clock stands still
   * instead of following the wall clock, so what a test reads of time (settling, waits) cannot
   * depend on how loaded the machine is; the test moves time with `twin.scheduler.advance`.
   */
  static async open(firmwarePath: string, spec = 'sim', idle: 'wall' | 'frozen' = 'wall'): Promise<SimClient> {
    const board = (await openSimBoard(spec, { firmwarePath, idle })) as SimBoardWithRuntime;
    return new SimClient(board);
  }

  get twin(): BoardTwin {
    return this.board.twin as BoardTwin;
  }

  private onMessage(m: Message): void {
    this.messages.push(m);
    if (m.kind === 'response') {
      this.checkReply(m.seq, m.status, m.result);
      const list = this.replies.get(m.seq) ?? [];
      list.push({ seq: m.seq, status: m.status, result: m.result as unknown[] });
      this.replies.set(m.seq, list);
    } else if (m.kind === 'event') {
      const why = validateEvent(m.event, plain(m.data));
      if (why !== null) this.specViolations.push(`event ${m.event}: ${why}`);
      this.events.push({ event: m.event, data: m.data as unknown[] });
      this.eventCounts.set(m.event, (this.eventCounts.get(m.event) ?? 0) + 1);
    }
  }

  private checkReply(seq: number, status: number, result: unknown): void {
    const op = this.sentOps.get(seq);
    const why = status === 0 ? (op === undefined ? null : validateResult(op, plain(result))) : validateErrorReply(status, result);
    if (why !== null) this.specViolations.push(`reply to seq ${seq} (op ${op}): ${why}`);
  }

  eventCount(event: number): number {
    return this.eventCounts.get(event) ?? 0;
  }

  /** Drops bytes received so far that did not end a frame (e.g. REPL text). */
  resetDecoder(): void {
    this.decoder.reset();
  }

  seq(): number {
    const s = this.nextSeq;
    this.nextSeq = this.nextSeq >= 0xffff ? 1 : this.nextSeq + 1;
    return s;
  }

  /** A request frame, encoded without the host's argument checks (tests send bad ones on purpose). */
  frame(seq: number, op: number, args: unknown[]): Uint8Array {
    return encodeFrame(cborEncode([seq, op, args as CborValue[]]));
  }

  send(seq: number, op: number, args: unknown[]): void {
    this.sentOps.set(seq, op);
    this.board.write(this.frame(seq, op, args));
  }

  /**
   * Resolves when `pred` holds, checked now and after every chunk from the board (an event, never
   * a timer); `timeoutMs` of wall time is only a deadline for a board that stays silent.
   */
  async until(pred: () => boolean, what = 'condition', timeoutMs = 30000): Promise<void> {
    if (pred()) return;
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      deadline.unref();
      const check = (): void => {
        if (!pred()) {
          this.waiters.push(check);
          return;
        }
        clearTimeout(deadline);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  async reply(seq: number): Promise<Reply> {
    await this.until(() => (this.replies.get(seq)?.length ?? 0) > 0, `reply to seq ${seq}`);
    const bad = this.specViolations.find((v) => v.startsWith(`reply to seq ${seq} `));
    if (bad !== undefined) throw new Error('the firmware sent a reply that does not fit the spec: ' + bad);
    return (this.replies.get(seq) as Reply[])[0];
  }

  /** One request, its reply. */
  async request(op: number, args: unknown[]): Promise<Reply> {
    const s = this.seq();
    this.send(s, op, args);
    return this.reply(s);
  }

  /** A request that must succeed: its result. */
  async ok(op: number, args: unknown[]): Promise<unknown[]> {
    const r = await this.request(op, args);
    if (r.status !== 0) throw new Error(`op ${op} failed: ${r.status} ${JSON.stringify(r.result)}`);
    return r.result;
  }

  async close(): Promise<void> {
    await this.board.close();
  }
}

/**
 * Registers the hooks a test file on the firmware needs: one bundle built for the file, a
 * fresh simulated board per test, closed after it with no runtime errors. Returns the current
 * test's client.
 */
export function useSimClient(version: string): () => SimClient {
  let bundle = '';
  let client: SimClient | undefined;
  beforeAll(async () => {
    bundle = await buildTestBundle(version);
  });
  afterAll(() => removeBundle(bundle));
  beforeEach(async () => {
    client = await SimClient.open(bundle);
  });
  afterEach(async () => {
    const c = client as SimClient;
    client = undefined;
    expect(c.board.runtime.errors).toEqual([]);
    // every reply and event the firmware sent fits the spec
    expect(c.specViolations).toEqual([]);
    await c.close();
  });
  return () => {
    if (!client) throw new Error('no SimClient outside a test');
    return client;
  };
}
