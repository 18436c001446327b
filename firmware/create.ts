/** Builds the board program on a HAL (tests and tools; the bundle's entry is espruino/main.ts). */
import type { FirmwareBoard } from './board';
import { Firmware } from './core/firmware';
import { firmwareTables } from './core/tables';
import type { Hal } from './hal';
import { opHandlers } from './ops';

export function createFirmware(hal: Hal, board: FirmwareBoard, version: string): Firmware {
  return new Firmware(hal, board, version, opHandlers(), firmwareTables());
}
