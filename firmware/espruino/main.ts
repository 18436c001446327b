/**
 * Firmware entry (the bundle's only top-level code). Evaluating the bundle only builds the
 * program; it starts on Espruino's 'init' event — after `load()` and at every power-up. The
 * console has left the link before this runs: the build's boot wrap moves it first
 * (boot-wrap.ts), so no byte on the link can interrupt the evaluation.
 */
import { Firmware } from '../core/firmware';
import { opHandlers } from '../ops';
import { BOARD, TABLES, VERSION } from 'nucleon:build';
import { EspruinoHal } from './hal';
import { natives } from '../../protocol/natives';

function boot(): void {
  // the frame CRC natively where the interpreter has it (a board; not the twin's surface)
  if (typeof E.CRC32 === 'function') natives.crc32 = E.CRC32;
  // a float32 list's finiteness in one native sum (every Espruino build and the twin's surface)
  if (typeof E.sum === 'function') natives.sum = E.sum;
  const fw = new Firmware(new EspruinoHal(BOARD), BOARD, VERSION, opHandlers(), TABLES);
  // start() is idempotent: outputs safe, calibration loaded, link and watchdog claimed.
  E.on('init', function () {
    fw.start();
  });
}

// a function (not top-level code) so that the 'init' handler closes over `fw` alone: the twin
// saves and restores a board's program state through that closure (board/twin/espruino/closure-scope.ts)
boot();
