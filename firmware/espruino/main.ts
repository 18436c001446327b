/**
 * Firmware entry (the bundle's only top-level code). Uploading the bundle only builds the
 * program; it starts on Espruino's 'init' event — after `save()` and at every power-up — so
 * the upload's own `save()` line still reaches the REPL before the firmware takes the link.
 */
import { Firmware } from '../core/firmware';
import { opHandlers } from '../ops';
import { BOARD, TABLES, VERSION } from 'nucleon:build';
import { EspruinoHal } from './hal';

function boot(): void {
  const hal = new EspruinoHal(BOARD);
  const fw = new Firmware(hal, BOARD, VERSION, opHandlers(), TABLES);
  // start() is idempotent: outputs safe, calibration loaded, link and watchdog claimed.
  E.on('init', function () {
    fw.start();
  });
}

boot();
