/**
 * Per-channel calibration, binary-packed in Storage (one 36-byte file "ncal<ch>" per channel:
 * "NC", format 1, channel, six int32 LE, two float32 LE) and cached in RAM. Survives reset.
 */
import { MAX_CHANNELS } from '../../protocol/limits';
import type { Hal } from '../hal';
import type { Params } from './params';
import type { ThermalGuard } from './thermal-guard';

export const CAL_FIELDS_INT = 6;
/** int field indices */
export const CAL_I_LOW = 0;
export const CAL_I_HIGH = 1;
export const CAL_WIDTH = 2;
export const CAL_RESET = 3;
export const CAL_R_LOW = 4;
export const CAL_R_HIGH = 5;
/**
 * Derived per channel at load and put, after the stored fields (activateMany reads them instead
 * of computing them per x): the RESET current as fired (setReset's rule: 0 means −max), its DAC
 * code signed by polarity, its square (energy) and the fast network's gap after a pulse of the
 * channel's width, whole µs rounded up.
 */
export const CAL_RESET_FIRED = 6;
export const CAL_RESET_CODE = 7;
export const CAL_RESET_SQ = 8;
export const CAL_GAP_US = 9;
/** Entries per channel in CalStore.ints: the stored fields and the derived ones. */
export const CAL_STRIDE = 10;
export const CAL_FILE_BYTES = 36;
const MAGIC0 = 0x4e;
const MAGIC1 = 0x43;
const FORMAT = 1;

const NAMES: string[] = [];
for (let i = 0; i < MAX_CHANNELS; i++) NAMES.push('ncal' + i);

export class CalStore {
  private readonly hal: Hal;
  private readonly params: Params;
  private readonly guard: ThermalGuard;
  readonly ints = new Int32Array(MAX_CHANNELS * CAL_STRIDE);
  readonly xMin = new Float32Array(MAX_CHANNELS);
  readonly xMax = new Float32Array(MAX_CHANNELS);
  /** Bit ch set: channel ch holds a calibration (read in place by activateMany's plan). */
  validMask = 0;
  private readonly buf = new Uint8Array(64);
  private readonly view: DataView;

  constructor(hal: Hal, params: Params, guard: ThermalGuard) {
    this.hal = hal;
    this.params = params;
    this.guard = guard;
    this.view = new DataView(this.buf.buffer);
  }

  has(channel: number): boolean {
    return (this.validMask & (1 << channel)) !== 0;
  }

  get(channel: number, field: number): number {
    return this.ints[channel * CAL_STRIDE + field];
  }

  /**
   * Loads every channel's file (boot). Bad or missing files leave the channel uncalibrated, and so
   * does a file whose currents or width are outside the board's limits (calPut refuses those):
   * a calibrated channel's values are always within them, which activateMany's plan relies on.
   */
  load(): void {
    const p = this.params;
    this.validMask = 0;
    const max = p.maxCurrentUa;
    for (let ch = 0; ch < p.channels; ch++) {
      const n = this.hal.storageRead(NAMES[ch], this.buf);
      if (n !== CAL_FILE_BYTES) continue;
      if (this.buf[0] !== MAGIC0 || this.buf[1] !== MAGIC1 || this.buf[2] !== FORMAT || this.buf[3] !== ch) continue;
      for (let k = 0; k < CAL_FIELDS_INT; k++) this.ints[ch * CAL_STRIDE + k] = this.view.getInt32(4 + 4 * k, true);
      this.xMin[ch] = this.view.getFloat32(28, true);
      this.xMax[ch] = this.view.getFloat32(32, true);
      const at = ch * CAL_STRIDE;
      const ints = this.ints;
      const lo = ints[at + CAL_I_LOW];
      const hi = ints[at + CAL_I_HIGH];
      const reset = ints[at + CAL_RESET];
      const w = ints[at + CAL_WIDTH];
      if (!(lo >= -max && lo <= max && hi >= -max && hi <= max && reset >= -max && reset <= max && w >= p.minWidthUs && w <= p.maxWidthUs)) continue;
      this.derive(ch);
      this.validMask |= 1 << ch;
    }
  }

  /** Stores `ints` (CAL_FIELDS_INT values) and the x range; RAM follows only if flash took it. */
  put(channel: number, ints: Int32Array, xMin: number, xMax: number): boolean {
    const b = this.buf;
    b[0] = MAGIC0;
    b[1] = MAGIC1;
    b[2] = FORMAT;
    b[3] = channel;
    for (let k = 0; k < CAL_FIELDS_INT; k++) this.view.setInt32(4 + 4 * k, ints[k], true);
    this.view.setFloat32(28, xMin, true);
    this.view.setFloat32(32, xMax, true);
    if (!this.hal.storageWrite(NAMES[channel], b, CAL_FILE_BYTES)) return false;
    for (let k = 0; k < CAL_FIELDS_INT; k++) this.ints[channel * CAL_STRIDE + k] = ints[k];
    this.xMin[channel] = this.view.getFloat32(28, true);
    this.xMax[channel] = this.view.getFloat32(32, true);
    this.derive(channel);
    this.validMask |= 1 << channel;
    return true;
  }

  /** The derived fields of a channel whose stored ones are within the limits (CAL_RESET_FIRED …). */
  private derive(channel: number): void {
    const p = this.params;
    const at = channel * CAL_STRIDE;
    const ints = this.ints;
    // setReset's rule: a RESET of 0 is the stage's most negative current (resetCurrentUa reads it here)
    const r = ints[at + CAL_RESET] === 0 ? -p.maxCurrentUa : ints[at + CAL_RESET];
    ints[at + CAL_RESET_FIRED] = r;
    ints[at + CAL_RESET_CODE] = p.dacCode(r);
    ints[at + CAL_RESET_SQ] = r * r;
    ints[at + CAL_GAP_US] = Math.ceil(this.guard.gapMs(ints[at + CAL_WIDTH]) * 1000);
  }
}
