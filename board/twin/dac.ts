/**
 * MCP48x2 SPI DAC (MCP4822: 12 bit). One 16-bit command word per CS-low frame, MSB first:
 *   bit 15  A/B   0 = DAC A (the current pump), 1 = DAC B (not connected)
 *   bit 14  —     ignored
 *   bit 13  GA    0 = gain 2× (V = 2·2.048 V·D/4096), 1 = gain 1×
 *   bit 12  SHDN  0 = output off, 1 = active
 *   11..0   data  D (12 bit; an 8/10-bit part uses the top bits, the rest are don't-care)
 * A frame that is not exactly 2 bytes is ignored by the part (counted in `badFrames`).
 */
export class Mcp48x2Dac {
  readonly bits: number;
  /** Last latched DAC A code, gain (1 or 2) and whether it is active. */
  code = 0;
  gain: 1 | 2 = 2;
  active = false;
  frames = 0;
  badFrames = 0;

  constructor(bits: number) {
    if (!Number.isInteger(bits) || bits < 8 || bits > 12) throw new RangeError(`MCP48x2 data bits must be 8..12, got ${bits}`);
    this.bits = bits;
  }

  /** Bytes clocked in while CS was low; latched on CS rising (LDAC tied low). */
  write(data: Uint8Array): void {
    if (data.length !== 2) {
      this.badFrames++;
      return;
    }
    this.frames++;
    const word = (data[0] << 8) | data[1];
    if ((word & 0x8000) !== 0) return; // DAC B: not connected
    this.gain = (word & 0x2000) !== 0 ? 1 : 2;
    this.active = (word & 0x1000) !== 0;
    this.code = (word & 0x0fff) >> (12 - this.bits);
  }

  /** Output as a fraction of full scale (full-scale code at gain 2× = 1). */
  fractionOfFullScale(): number {
    if (!this.active) return 0;
    return (this.code / (Math.pow(2, this.bits) - 1)) * (this.gain / 2);
  }

  saveState(): { code: number; gain: 1 | 2; active: boolean } {
    return { code: this.code, gain: this.gain, active: this.active };
  }

  loadState(s: { code: number; gain: 1 | 2; active: boolean }): void {
    this.code = s.code;
    this.gain = s.gain;
    this.active = s.active;
  }
}

/** The 16-bit MCP4822 command word for DAC A, active, gain 2×, for a code (what a firmware sends). */
export function mcp4822WordA(code: number): Uint8Array {
  const word = 0x1000 | (code & 0x0fff);
  return new Uint8Array([word >> 8, word & 0xff]);
}
