/** The Hall-bar device model of the twin: the API the rest of board/twin consumes. */
export { HallBar, type GrainMap } from './hall-bar';
export {
  DEVICE_DEFAULTS, DEVICE_PARAM_DOCS, deviceParams, validateDeviceParams,
  type DeviceParams, type DeviceModel, type ParamDoc, type ParamTag,
} from './params';
export { TwinError, isTwinError, type TwinErrorCode } from '../errors';
export type { HallBarState } from './state';
export type { GrainLayout } from './geometry';
export { renderMokeSvg, renderMokePng, renderMokeSequenceSvg, type MokeOptions, type MokeFrame } from './moke';
export {
  sweepLoop, deltaI99Ma, deltaIWindow, midpointMa, ramp, type DeltaIWindow, type Loop, type LoopPoint, type SweepOptions,
} from './loop';
export { countSwitchedByBand, emptyBandCounts, type BandCounts } from './bands';
