/**
 * One Hall-bar device of the twin (PHYSICS §1–4): a grain ensemble with thermally activated,
 * current-direction-selected switching, in-pulse heating through the five-stage thermal network,
 * Arrhenius damage, the slow stress node (default preset) and optional wall propagation.
 * Time is whatever clock the caller passes (seconds); the device never reads a clock itself.
 */
import { drawDevice, drawGrainDisorder, type DeviceDraw, type GrainDisorder } from './disorder';
import { TwinError } from '../errors';
import { layoutGrains, type GrainLayout } from './geometry';
import { validateDeviceParams, type DeviceParams } from './params';
import { Sfc32 } from './rng';
import { decodeState, encodeState, type HallBarState } from './state';
import { LN2, X_HIGH, X_LOW, lnRateIntegral, probabilityFromLnPhi, type RateConstants } from './switching';
import { coolStages, drivePulse, riseK, stepDecay, STAGES, thermalConstants, type ThermalConstants } from './thermal';
import {
  GRID_MAX_MA, GRID_STEP_MA, arrheniusDose, arrheniusRate, buildWidthCache, type WidthCache,
} from './width-cache';

/** Width caches are rebuilt when the damage crosses a step of this size (deterministic content). */
const DAMAGE_CACHE_STEP = 0.025;
const MAX_CACHED_WIDTHS = 16;
const K_B_EV_PER_K = 8.617333262e-5;

export interface GrainMap {
  xUm: Float32Array;
  yUm: Float32Array;
  state: Int8Array;
  lengthUm: number;
  widthUm: number;
}

export class HallBar {
  readonly params: Readonly<DeviceParams>;
  readonly seed: number;
  readonly index: number;
  readonly draw: DeviceDraw;
  readonly layout: GrainLayout;
  private readonly disorder: GrainDisorder;
  private readonly thermal: ThermalConstants;
  private readonly rc: RateConstants;
  private readonly rng: Sfc32;
  private readonly squares: number;
  private readonly wallMode: boolean;
  private readonly wallReductionFull: number;

  private readonly s: Int8Array;
  private plusCount = 0;
  private mFr = 1;
  /** Number of neighbours in the +1 state (maintained in wall mode only). */
  private readonly nbrPlus: Uint8Array;
  private readonly x = new Float64Array(STAGES);
  private timeS = 0;
  private pulseEndS = -Infinity;
  private damageD = 0;
  private stressJ = 0;
  private pulses = 0;

  private readonly caches = new Map<number, WidthCache>();
  private readonly temps: Float64Array;
  private readonly flipBuf: Int32Array;
  private readonly scratchDecay = new Float64Array(STAGES);

  /** `index` and `seed` pick this device's device-to-device draw; same inputs → same device. */
  constructor(params: DeviceParams, seed: number, index: number) {
    if (!Number.isFinite(seed) || !Number.isInteger(index) || index < 0) {
      throw new TypeError('HallBar: seed must be a finite number and index an integer ≥ 0');
    }
    validateDeviceParams(params);
    this.params = Object.freeze({ ...params });
    this.seed = seed;
    this.index = index;
    const p = this.params;
    this.thermal = thermalConstants(p);
    this.rc = { f0Hz: p.f0Hz, t0K: p.tKelvin, tCurieK: p.tCurieK };
    this.squares = p.channelLengthUm / p.channelWidthUm;
    this.rng = new Sfc32(seed, index, 0x4ba11);
    this.draw = drawDevice(p, this.rng);
    this.layout = layoutGrains(p.grainCount, p.channelLengthUm, p.channelWidthUm, this.rng);
    this.disorder = drawGrainDisorder(p, this.rng, this.layout, this.draw, this.thermal, this.r0Ohm(), this.rc);
    this.wallMode = p.inPlaneFieldOe !== 0;
    this.wallReductionFull = p.wallBarrierReductionFrac * Math.min(1, Math.abs(p.inPlaneFieldOe) / p.wallFieldRefOe);
    const n = p.grainCount;
    this.s = new Int8Array(n);
    this.nbrPlus = new Uint8Array(n);
    this.temps = new Float64Array(p.pulseSteps);
    this.flipBuf = new Int32Array(n);
    this.saturateByField(1);
  }

  // ---- state queries ------------------------------------------------------------------------

  /** m = mean(s_i) of the switchable grains. */
  magnetization(): number {
    return (2 * this.plusCount - this.s.length) / this.s.length;
  }

  /** State of the area that current does not switch (set by a saturating field). */
  fieldFreeBackground(): number {
    return this.mFr;
  }

