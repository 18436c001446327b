/**
 * What the build wraps the bundle in before it goes to Storage `.bootcde`.
 *
 * Espruino evaluates `.bootcde` with the console still on USB (or the board's link), and the
 * firmware takes the link only at 'init', once the whole bundle has been evaluated: ≈ 150 ms on
 * espruino-pico-16k here, ≈ 1.7 s on a Pico scaled by the Leibniz loop. Bytes that reach the
 * console in that window are REPL input, and a Ctrl-C (0x03) among them interrupts the
 * evaluation ("Execution Interrupted"): the firmware never starts. Every hello frame holds 0x03
 * (the protocol version), and a host that opens the port at power-up, or `nucleon flash`
 * verifying after `load()`, sends one into that window. So the console leaves for `LoopbackA`
 * before anything else is evaluated: a frame that comes early is dropped (no 'data' listener
 * yet) and its sender asks again. Should the evaluation throw, the console goes back to the
 * link, so the REPL there shows the error and takes a new upload.
 */
import type { BoardDefinition } from '../../board/definitions/definition';

export type LinkDevice = BoardDefinition['pins']['link'];

/** Text before the bundle: the console off the link, then the bundle inside a try. */
export const BOOT_PROLOGUE = 'LoopbackA.setConsole(true);try{\n';

/** Text after the bundle: on an exception, the REPL back on the link, and the exception reported. */
export function bootEpilogue(link: LinkDevice): string {
  return `}catch(e){${link}.setConsole(true);throw e}\n`;
}

/** `bundle` as stored in `.bootcde`. */
export function wrapForBoot(bundle: string, link: LinkDevice): string {
  return BOOT_PROLOGUE + bundle + bootEpilogue(link);
}
