/** safe [] → [true]: DAC 0, polarity low, EN low (every channel disconnected). */
import type { Firmware } from '../core/firmware';
import { DONE } from '../core/job';
import type { OpHandler } from './op';
import { answerTrue, noArgs } from './op';

export const safe: OpHandler = {
  parse: noArgs,
  step(fw: Firmware): number {
    fw.makeSafe();
    return DONE;
  },
  result: answerTrue,
};