  damage(): number {
    return this.damageD;
  }

  /**
   * Damages the device to at least `d` (0..1) at once, as if it had been overloaded: the
   * `fault=worn:N[@R]` injection (board/twin/faults.ts). Damage never heals, so a lower d is a no-op.
   */
  damageTo(d: number): void {
    if (!(d >= 0 && d <= 1)) throw new RangeError(`damageTo: damage must be in [0, 1], got ${d}`);
    if (d > this.damageD) this.damageD = d;
  }

  pulseCount(): number {
    return this.pulses;
  }

  /** Channel resistance at T0 with damage. */
  r0Ohm(): number {
    return this.params.sheetResistanceOhm * this.draw.sheetScale * this.squares * (1 + this.params.damageResistanceGain * this.damageD);
  }

  temperatureK(nowS: number): number {
    const dt = nowS - this.timeS;
    let sum = 0;
    for (let k = 0; k < STAGES; k++) sum += dt > 0 ? this.x[k] * Math.exp(-dt / this.thermal.tauS[k]) : this.x[k];
    return this.thermal.t0K + this.thermal.kTh * sum;
  }

  /** Slow stress node S in mJ (0 under the 'physical' preset, which has none). */
  stressMj(nowS: number): number {
    const dt = nowS - this.timeS;
    const s = dt > 0 ? this.stressJ * Math.exp(-dt / this.params.stressTauS) : this.stressJ;
    return s * 1e3;
  }

  /**
   * Hall resistance R_H (Ω) at nowS: R_off + ΔR_AHE/2·(η·m + (1−η)·m_fr), damage applied.
   * Like every call that takes a time, it first integrates the device up to nowS (cooling,
   * stress relaxation, damage); a time earlier than the device's own is read without rewinding.
   */
  rHallOhm(nowS: number): number {
    this.advanceTo(nowS);
    const p = this.params;
    const d = this.damageD;
    const rOff = this.draw.rOffOhm * (1 + p.damageResistanceGain * d);
    const eta = p.fieldFreeRatio;
    const m = (2 * this.plusCount - this.s.length) / this.s.length;
    return rOff + 0.5 * this.draw.deltaRAheOhm * (1 - d) * (eta * m + (1 - eta) * this.mFr);
  }

  /** Two-terminal resistance (Ω): leads + channel at its temperature, damage applied. */
  resistanceOhm(nowS: number): number {
    this.advanceTo(nowS);
    const t = this.thermal.t0K + riseK(this.thermal, this.x);
    return this.params.leadResistanceOhm + this.r0Ohm() * (1 + this.params.alphaPerK * (t - this.thermal.t0K));
  }

  /** Grain map for MOKE rendering (copies: changing them does not change the device). */
  grains(): GrainMap {
    return {
      xUm: Float32Array.from(this.layout.xUm),
      yUm: Float32Array.from(this.layout.yUm),
      state: Int8Array.from(this.s),
      lengthUm: this.layout.lengthUm,
      widthUm: this.layout.widthUm,
    };
  }

  /** The grain's zero-temperature critical current and the calibration-width 50 % current (mA). */
  grainThresholds(): { ic0Ma: Float64Array; iSwCalMa: Float64Array } {
    return { ic0Ma: Float64Array.from(this.disorder.ic0Ma), iSwCalMa: Float64Array.from(this.disorder.iSwCalMa) };
  }

  /** Per-grain I50,i and slope g_i (1/mA) at a pulse width, from the cold-start rate form. */
  thresholdsAt(widthS: number): { i50Ma: Float64Array; gPerMa: Float64Array } {
    const c = this.cacheFor(widthS);
    return { i50Ma: Float64Array.from(c.i50Ma), gPerMa: Float64Array.from(c.gPerMa) };
  }

  // ---- actions ------------------------------------------------------------------------------

  /** A saturating out-of-plane field: every grain and the field-free background to `sign`. */
  saturateByField(sign: 1 | -1): void {
    if (sign !== 1 && sign !== -1) throw new TypeError('saturateByField: sign must be 1 or -1');
    this.s.fill(sign);
    this.mFr = sign;
    this.recount();
  }

