/**
 * The part of a board definition the firmware needs, inlined into the bundle at build time
 * (firmware/build.ts) and handed to `createFirmware` in tests.
 */
import type { BoardDefinition } from '../board/definitions/definition';

export type FirmwareBoard = Pick<BoardDefinition, 'id' | 'channels' | 'populated' | 'pins' | 'dac' | 'adc' | 'lockin' | 'limits' | 'selector'> & {
  /** `fieldDeltaROhm` resolved per channel, in integer mΩ; 0 = not known (reported in hello). */
  fieldDeltaRMilliOhm: number[];
};

/** The definition's fieldDeltaROhm per channel, in integer mΩ (0 where not known). */
export function fieldDeltaRMilliOhmPerChannel(def: BoardDefinition): number[] {
  const out: number[] = [];
  for (let ch = 0; ch < def.channels; ch++) {
    const f = def.fieldDeltaROhm;
    const ohm = typeof f === 'number' ? f : Array.isArray(f) ? f[ch] : null;
    out.push(typeof ohm === 'number' && ohm > 0 ? Math.round(ohm * 1000) : 0);
  }
  return out;
}

/** Copies only the fields the firmware reads (the description stays out of the bundle). */
export function firmwareBoardFrom(def: BoardDefinition): FirmwareBoard {
  return {
    fieldDeltaRMilliOhm: fieldDeltaRMilliOhmPerChannel(def),
    id: def.id,
    channels: def.channels,
    populated: def.populated.slice(),
    pins: def.pins,
    dac: def.dac,
    adc: def.adc,
    lockin: def.lockin,
    limits: def.limits,
    selector: def.selector,
  };
}
