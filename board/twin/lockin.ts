/**
 * Lock-in amplifier (an MFLI or any lock-in with an analog output), PHYSICS §5:
 * X = I_ac · R_H of the channel the sense MUXes connect, through an n-stage RC low-pass with
 * time constant τ (exact step response, advanced analytically between changes, so a read
 * before settling gives a value between the old and the new state), output noise
 * e_n·√NEBW as a process correlated over 1/(4·NEBW), and the aux output
 * V = clip((X + preoffset)·scale + offset, ±range) quantised to `auxBits`.
 * An open path (vacant channel, EN off, open-channel fault) gives X → 0 with
 * `vacantNoiseFactor` times the noise. The `lockin-off` fault holds the aux output at 0 V.
 */
import { CascadeLowPass, nebwHz } from './lowpass';
import type { Rng } from './rng';

export interface LockInParams {
  frequencyHz: number;
  excitationUaRms: number;
  tauMs: number;
  order: number;
  noiseNvRtHz: number;
  auxScale: number;
  auxPreoffsetV: number;
  auxOffsetV: number;
  auxRangeV: number;
  auxBits: number;
  vacantNoiseFactor: number;
}

/** What the lock-in's input sees now: the Hall resistance on the connected channel, or NaN for an open path. */
export type HallSource = (nowS: number) => number;

export class LockIn {
  readonly params: Readonly<LockInParams>;
  /** `lockin-off` fault: aux output stuck at 0 V. */
  off = false;
  private readonly filter: CascadeLowPass;
  private readonly source: HallSource;
  private readonly rng: Rng;
  private readonly excitationA: number;
  private readonly noiseRmsV: number;
  private readonly noiseCorrS: number;
  private readonly auxStepV: number;
  private lastS = 0;
  private inputV = 0;
  private open = true;
  private pending = true;
  /** Unit-variance noise state and the time it was last drawn. */
  private noiseZ = 0;
  private noiseS = Number.NEGATIVE_INFINITY;

  constructor(params: LockInParams, source: HallSource, rng: Rng, startS = 0) {
    this.params = { ...params };
    this.filter = new CascadeLowPass(params.order, params.tauMs / 1000);
    this.source = source;
    this.rng = rng;
    this.excitationA = params.excitationUaRms * 1e-6;
    const nebw = nebwHz(params.order, params.tauMs / 1000);
    this.noiseRmsV = params.noiseNvRtHz * 1e-9 * Math.sqrt(nebw);
    this.noiseCorrS = 1 / (4 * nebw);
    this.auxStepV = (2 * params.auxRangeV) / Math.pow(2, params.auxBits);
    this.lastS = startS;
  }

  /** Rms noise of X on a connected device, volts (e_n·√NEBW). */
  get noiseRmsVolts(): number {
    return this.noiseRmsV;
  }

  /** Starts filled with the current input (a board that has been sitting still). */
  settle(nowS: number): void {
    this.lastS = nowS;
    this.sample(nowS);
    this.filter.reset(this.inputV);
  }

  /** Call BEFORE anything the input depends on changes (channel, EN, a pulse). */
  inputWillChange(nowS: number): void {
    this.advanceTo(nowS);
    this.pending = true;
  }

  /** Demodulated X in volts at nowS, with noise. */
  xVolts(nowS: number): number {
    this.advanceTo(nowS);
    return this.filter.output + this.noiseAt(nowS);
  }

  /** Aux output in volts at nowS. */
  auxVolts(nowS: number): number {
    if (this.off) return 0;
    const p = this.params;
    let v = (this.xVolts(nowS) + p.auxPreoffsetV) * p.auxScale + p.auxOffsetV;
    if (v > p.auxRangeV) v = p.auxRangeV;
    else if (v < -p.auxRangeV) v = -p.auxRangeV;
    return Math.round(v / this.auxStepV) * this.auxStepV;
  }

  /**
   * The input held since the last change is part of the state (`inputV`, null while a change is
   * pending): a restored lock-in that sampled its source again would read the device at a time
   * the original did not, and that extra step of the device's decays changes its state in the
   * last bits (tests/board/sim-state.test.ts).
   */
  saveState(): { lastS: number; stages: number[]; noiseZ: number; noiseS: number; inputV?: number | null; open?: boolean } {
    return {
      lastS: this.lastS,
      stages: this.filter.saveState(),
      noiseZ: this.noiseZ,
      noiseS: Number.isFinite(this.noiseS) ? this.noiseS : -1,
      inputV: this.pending ? null : this.inputV,
      open: this.open,
    };
  }

  /** A state saved before `inputV` was kept samples the source again at its next use. */
  loadState(state: { lastS: number; stages: number[]; noiseZ: number; noiseS: number; inputV?: number | null; open?: boolean }): void {
    this.filter.loadState(state.stages);
    this.lastS = state.lastS;
    this.noiseZ = state.noiseZ;
    this.noiseS = state.noiseS < 0 ? Number.NEGATIVE_INFINITY : state.noiseS;
    if (typeof state.inputV === 'number' && Number.isFinite(state.inputV) && typeof state.open === 'boolean') {
      this.inputV = state.inputV;
      this.open = state.open;
      this.pending = false;
    } else this.pending = true;
  }

  private sample(nowS: number): void {
    const rOhm = this.source(nowS);
    this.open = Number.isNaN(rOhm);
    this.inputV = this.open ? 0 : this.excitationA * rOhm;
    this.pending = false;
  }

  private advanceTo(nowS: number): void {
    if (this.pending) this.sample(nowS);
    if (nowS > this.lastS) {
      this.filter.advance(nowS - this.lastS, this.inputV);
      this.lastS = nowS;
    }
  }

  /** Ornstein–Uhlenbeck noise, correlation time 1/(4·NEBW), exact update for any gap. */
  private noiseAt(nowS: number): number {
    const dtS = nowS - this.noiseS;
    if (dtS > 0) {
      const rho = Math.exp(-dtS / this.noiseCorrS);
      this.noiseZ = this.noiseZ * rho + Math.sqrt(1 - rho * rho) * this.rng.gaussian();
      this.noiseS = nowS;
    }
    const scale = this.open ? this.noiseRmsV * this.params.vacantNoiseFactor : this.noiseRmsV;
    return this.noiseZ * scale;
  }
}
