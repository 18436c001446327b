/**
 * The part of a board definition the firmware needs, inlined into the bundle at build time
 * (firmware/build.ts) and handed to `createFirmware` in tests.
 */
import type { BoardDefinition } from '../board/definition';

export type FirmwareBoard = Pick<BoardDefinition, 'id' | 'channels' | 'populated' | 'pins' | 'dac' | 'adc' | 'lockin' | 'limits' | 'selector'>;

/** Copies only the fields the firmware reads (the description stays out of the bundle). */
export function firmwareBoardFrom(def: BoardDefinition): FirmwareBoard {
  return {
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
