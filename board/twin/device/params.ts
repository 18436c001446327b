/**
 * Every parameter of the Hall-bar model, flat, with its unit in the name (PHYSICS.md §1–4).
 * Tags: S = from a source, C = calculated from sourced values, E = physics estimate,
 * G = a guess, to be replaced by a measured value on a real board.
 */
import { TwinError } from '../errors';

export type DeviceModel = 'default' | 'physical';

export interface DeviceParams {
  /** 'default' adds the slow stress node (phenomenological); 'physical' has only heat + Arrhenius. */
  model: DeviceModel;

  // §1 grain ensemble
  grainCount: number;
  deltaMean: number;
  deltaRelSd: number;
  i50At5UsMa: number;
  logisticScaleMa: number;
  calibrationWidthUs: number;
  fieldFreeRatio: number;
  deltaRAheOhm: number;
  rOffSdOhm: number;
  /** Current density at the centre of the width over that at the edges (switching starts in the centre). */
  centreCurrentRatio: number;
  /** Relative 1σ of a grain's local (position-free) threshold; with the current profile it sets the ranks. */
  localThresholdRelSd: number;

  // device-to-device spread (1σ, relative)
  deltaRAheRelSd: number;
  i50RelSd: number;
  sheetResistanceRelSd: number;

  // §2 thermally activated switching
  f0Hz: number;
  tKelvin: number;
  tCurieK: number;
  pulseSteps: number;
  coldThresholdK: number;

  // wall-propagation mode
  inPlaneFieldOe: number;
  wallFieldRefOe: number;
  wallBarrierReductionFrac: number;

  // §3 electrical
  sheetResistanceOhm: number;
  channelLengthUm: number;
  channelWidthUm: number;
  leadResistanceOhm: number;
  alphaPerK: number;

  // §4 heating
  kTh: number;
  thermalR1KPerW: number;
  thermalR2KPerW: number;
  thermalR3KPerW: number;
  thermalR4KPerW: number;
  thermalR5KPerW: number;
  thermalTau1S: number;
  thermalTau2S: number;
  thermalTau3S: number;
  thermalTau4S: number;
  thermalTau5S: number;

  // §4 damage
  damageEnergyEv: number;
  damageRateHz: number;
  damageResistanceGain: number;
  damageIcBeta: number;
  stressTauS: number;
  stressMaxMj: number;
  stressRatePerS: number;
  stressDamageCeiling: number;
}

export const DEVICE_DEFAULTS: Readonly<DeviceParams> = Object.freeze({
  model: 'default',
  grainCount: 500,
  deltaMean: 300,
  deltaRelSd: 0.1,
  i50At5UsMa: 20,
  logisticScaleMa: 1.275,
  calibrationWidthUs: 5,
  fieldFreeRatio: 0.691,
  deltaRAheOhm: 0.5,
  rOffSdOhm: 1,
  centreCurrentRatio: 1.3,
  localThresholdRelSd: 0.06,
  deltaRAheRelSd: 0.1,
  i50RelSd: 0.05,
  sheetResistanceRelSd: 0.05,
  f0Hz: 1e9,
  tKelvin: 300,
  tCurieK: 800,
  pulseSteps: 100,
  coldThresholdK: 1,
  inPlaneFieldOe: 0,
  wallFieldRefOe: 1000,
  wallBarrierReductionFrac: 0.5,
  sheetResistanceOhm: 23.7,
  channelLengthUm: 40,
  channelWidthUm: 3,
  leadResistanceOhm: 184,
  alphaPerK: 1e-3,
  kTh: 0.5,
  thermalR1KPerW: 714,
  thermalR2KPerW: 676,
  thermalR3KPerW: 962,
  thermalR4KPerW: 477,
  thermalR5KPerW: 242,
  thermalTau1S: 1e-7,
  thermalTau2S: 1e-6,
  thermalTau3S: 1e-5,
  thermalTau4S: 1e-4,
  thermalTau5S: 1e-3,
  damageEnergyEv: 1.2,
  damageRateHz: 8e6,
  damageResistanceGain: 0.2,
  damageIcBeta: 0,
  stressTauS: 4 * 3600,
  stressMaxMj: 9.0,
  stressRatePerS: 8.7e-4,
  stressDamageCeiling: 0.7,
});

export type ParamTag = 'S' | 'C' | 'E' | 'G';
export interface ParamDoc {
  unit: string;
  tag: ParamTag;
  note: string;
}