  /**
   * A current pulse: signed current in A (the sign picks the target state), width in s,
   * starting at nowS (s). Updates grains, temperature, damage and stress. A pulse may not start
   * before the previous one ended (DEVICE_TIME_REVERSED); if a read already integrated the
   * device past nowS, the pulse starts at the device's time.
   */
  pulse(currentA: number, widthS: number, nowS: number): void {
    if (!Number.isFinite(currentA) || !Number.isFinite(nowS) || !(widthS > 0) || !Number.isFinite(widthS)) {
      throw new TypeError('pulse: currentA and nowS must be finite and widthS > 0');
    }
    if (nowS < this.pulseEndS - 1e-9) {
      throw new TwinError('DEVICE_TIME_REVERSED', `device: pulse at ${nowS} s starts before the previous pulse ended (${this.pulseEndS} s)`);
    }
    this.advanceTo(nowS);
    const iMa = Math.abs(currentA) * 1e3;
    if (iMa > 0) {
      const target = currentA > 0 ? 1 : -1;
      const r0 = this.r0Ohm();
      let dose: number;
      if (riseK(this.thermal, this.x) <= this.params.coldThresholdK && iMa < GRID_MAX_MA) {
        dose = this.pulseFast(this.cacheFor(widthS), iMa, target);
      } else {
        dose = this.pulseIntegrated(widthS, iMa, target, r0);
      }
      if (dose > 0) this.damageD = 1 - (1 - this.damageD) * Math.exp(-dose);
      if (this.params.model === 'default') this.stressJ += currentA * currentA * r0 * widthS;
    } else {
      coolStages(this.thermal, this.x, widthS);
    }
    this.pulses++;
    this.timeS += widthS;
    this.pulseEndS = this.timeS;
  }

  // ---- persistence --------------------------------------------------------------------------

  saveState(): HallBarState {
    return encodeState({
      seed: this.seed,
      index: this.index,
      grains: this.s,
      mFr: this.mFr,
      stagesK: this.x,
      timeS: this.timeS,
      pulseEndS: this.pulseEndS,
      damage: this.damageD,
      stressJ: this.stressJ,
      pulseCount: this.pulses,
      rng: this.rng.getState(),
    });
  }

  /** Restores a saveState() result; throws TwinError on a malformed or foreign state. */
  loadState(state: unknown): void {
    const st = decodeState(state, this.seed, this.index, this.s.length);
    this.s.set(st.grains);
    this.mFr = st.mFr;
    this.x.set(st.stagesK);
    this.timeS = st.timeS;
    this.pulseEndS = st.pulseEndS;
    this.damageD = st.damage;
    this.stressJ = st.stressJ;
    this.pulses = st.pulseCount;
    this.rng.setState(st.rng);
    this.recount();
  }

  // ---- internals ----------------------------------------------------------------------------

  private recount(): void {
    const s = this.s;
    let plus = 0;
    for (let i = 0; i < s.length; i++) if (s[i] > 0) plus++;
    this.plusCount = plus;
    if (!this.wallMode) return;
    const { nbrStart, nbrList } = this.layout;
    for (let i = 0; i < s.length; i++) {
      let c = 0;
      for (let k = nbrStart[i]; k < nbrStart[i + 1]; k++) if (s[nbrList[k]] > 0) c++;
      this.nbrPlus[i] = c;
    }
  }

  private flip(i: number, target: number): void {
    this.s[i] = target;
    this.plusCount += target;
    if (this.wallMode) {
      const { nbrStart, nbrList } = this.layout;
      for (let k = nbrStart[i]; k < nbrStart[i + 1]; k++) this.nbrPlus[nbrList[k]] += target;
    }
  }

  /** Threshold reduction of grain i from neighbours already in the target state (wall mode). */
  private wallReduction(i: number, target: number): number {
    const deg = this.layout.nbrStart[i + 1] - this.layout.nbrStart[i];
    if (deg === 0) return 0;
    const plus = this.nbrPlus[i];
    const inTarget = target > 0 ? plus : deg - plus;
    return (this.wallReductionFull * inTarget) / deg;
  }

  private cacheFor(widthS: number): WidthCache {
    const dq = Math.floor(this.damageD / DAMAGE_CACHE_STEP) * DAMAGE_CACHE_STEP;
    const hit = this.caches.get(widthS);
    if (hit !== undefined && hit.builtAtDamage === dq) return hit;
    if (hit === undefined && this.caches.size >= MAX_CACHED_WIDTHS) {
      const oldest = this.caches.keys().next();
      if (!oldest.done) this.caches.delete(oldest.value);
    }
    const p = this.params;
    const r0 = p.sheetResistanceOhm * this.draw.sheetScale * this.squares * (1 + p.damageResistanceGain * dq);
    const c = buildWidthCache(widthS, {
      thermal: this.thermal,
      rc: this.rc,
      steps: p.pulseSteps,
      r0Ohm: r0,
      damage: dq,
      delta: this.disorder.delta,
      ic0Ma: this.ic0At(dq),
      guessMa: this.disorder.iSwCalMa,
      damageEnergyEv: p.damageEnergyEv,
      damageRateHz: p.damageRateHz,
    }, hit);
    this.caches.set(widthS, c);
    return c;
  }

