/**
 * Constants derived once from the board definition: DAC scaling, the ADC-counts → R_H line,
 * the effective pulse limits (board ∩ protocol), settling and thermal-guard parameters.
 */
import { MAX_CURRENT_UA, MAX_SWEEP_STEPS, MAX_WIDTH_US, MIN_WIDTH_US } from '../../protocol/limits';
import type { FirmwareBoard } from '../board';
import { settleTimeConstants } from './settle-table';

export class Params {
  readonly board: FirmwareBoard;
  readonly channels: number;
  readonly populatedMask: number;
  readonly dacMaxCode: number;
  readonly maxCurrentUa: number;
  readonly minWidthUs: number;
  readonly maxWidthUs: number;
  readonly adcMaxCounts: number;
  /** rHallMilliOhm = rPerCountMilliOhm · counts + rAtZeroCountsMilliOhm */
  readonly rPerCountMilliOhm: number;
  readonly rAtZeroCountsMilliOhm: number;
  readonly defaultSettleMs: number;
  readonly switchSettleMs: number;
  readonly guardLimitMj: number;
  /** E = I²·R·τ_p in mJ = energyK · currentUa² · widthUs (the units folded into one factor). */
  readonly energyK: number;
  readonly maxSweepSteps = MAX_SWEEP_STEPS;

  constructor(board: FirmwareBoard) {
    this.board = board;
    this.channels = board.channels;
    let mask = 0;
    for (let i = 0; i < board.populated.length; i++) mask |= 1 << board.populated[i];
    this.populatedMask = mask;
    // (1 << bits) - 1, not Math.pow: on Espruino Math.pow(2, 12) is 4096 - 3.2e-12 (ESPRUINO.md)
    this.dacMaxCode = (1 << board.dac.bits) - 1;
    this.maxCurrentUa = Math.min(board.limits.maxCurrentUa, MAX_CURRENT_UA, board.dac.fullScaleUa);
    this.minWidthUs = Math.max(board.limits.minWidthUs, MIN_WIDTH_US);
    this.maxWidthUs = Math.min(board.limits.maxWidthUs, MAX_WIDTH_US);
    this.adcMaxCounts = (1 << board.adc.bits) - 1;
    // counts → V_adc → V_aux → X → R_H (all linear): see PHYSICS §5 and BoardDefinition.adc/lockin.
    const voltsPerCount = board.adc.referenceV / this.adcMaxCounts;
    const lockin = board.lockin;
    const milliOhmPerVoltX = 1000 / (lockin.excitationUaRms * 1e-6);
    const xPerVadc = 1 / (board.adc.auxToAdcGain * lockin.auxScale);
    const xAtZeroVadc =
      (-board.adc.auxToAdcOffsetV / board.adc.auxToAdcGain - lockin.auxOffsetV) / lockin.auxScale - lockin.auxPreoffsetV;
    this.rPerCountMilliOhm = voltsPerCount * xPerVadc * milliOhmPerVoltX;
    this.rAtZeroCountsMilliOhm = xAtZeroVadc * milliOhmPerVoltX;
    this.defaultSettleMs = Math.ceil(settleTimeConstants(lockin.filterOrder, lockin.settleFraction) * lockin.timeConstantMs);
    this.switchSettleMs = board.selector.switchSettleUs / 1000;
    this.guardLimitMj = board.limits.guardFraction * board.limits.stressMaxMj;
    this.energyK = board.limits.channelResistanceOhm * 1e-15;
  }

  /**
   * The DAC code that drives `currentUa`, signed like it: |current| / full scale × max code,
   * rounded (half up: `+ 0.5 | 0`, as Math.round for a value ≥ 0, without its native call on
   * Espruino), at most the max code. PulseSeq's fire step and activateMany's plan compute the
   * same inline (a call per pulse or per x costs the interpreter more than the line).
   */
  dacCode(currentUa: number): number {
    const max = this.dacMaxCode;
    let code = (((currentUa < 0 ? -currentUa : currentUa) / this.board.dac.fullScaleUa) * max + 0.5) | 0;
    if (code > max) code = max;
    return currentUa < 0 ? -code : code;
  }

  /** The current a DAC code really makes, signed like `currentUa`. */
  appliedUa(code: number, negative: boolean): number {
    const ua = Math.round((code / this.dacMaxCode) * this.board.dac.fullScaleUa);
    return negative ? -ua : ua;
  }

  rHallMilliOhm(counts: number): number {
    return this.rPerCountMilliOhm * counts + this.rAtZeroCountsMilliOhm;
  }

  /** Pulse energy for the stress budget: E = I²·R·τ_p, in mJ (PHYSICS §4). */
  pulseEnergyMj(currentUa: number, widthUs: number): number {
    return currentUa * currentUa * widthUs * this.energyK;
  }
}
