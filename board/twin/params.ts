/**
 * Instrument-chain parameters of the twin (selector, DAC + current pump, lock-in, ADC).
 * Defaults come from the board definition; twin-only ones (noise density, aux bits…) from
 * PHYSICS.md. Every one has its unit in its name and can be overridden in the spec
 * (`sim:lockinTauMs=3`). Device parameters live with the device model (board/twin/device/).
 * Tags: [S] sourced, [C] calculated, [E] estimate, [G] guess (PHYSICS.md).
 */
import type { BoardDefinition } from '../definitions/definition';

export interface ChainParams {
  lockinFrequencyHz: number;
  lockinExcitationUaRms: number;
  lockinTauMs: number;
  lockinOrder: number;
  lockinNoiseNvRtHz: number;
  lockinAuxScale: number;
  lockinAuxPreoffsetV: number;
  lockinAuxOffsetV: number;
  lockinAuxRangeV: number;
  lockinAuxBits: number;
  lockinVacantNoiseFactor: number;
  adcBits: number;
  adcReferenceV: number;
  adcGain: number;
  adcOffsetV: number;
  adcNoiseRmsCounts: number;
  dacBits: number;
  dacFullScaleUa: number;
  dacComplianceV: number;
  dacRiseTimeNs: number;
  muxOnResistanceOhm: number;
}

export interface ParamDoc {
  unit: string;
  tag: 'S' | 'C' | 'E' | 'G';
  source: string;
  doc: string;
  /** Integer-valued parameter. */
  integer?: boolean;
  /** Inclusive bounds; `positive` means strictly > 0. */
  min?: number;
  max?: number;
  positive?: boolean;
}

export const CHAIN_PARAM_DOCS: { readonly [K in keyof ChainParams]: ParamDoc } = {
  lockinFrequencyHz: { unit: 'Hz', tag: 'S', source: 'paper; PHYSICS §5', doc: 'lock-in reference frequency (sets nothing in the model beyond documentation and the τ ≳ 1.4 ms ripple note)', positive: true },
  lockinExcitationUaRms: { unit: 'µA rms', tag: 'S', source: 'paper; PHYSICS §5', doc: 'AC excitation I_ac; X = I_ac·R_H', positive: true },
  lockinTauMs: { unit: 'ms', tag: 'G', source: 'PHYSICS §5', doc: 'demodulator low-pass time constant τ', positive: true },
  lockinOrder: { unit: 'stages', tag: 'G', source: 'PHYSICS §5', doc: 'filter order n (RC stages)', integer: true, min: 1, max: 8 },
  lockinNoiseNvRtHz: { unit: 'nV/√Hz', tag: 'E', source: 'PHYSICS §5', doc: 'input noise density e_n (amplifier + Johnson noise of the Hall arms); X noise = e_n·√NEBW', min: 0 },
  lockinAuxScale: { unit: 'V/V', tag: 'C', source: 'docs/twin.md (ADC span arithmetic)', doc: 'aux output scale: V = (X + preoffset)·scale + offset' },
  lockinAuxPreoffsetV: { unit: 'V', tag: 'C', source: 'docs/twin.md', doc: 'aux output pre-offset added to X before scaling' },
  lockinAuxOffsetV: { unit: 'V', tag: 'C', source: 'docs/twin.md', doc: 'aux output offset after scaling' },
  lockinAuxRangeV: { unit: 'V', tag: 'S', source: 'MFLI aux output ±10 V; PHYSICS §5', doc: 'aux output clip ±range', positive: true },
  lockinAuxBits: { unit: 'bits', tag: 'S', source: 'MFLI aux output 18 bit; PHYSICS §5', doc: 'aux output resolution over ±range', integer: true, min: 1, max: 32 },
  lockinVacantNoiseFactor: { unit: '×', tag: 'G', source: 'PHYSICS §6 ("reads ≈ 0 with larger noise")', doc: 'noise multiplier with no current path (vacant/open channel, EN off)', min: 0 },
  adcBits: { unit: 'bits', tag: 'S', source: 'STM32F4 ADC; board definition adc.bits', doc: 'ADC resolution', integer: true, min: 8, max: 24 },
  adcReferenceV: { unit: 'V', tag: 'S', source: 'Espruino Pico 3.3 V; board definition', doc: 'ADC full scale', positive: true },
  adcGain: { unit: 'V/V', tag: 'G', source: 'PHYSICS §5 (V_ref / 20 V); board definition adc.auxToAdcGain', doc: 'divider gain aux → ADC' },
  adcOffsetV: { unit: 'V', tag: 'G', source: 'PHYSICS §5 (V_ref / 2); board definition adc.auxToAdcOffsetV', doc: 'level shift aux → ADC' },
  adcNoiseRmsCounts: { unit: 'counts rms', tag: 'G', source: 'board definition adc.noiseRmsCounts', doc: 'ADC noise', min: 0 },
  dacBits: { unit: 'bits', tag: 'S', source: 'MCP4822 datasheet; board definition', doc: 'DAC resolution (MCP48x2: 8, 10 or 12)', integer: true, min: 8, max: 12 },
  dacFullScaleUa: { unit: 'µA', tag: 'C', source: 'PHYSICS §6; board definition dac.fullScaleUa', doc: 'pump current at full-scale code, gain 2×', positive: true },
  dacComplianceV: { unit: 'V', tag: 'C', source: 'PHYSICS §6', doc: 'Howland pump compliance; |I| ≤ V/R_load', positive: true },
  dacRiseTimeNs: { unit: 'ns', tag: 'C', source: 'PHYSICS §6', doc: 'pump rise time; a gate pulse shorter than it is attenuated', min: 0 },
  muxOnResistanceOhm: { unit: 'Ω', tag: 'S', source: 'ADG1406 / CD74HC4067 class, 70–125 Ω; PHYSICS §6', doc: 'DEMUX on-resistance in series with the device (compliance)', min: 0 },
};

export const CHAIN_PARAM_NAMES = Object.keys(CHAIN_PARAM_DOCS) as (keyof ChainParams)[];

/** The chain parameters a board definition implies. */
export function chainParamsFromBoard(def: BoardDefinition): ChainParams {
  return {
    lockinFrequencyHz: def.lockin.frequencyHz,
    lockinExcitationUaRms: def.lockin.excitationUaRms,
    lockinTauMs: def.lockin.timeConstantMs,
    lockinOrder: def.lockin.filterOrder,
    lockinNoiseNvRtHz: 4.5,
    lockinAuxScale: def.lockin.auxScale,
    lockinAuxPreoffsetV: def.lockin.auxPreoffsetV,
    lockinAuxOffsetV: def.lockin.auxOffsetV,
    lockinAuxRangeV: 10,
    lockinAuxBits: 18,
    lockinVacantNoiseFactor: 10,
    adcBits: def.adc.bits,
    adcReferenceV: def.adc.referenceV,
    adcGain: def.adc.auxToAdcGain,
    adcOffsetV: def.adc.auxToAdcOffsetV,
    adcNoiseRmsCounts: def.adc.noiseRmsCounts,
    dacBits: def.dac.bits,
    dacFullScaleUa: def.dac.fullScaleUa,
    dacComplianceV: def.dac.complianceV,
    dacRiseTimeNs: def.dac.riseTimeNs,
    muxOnResistanceOhm: def.selector.onResistanceOhm,
  };
}
