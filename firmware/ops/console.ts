/**
 * console [] → [true]: after the answer is sent, the outputs go safe and the link is handed
 * back to the Espruino REPL (USB.setConsole()), so the espruino CLI can upload new firmware.
 */
import type { CborWriter } from '../../protocol/cbor/writer';
import type { Firmware } from '../core/firmware';
import { DONE, Job } from '../core/job';
import type { OpHandler } from './op';
import { PARSED } from './op';

export const consoleOp: OpHandler = {
  parse(): number {
    return PARSED;
  },
  step(): number {
    return DONE;
  },
  result(fw: Firmware, job: Job, w: CborWriter): void {
    w.arrayHeader(1);
    w.bool(true);
  },
};