  private ic0At(damage: number): Float64Array {
    const beta = this.params.damageIcBeta;
    const out = Float64Array.from(this.disorder.ic0Ma);
    if (beta !== 0) for (let i = 0; i < out.length; i++) out[i] *= 1 - beta * damage;
    return out;
  }

  /** Cold-start fast form. Returns the Arrhenius damage dose of the pulse. */
  private pulseFast(c: WidthCache, iMa: number, target: number): number {
    const s = this.s;
    const n = s.length;
    if (this.wallMode) {
      this.wallPass(c, iMa, target);
    } else if (iMa > c.minILowMa) {
      const { i50Ma, gPerMa, iLowMa, iHighMa } = c;
      const rng = this.rng;
      for (let i = 0; i < n; i++) {
        if (s[i] === target || iMa <= iLowMa[i]) continue;
        if (iMa >= iHighMa[i] || rng.next() < -Math.expm1(-LN2 * Math.exp(gPerMa[i] * (iMa - i50Ma[i])))) {
          s[i] = target;
          this.plusCount += target;
        }
      }
    }
    // Thermal network: residual heat decays over the pulse, plus the cold-start response.
    const pos = iMa / GRID_STEP_MA;
    const j0 = Math.min(Math.floor(pos), c.dose.length - 2);
    const w = pos - j0;
    const b0 = j0 * STAGES;
    const b1 = b0 + STAGES;
    for (let k = 0; k < STAGES; k++) {
      this.x[k] = this.x[k] * c.widthDecay[k] + (1 - w) * c.endX[b0 + k] + w * c.endX[b1 + k];
    }
    return (1 - w) * c.dose[j0] + w * c.dose[j0 + 1];
  }

  /** Wall mode: neighbours in the target state lower a grain's threshold; decisions use the
   *  neighbourhood at the start of the pulse, so a wall advances about one grain per pulse. */
  private wallPass(c: WidthCache, iMa: number, target: number): void {
    const s = this.s;
    const n = s.length;
    const rng = this.rng;
    const { i50Ma, gPerMa, iLowMa, iHighMa } = c;
    const { nbrStart } = this.layout;
    const nbrPlus = this.nbrPlus;
    const full = this.wallReductionFull;
    let flips = 0;
    for (let i = 0; i < n; i++) {
      if (s[i] === target) continue;
      const deg = nbrStart[i + 1] - nbrStart[i];
      const inTarget = target > 0 ? nbrPlus[i] : deg - nbrPlus[i];
      if (inTarget === 0) {
        if (iMa <= iLowMa[i]) continue;
        if (iMa >= iHighMa[i] || rng.next() < -Math.expm1(-LN2 * Math.exp(gPerMa[i] * (iMa - i50Ma[i])))) this.flipBuf[flips++] = i;
        continue;
      }
      const keep = 1 - (full * inTarget) / deg;
      const xv = (gPerMa[i] / keep) * (iMa - i50Ma[i] * keep);
      if (xv <= X_LOW) continue;
      if (xv >= X_HIGH || rng.next() < -Math.expm1(-LN2 * Math.exp(xv))) this.flipBuf[flips++] = i;
    }
    for (let k = 0; k < flips; k++) this.flip(this.flipBuf[k], target);
  }

