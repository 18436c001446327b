/**
 * What the firmware's own code costs a board's processor: interpreter time per op, measured on
 * the real Espruino interpreter (bench/firmware-espruino.ts --write-costs) and scaled to the
 * board's processor, kept beside the board definition as `<id>.costs.json` (board/definitions/costs.ts). The twin charges it
 * (InterpreterTime): JS runs in zero virtual time on the twin, in hundreds of ms on a Pico.
 *
 * How it is charged, at the start of each piece of firmware work (so what the work does to the
 * hardware happens after the time it took to get there, and the firmware's own clock, hence
 * `deviceTimeMs`, counts it):
 *  - link data: the sum of `syncMs` of the request frames completed by the chunk;
 *  - a one-shot timer callback: `callbackMs / callbacks` of the last request that was not
 *    `status` or `heartbeat` (those are answered at once and never wait);
 *  - a repeating timer (the housekeeping tick): `housekeepingMs`.
 * Frames that do not decode cost nothing here (their handling is cheap next to an op's).
 */
import { decodeFrame } from '../../protocol/frame';
import { CborReader } from '../../protocol/cbor/reader';
import { MAX_FRAME_BYTES } from '../../protocol/limits';
import { OP_TABLE, Op } from '../../protocol/ops';
import type { InterpreterCosts, OpCostEntry } from '../definitions/costs';
import { TwinError } from './errors';

const QUICK_OPS = new Set<number>([Op.STATUS, Op.HEARTBEAT]);

/** Charges interpreter time for the twin, from a cost table (see the file comment). */
export class InterpreterTime {
  private readonly byCode: (OpCostEntry | undefined)[] = [];
  private readonly housekeepingMs: number;
  private readonly carry = new Uint8Array(MAX_FRAME_BYTES);
  private carryLength = 0;
  private overflow = false;
  private readonly reader = new CborReader();
  private lastOp: OpCostEntry | undefined;
  /** The op code of lastOp (for a state file). */
  private lastOpCode = -1;
  /** Interpreter time charged so far, ms. */
  chargedMs = 0;

  constructor(costs: InterpreterCosts) {
    for (const spec of OP_TABLE) this.byCode[spec.code] = costs.ops[spec.name];
    this.housekeepingMs = costs.housekeepingMs;
  }

  /** Ms to charge before the firmware's link receiver gets `data` (a binary string, as Espruino hands it). */
  onLinkData(data: string): number {
    let ms = 0;
    for (let i = 0; i < data.length; i++) {
      const b = data.charCodeAt(i) & 0xff;
      if (b !== 0) {
        if (this.carryLength < this.carry.length) this.carry[this.carryLength++] = b;
        else this.overflow = true;
        continue;
      }
      if (!this.overflow && this.carryLength > 0) ms += this.frameCost(this.carry.subarray(0, this.carryLength));
      this.carryLength = 0;
      this.overflow = false;
    }
    return this.charge(ms);
  }

  /** Ms to charge before a timer callback (`repeating`: the housekeeping tick). */
  /** What the next charges depend on: the last op that waits (its callbacks' cost) and the total so far. */
  saveState(): { chargedMs: number; lastOp: number } {
    if (this.carryLength > 0) throw new TwinError('BAD_STATE_FILE', 'a frame is half received: the board state can be saved only between requests');
    return { chargedMs: this.chargedMs, lastOp: this.lastOpCode };
  }

  loadState(s: { chargedMs: number; lastOp: number }): void {
    this.chargedMs = s.chargedMs;
    this.lastOpCode = s.lastOp;
    this.lastOp = s.lastOp >= 0 ? this.byCode[s.lastOp] : undefined;
    this.carryLength = 0;
    this.overflow = false;
  }

  onTimer(repeating: boolean): number {
    if (repeating) return this.charge(this.housekeepingMs);
    const e = this.lastOp;
    return this.charge(e === undefined || e.callbacks <= 0 ? 0 : e.callbackMs / e.callbacks);
  }

  private charge(ms: number): number {
    this.chargedMs += ms;
    return ms;
  }

  private frameCost(frame: Uint8Array): number {
    let cbor: Uint8Array;
    try {
      cbor = decodeFrame(frame);
    } catch {
      return 0;
    }
    const r = this.reader;
    r.reset(cbor, 0, cbor.length);
    r.readArrayHeader();
    r.readUint();
    const op = r.readUint();
    if (r.error !== 0) return 0;
    const e = this.byCode[op];
    if (e === undefined) return 0;
    if (!QUICK_OPS.has(op)) {
      this.lastOp = e;
      this.lastOpCode = op;
    }
    return e.syncMs;
  }
}
