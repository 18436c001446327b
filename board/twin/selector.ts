/**
 * Selector (PHYSICS §6): a 1:16 current DEMUX and two 16:1 sense MUXes on one 4-bit select bus
 * plus an enable line. The channel is the driven select bits with any `stuck-select:BIT` fault
 * forcing that bit low; EN low disconnects every channel. A channel carries a current path only
 * if it is populated and not `open-channel:N`.
 */
export class Selector {
  readonly channels: number;
  /** Select bits as driven (bit 0 = S0). */
  private drivenBits = 0;
  /** Bits forced low by stuck-select faults. */
  private stuckLowMask = 0;
  enabled = false;
  private readonly pathOk: boolean[];

  constructor(channels: number, populated: readonly number[]) {
    this.channels = channels;
    this.pathOk = new Array<boolean>(16).fill(false);
    for (const ch of populated) this.pathOk[ch] = true;
  }

  /** The channel the MUXes connect (select bits after faults). */
  get channel(): number {
    return this.drivenBits & ~this.stuckLowMask & 0xf;
  }

  /** The level a select line actually has (a stuck line reads low). */
  lineLevel(bit: number): 0 | 1 {
    return (this.drivenBits & ~this.stuckLowMask & (1 << bit)) !== 0 ? 1 : 0;
  }

  /** The level the MCU drives on a select line (before faults). */
  drivenLevel(bit: number): 0 | 1 {
    return (this.drivenBits & (1 << bit)) !== 0 ? 1 : 0;
  }

  /** Drives one select line; returns true when the connected channel changes. */
  drive(bit: number, level: 0 | 1): boolean {
    const before = this.channel;
    if (level === 1) this.drivenBits |= 1 << bit;
    else this.drivenBits &= ~(1 << bit);
    return this.channel !== before;
  }

  stickLow(bit: number): void {
    this.stuckLowMask |= 1 << bit;
  }

  openChannel(channel: number): void {
    this.pathOk[channel] = false;
  }

  /** True when EN is on and the connected channel has a device path. */
  hasPath(): boolean {
    return this.enabled && this.channel < this.channels && this.pathOk[this.channel];
  }

  saveState(): { drivenBits: number; enabled: boolean } {
    return { drivenBits: this.drivenBits, enabled: this.enabled };
  }

  loadState(s: { drivenBits: number; enabled: boolean }): void {
    this.drivenBits = s.drivenBits & 0xf;
    this.enabled = s.enabled;
  }
}