export const DEVICE_PARAM_DOCS: { [key in keyof DeviceParams]?: ParamDoc } = {
  model: { unit: '-', tag: 'G', note: "'default' = fast heat + Arrhenius + slow stress node; 'physical' = no stress node (PHYSICS §4)" },
  grainCount: { unit: 'grains', tag: 'G', note: 'switchable grains per device (PHYSICS §1)' },
  deltaMean: { unit: 'k_B·T0', tag: 'G', note: 'mean thermal stability Δ̄ of a grain (PHYSICS §1)' },
  deltaRelSd: { unit: 'relative', tag: 'G', note: 'grain-to-grain 1σ of Δ (PHYSICS §1)' },
  i50At5UsMa: { unit: 'mA', tag: 'C', note: 'median switching current at 5 µs; logistic center (PHYSICS §1, paper Fig. 1f–g)' },
  logisticScaleMa: { unit: 'mA', tag: 'C', note: 'logistic scale s at 5 µs; ΔI99 = 2·s·ln 199 = 13.5 mA (PHYSICS §1)' },
  calibrationWidthUs: { unit: 'µs', tag: 'S', note: 'pulse width at which the logistic threshold distribution is defined (paper: 5 µs pulses)' },
  fieldFreeRatio: { unit: 'ratio', tag: 'S', note: 'η, field-free switching ratio ΔR_AHE,I/ΔR_AHE,H = 69.1 % (paper, Fig. 1d)' },
  deltaRAheOhm: { unit: 'Ω', tag: 'E', note: 'field-induced AHE resistance change ΔR_AHE,H (range 0.2–1 Ω, PHYSICS §1)' },
  rOffSdOhm: { unit: 'Ω', tag: 'C', note: '1σ of the per-device offset R_off from Hall-probe misalignment (PHYSICS §1)' },
  centreCurrentRatio: { unit: 'ratio', tag: 'G', note: 'current density at the centre of the width over the edge; makes switching start in the centre (paper Fig. 2b–e)' },
  localThresholdRelSd: { unit: 'relative', tag: 'G', note: 'normal spread of the local barrier (paper: "E_n … follows the normal distribution"); only orders the grains, the device-level thresholds stay logistic' },
  deltaRAheRelSd: { unit: 'relative', tag: 'G', note: 'device-to-device 1σ of ΔR_AHE (PHYSICS §1)' },
  i50RelSd: { unit: 'relative', tag: 'G', note: 'device-to-device 1σ of I50 (PHYSICS §1)' },
  sheetResistanceRelSd: { unit: 'relative', tag: 'G', note: 'device-to-device 1σ of the sheet resistance (PHYSICS §1)' },
  f0Hz: { unit: 'Hz', tag: 'G', note: 'attempt frequency f0 (PHYSICS §2)' },
  tKelvin: { unit: 'K', tag: 'S', note: 'ambient temperature T0 (PHYSICS §2)' },
  tCurieK: { unit: 'K', tag: 'G', note: 'T_K at which the barrier factor κ(T) reaches zero (PHYSICS §2)' },
  pulseSteps: { unit: 'steps', tag: 'C', note: 'time steps of the integrated rate form and the in-pulse thermal trajectory' },
  coldThresholdK: { unit: 'K', tag: 'C', note: 'above this residual heating a pulse uses the integrated form instead of the cold-start fast form (PHYSICS §2)' },
  inPlaneFieldOe: { unit: 'Oe', tag: 'S', note: 'in-plane field H_x; ≠ 0 turns on wall propagation (paper: −1000 Oe in Fig. 2c,e)' },
  wallFieldRefOe: { unit: 'Oe', tag: 'G', note: '|H_x| at which the wall barrier reduction is full' },
  wallBarrierReductionFrac: { unit: 'fraction', tag: 'G', note: 'threshold reduction of a grain whose neighbours are all switched, at |H_x| ≥ wallFieldRefOe' },
  sheetResistanceOhm: { unit: 'Ω/□', tag: 'C', note: 'CuPt 10 nm ∥ CoPt 4 nm sheet resistance (PHYSICS §3)' },
  channelLengthUm: { unit: 'µm', tag: 'S', note: 'current channel length (paper: 3 µm × 40 µm)' },
  channelWidthUm: { unit: 'µm', tag: 'S', note: 'current channel width (paper: 3 µm × 40 µm)' },
  leadResistanceOhm: { unit: 'Ω', tag: 'E', note: 'leads + contacts in series with the channel (two-terminal ≈ 500 Ω, PHYSICS §3)' },
  alphaPerK: { unit: '1/K', tag: 'G', note: 'temperature coefficient α of the channel resistance (PHYSICS §3)' },
  kTh: { unit: 'factor', tag: 'G', note: 'k_th scaling of the thermal network (PHYSICS §4)' },
  thermalR1KPerW: { unit: 'K/W', tag: 'C', note: 'thermal network stage 1 (heat diffusion into SrTiO3, PHYSICS §4)' },
  thermalR2KPerW: { unit: 'K/W', tag: 'C', note: 'thermal network stage 2' },
  thermalR3KPerW: { unit: 'K/W', tag: 'C', note: 'thermal network stage 3' },
  thermalR4KPerW: { unit: 'K/W', tag: 'C', note: 'thermal network stage 4' },
  thermalR5KPerW: { unit: 'K/W', tag: 'C', note: 'thermal network stage 5' },
  thermalTau1S: { unit: 's', tag: 'C', note: 'thermal network stage 1 time constant' },
  thermalTau2S: { unit: 's', tag: 'C', note: 'thermal network stage 2 time constant' },
  thermalTau3S: { unit: 's', tag: 'C', note: 'thermal network stage 3 time constant' },
  thermalTau4S: { unit: 's', tag: 'C', note: 'thermal network stage 4 time constant' },
  thermalTau5S: { unit: 's', tag: 'C', note: 'thermal network stage 5 time constant' },
  damageEnergyEv: { unit: 'eV', tag: 'G', note: 'Arrhenius damage activation energy E_D (PHYSICS §4)' },
  damageRateHz: { unit: '1/s', tag: 'G', note: 'Arrhenius damage prefactor ν_D (PHYSICS §4)' },
  damageResistanceGain: { unit: 'per unit D', tag: 'G', note: 'sheet resistance and R_off scale by (1 + gain·D) (PHYSICS §4)' },
  damageIcBeta: { unit: 'per unit D', tag: 'G', note: 'optional I_c0·(1 − β·D); 0 = off (PHYSICS §4)' },
  stressTauS: { unit: 's', tag: 'G', note: 'relaxation time of the slow stress node, 4 h [phenomenological] (PHYSICS §4)' },
  stressMaxMj: { unit: 'mJ', tag: 'G', note: 'S_max above which stress damages [phenomenological, fitted to the paper’s overloaded neuron]' },
  stressRatePerS: { unit: '1/s', tag: 'G', note: 'k_stress of dD/dt = k·(S/S_max − 1)·(ceiling − D) [phenomenological]' },
  stressDamageCeiling: { unit: 'D', tag: 'G', note: 'stress damage saturates here; the paper still shows a reduced loop after 6 000 examples' },
};

