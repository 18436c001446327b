/**
 * console [] → [true]: after the answer is sent, the outputs go safe and the link is handed
 * back to the Espruino REPL (USB.setConsole()), so the espruino CLI can upload new firmware.
 */
import type { OpHandler } from './op';
import { answerNow, answerTrue, noArgs } from './op';

export const console: OpHandler = {
  parse: noArgs,
  step: answerNow,
  result: answerTrue,
};