  /** Integrated rate form from the present thermal state (a pulse soon after another). */
  private pulseIntegrated(widthS: number, iMa: number, target: number, r0Ohm: number): number {
    const p = this.params;
    const steps = p.pulseSteps;
    const dtS = widthS / steps;
    stepDecay(this.thermal, widthS, steps, this.scratchDecay);
    drivePulse(this.thermal, r0Ohm, iMa * 1e-3, steps, this.scratchDecay, this.x, this.temps);
    let tMaxK = 0;
    for (let k = 0; k < steps; k++) if (this.temps[k] > tMaxK) tMaxK = this.temps[k];
    // E/k_BT falls monotonically with T, so the hottest step bounds ∫r dt from above:
    // ∫r dt ≤ τ·f0·exp(−E(T_max)/k_B·T_max). Grains whose bound is below e^−12 (P < 6·10⁻⁶) are skipped.
    const kappaMax = 1 - (tMaxK - this.rc.t0K) / (this.rc.tCurieK - this.rc.t0K);
    const lnTauF0 = Math.log(widthS * this.rc.f0Hz);
    const ic0 = this.disorder.ic0Ma;
    const delta = this.disorder.delta;
    const icScale = 1 - p.damageIcBeta * this.damageD;
    const s = this.s;
    let flips = 0;
    for (let i = 0; i < s.length; i++) {
      if (s[i] === target) continue;
      const r = this.wallMode ? this.wallReduction(i, target) : 0;
      const ic0i = ic0[i] * icScale * (1 - r);
      if (kappaMax > 0) {
        const red = 1 - iMa / (kappaMax * ic0i);
        if (red > 0 && lnTauF0 - (delta[i] * this.rc.t0K * kappaMax * red) / tMaxK < -12) continue;
      }
      const prob = probabilityFromLnPhi(lnRateIntegral(iMa, ic0i, delta[i], this.temps, steps, dtS, this.rc));
      if (prob <= 0) continue;
      if (prob >= 1 - 1e-11 || this.rng.next() < prob) this.flipBuf[flips++] = i;
    }
    for (let k = 0; k < flips; k++) this.flip(this.flipBuf[k], target);
    return arrheniusDose(this.temps, steps, dtS, p.damageEnergyEv, p.damageRateHz);
  }

  /** Integrates cooling, Arrhenius damage while hot, and stress relaxation/damage up to nowS. */
  private advanceTo(nowS: number): void {
    const dt = nowS - this.timeS;
    if (!(dt > 0)) return;
    const p = this.params;
    const rise = riseK(this.thermal, this.x);
    if (rise > 0) {
      const dose = this.coolingDose(dt, rise);
      if (dose > 0) this.damageD = 1 - (1 - this.damageD) * Math.exp(-dose);
      coolStages(this.thermal, this.x, dt);
    }
    if (p.model === 'default' && this.stressJ > 0) {
      const tau = p.stressTauS;
      const sMaxJ = p.stressMaxMj * 1e-3;
      const s0 = this.stressJ;
      if (s0 > sMaxJ && this.damageD < p.stressDamageCeiling) {
        // ∫(S/S_max − 1) dt while S > S_max, exact for S = S0·e^(−t/τ).
        const t1 = Math.min(dt, tau * Math.log(s0 / sMaxJ));
        const excess = (s0 / sMaxJ) * tau * -Math.expm1(-t1 / tau) - t1;
        const ceil = p.stressDamageCeiling;
        this.damageD = ceil - (ceil - this.damageD) * Math.exp(-p.stressRatePerS * excess);
      }
      this.stressJ = s0 * Math.exp(-dt / tau);
    }
    this.timeS = nowS;
  }

  /** Arrhenius dose while the network cools for dt from its present state. */
  private coolingDose(dt: number, rise: number): number {
    const p = this.params;
    if (p.damageRateHz === 0) return 0;
    const c = this.thermal;
    const t0 = c.t0K + rise;
    let slope = 0;
    for (let k = 0; k < STAGES; k++) slope += this.x[k] / c.tauS[k];
    slope *= c.kTh;
    // Laplace estimate of the whole cooling tail: the rate falls by e over k_B·T²/E_D of
    // cooling. It is 15–35 % low against the integral (more stages keep it warm), which does not
    // matter below 1e-8 per event; the integral is used above that or when the next event comes
    // before the tail is over.
    const eFoldS = (K_B_EV_PER_K * t0 * t0) / p.damageEnergyEv / slope;
    const est = arrheniusRate(t0, p.damageEnergyEv, p.damageRateHz) * eFoldS;
    if (!(est > 1e-13)) return 0;
    if (est < 1e-8 && dt > 50 * eFoldS) return est;
    const tMax = Math.min(dt, 30 * c.tauS[STAGES - 1]);
    const tMin = Math.min(tMax, 0.01 * c.tauS[0]);
    const n = 64;
    const tempAt = (t: number): number => {
      let sum = 0;
      for (let k = 0; k < STAGES; k++) sum += this.x[k] * Math.exp(-t / c.tauS[k]);
      return c.t0K + c.kTh * sum;
    };
    let prevT = 0;
    let prevR = arrheniusRate(t0, p.damageEnergyEv, p.damageRateHz);
    let dose = 0;
    for (let j = 0; j <= n; j++) {
      const t = tMin * Math.pow(tMax / tMin, j / n);
      const r = arrheniusRate(tempAt(t), p.damageEnergyEv, p.damageRateHz);
      dose += 0.5 * (r + prevR) * (t - prevT);
      prevT = t;
      prevR = r;
    }
    return dose;
  }
}
