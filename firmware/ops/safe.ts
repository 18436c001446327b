/** safe [] → [true]: DAC 0, polarity low, EN low (every channel disconnected). */
import type { OpContext } from '../core/op-context';
import { DONE } from '../core/job';
import type { OpHandler } from './op';
import { answerTrue, noArgs } from './op';

export const safe: OpHandler = {
  parse: noArgs,
  step(fw: OpContext): number {
    fw.makeSafe();
    return DONE;
  },
  result: answerTrue,
};
