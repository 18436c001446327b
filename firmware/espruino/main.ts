/**
 * Firmware entry (the bundle's only top-level code): builds the Espruino HAL for the board
 * inlined at build time and starts the board program.
 */
import { Firmware } from '../core/firmware';
import { opHandlers } from '../ops';
import { BOARD, TABLES, VERSION } from 'nucleon:build';
import { EspruinoHal } from './hal';

function boot(): void {
  const hal = new EspruinoHal(BOARD);
  const fw = new Firmware(hal, BOARD, VERSION, opHandlers(), TABLES);
  fw.start();
  // After a power cycle Espruino restores the saved program and emits 'init': outputs safe,
  // link and watchdog claimed again (start() is idempotent).
  E.on('init', function () {
    fw.start();
  });
}

boot();