const POSITIVE: (keyof DeviceParams)[] = [
  'grainCount', 'deltaMean', 'i50At5UsMa', 'logisticScaleMa', 'calibrationWidthUs', 'f0Hz', 'tKelvin',
  'pulseSteps', 'coldThresholdK', 'wallFieldRefOe', 'sheetResistanceOhm', 'channelLengthUm', 'channelWidthUm',
  'kTh', 'thermalR1KPerW', 'thermalR2KPerW', 'thermalR3KPerW', 'thermalR4KPerW', 'thermalR5KPerW',
  'thermalTau1S', 'thermalTau2S', 'thermalTau3S', 'thermalTau4S', 'thermalTau5S', 'damageEnergyEv',
  'stressTauS', 'stressMaxMj', 'centreCurrentRatio',
];
const NON_NEGATIVE: (keyof DeviceParams)[] = [
  'deltaRelSd', 'localThresholdRelSd', 'deltaRAheOhm', 'rOffSdOhm', 'deltaRAheRelSd', 'i50RelSd', 'sheetResistanceRelSd',
  'leadResistanceOhm', 'alphaPerK', 'damageRateHz', 'damageResistanceGain', 'damageIcBeta', 'stressRatePerS',
];

/** Defaults with `overrides` applied, checked. Throws TwinError('DEVICE_PARAM') on a bad value. */
export function deviceParams(overrides: Partial<DeviceParams> = {}): DeviceParams {
  const p: DeviceParams = { ...DEVICE_DEFAULTS, ...overrides };
  validateDeviceParams(p);
  return p;
}

export function validateDeviceParams(p: DeviceParams): void {
  const bad = (key: string, why: string): never => {
    throw new TwinError('DEVICE_PARAM', `device: parameter ${key} ${why}`);
  };
  for (const key of Object.keys(DEVICE_DEFAULTS) as (keyof DeviceParams)[]) {
    if (key === 'model') continue;
    const v = p[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) bad(key, `must be a finite number, got ${String(v)}`);
  }
  if (p.model !== 'default' && p.model !== 'physical') bad('model', `must be 'default' or 'physical', got ${String(p.model)}`);
  for (const key of POSITIVE) if ((p[key] as number) <= 0) bad(key, 'must be > 0');
  for (const key of NON_NEGATIVE) if ((p[key] as number) < 0) bad(key, 'must be ≥ 0');
  if (!Number.isInteger(p.grainCount) || p.grainCount < 4 || p.grainCount > 100000) bad('grainCount', 'must be an integer in 4..100000');
  if (!Number.isInteger(p.pulseSteps) || p.pulseSteps < 4 || p.pulseSteps > 10000) bad('pulseSteps', 'must be an integer in 4..10000');
  if (p.fieldFreeRatio < 0 || p.fieldFreeRatio > 1) bad('fieldFreeRatio', 'must be in [0, 1]');
  if (p.tCurieK <= p.tKelvin) bad('tCurieK', 'must exceed tKelvin');
  if (p.stressDamageCeiling < 0 || p.stressDamageCeiling >= 1) bad('stressDamageCeiling', 'must be in [0, 1)');
  if (p.wallBarrierReductionFrac < 0 || p.wallBarrierReductionFrac >= 1) bad('wallBarrierReductionFrac', 'must be in [0, 1)');
  if (p.damageIcBeta >= 1) bad('damageIcBeta', 'must be < 1');
}
