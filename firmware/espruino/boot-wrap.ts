/**
 * What the build wraps the bundle in before it goes to Storage `.bootcde`.
 *
 * Espruino evaluates `.bootcde` with the console still on the link (USB on the reference board),
 * and the firmware took the link only at 'init', once the whole bundle had been evaluated:
 * 150–230 ms on espruino-pico-16k here, 1.6–2.5 s on a Pico scaled by the Leibniz loop
 * (`make bench`, "boot"). Bytes that reach the console in that window are REPL input, and a Ctrl-C (0x03) among
 * them interrupts the evaluation: the firmware never starts. Every hello frame holds 0x03 (the
 * protocol version), and a host that opens the port at power-up, or `nucleon flash` verifying
 * after `load()`, sends hellos into that window.
 *
 * So the console leaves for `LoopbackA` before anything else is evaluated. Bytes that arrive on
 * the link meanwhile wait in Espruino's input queue, which is served once the evaluation and
 * 'init' are over, when the firmware's receiver is listening.
 *
 * The way back, so a board whose firmware did not start still offers its REPL on the link:
 *  - an exception from the evaluation: the catch moves the console back and reports it;
 *  - an evaluation cut short without an exception (interrupted, out of memory): a 0 ms timer set
 *    first moves the console back from the idle loop. The evaluation's last statement clears it,
 *    and a timer fires only from the idle loop, after evaluation and 'init', so a firmware that
 *    was evaluated whole never sees it. Measured on espruino-pico: a boot interrupted (SIGINT)
 *    mid-evaluation answers at the REPL on USB with the timer, and never without it.
 */
import type { BoardDefinition } from '../../board/definitions/definition';

export type LinkDevice = BoardDefinition['pins']['link'];

/** Text before the bundle: the console off the link, the way back armed, then the bundle inside a try. */
export function bootPrologue(link: LinkDevice): string {
  return `LoopbackA.setConsole(true);var __boot=setTimeout(function(){${link}.setConsole(true)},0);try{\n`;
}

/** Text after the bundle: evaluated whole, the way back disarmed; on an exception, the REPL back on the link and the exception reported. */
export function bootEpilogue(link: LinkDevice): string {
  return `clearTimeout(__boot)}catch(e){${link}.setConsole(true);throw e}\n`;
}

/** `bundle` as stored in `.bootcde`. */
export function wrapForBoot(bundle: string, link: LinkDevice): string {
  return bootPrologue(link) + bundle + bootEpilogue(link);
}
