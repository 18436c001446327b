/**
 * Per-channel calibration, binary-packed in Storage (one 36-byte file "ncal<ch>" per channel:
 * "NC", format 1, channel, six int32 LE, two float32 LE) and cached in RAM. Survives reset.
 */
import { MAX_CHANNELS } from '../../protocol/limits';
import type { Hal } from '../hal';

export const CAL_FIELDS_INT = 6;
/** int field indices */
export const CAL_I_LOW = 0;
export const CAL_I_HIGH = 1;
export const CAL_WIDTH = 2;
export const CAL_RESET = 3;
export const CAL_R_LOW = 4;
export const CAL_R_HIGH = 5;
export const CAL_FILE_BYTES = 36;
const MAGIC0 = 0x4e;
const MAGIC1 = 0x43;
const FORMAT = 1;

const NAMES: string[] = [];
for (let i = 0; i < MAX_CHANNELS; i++) NAMES.push('ncal' + i);

export class CalStore {
  private readonly hal: Hal;
  readonly ints = new Int32Array(MAX_CHANNELS * CAL_FIELDS_INT);
  readonly xMin = new Float32Array(MAX_CHANNELS);
  readonly xMax = new Float32Array(MAX_CHANNELS);
  /** Bit ch set: channel ch holds a calibration (read in place by activateMany's plan). */
  validMask = 0;
  private readonly buf = new Uint8Array(64);
  private readonly view: DataView;

  constructor(hal: Hal) {
    this.hal = hal;
    this.view = new DataView(this.buf.buffer);
  }

  has(channel: number): boolean {
    return (this.validMask & (1 << channel)) !== 0;
  }

  get(channel: number, field: number): number {
    return this.ints[channel * CAL_FIELDS_INT + field];
  }

  /** Loads every channel's file (boot). Bad or missing files leave the channel uncalibrated. */
  load(channels: number): void {
    this.validMask = 0;
    for (let ch = 0; ch < channels; ch++) {
      const n = this.hal.storageRead(NAMES[ch], this.buf);
      if (n !== CAL_FILE_BYTES) continue;
      if (this.buf[0] !== MAGIC0 || this.buf[1] !== MAGIC1 || this.buf[2] !== FORMAT || this.buf[3] !== ch) continue;
      for (let k = 0; k < CAL_FIELDS_INT; k++) this.ints[ch * CAL_FIELDS_INT + k] = this.view.getInt32(4 + 4 * k, true);
      this.xMin[ch] = this.view.getFloat32(28, true);
      this.xMax[ch] = this.view.getFloat32(32, true);
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
    for (let k = 0; k < CAL_FIELDS_INT; k++) this.ints[channel * CAL_FIELDS_INT + k] = ints[k];
    this.xMin[channel] = this.view.getFloat32(28, true);
    this.xMax[channel] = this.view.getFloat32(32, true);
    this.validMask |= 1 << channel;
    return true;
  }
}
