/**
 * MOKE pictures of a twin's device, taken the way the paper's Fig. 2b was: the bar is put in
 * one state (a RESET pulse at −I_max), then pulses of increasing current are applied, and the
 * magnetization map is captured after each one (white = −M_z). The pulses go through the board
 * protocol and the firmware like any other, so the thermal guard and limits apply; the picture
 * itself is read from the twin's device model, which only an in-process `sim` board has — a
 * real board has no microscope, and this says so.
 */
import type { Board } from '../client/board';
import { InProcessTransport } from '../transport/in-process';
import { BoardTwin } from '../../board/twin/create';
import { renderMokeSequenceSvg, type MokeFrame } from '../../board/twin/device';
import { HostErrorCode, NucleonError } from '../errors';

export interface MokeSequenceOptions {
  channel: number;
  widthUs: number;
  /** Pulse currents in order (µA), after the RESET pulse. */
  currentsUa: readonly number[];
  /** RESET current (µA, negative); default −I_max of the board. */
  resetUa?: number;
}

/** The twin behind an in-process sim board, or null for any other board. */
export function twinBehind(board: Board): BoardTwin | null {
  if (!(board.transport instanceof InProcessTransport)) return null;
  const sim = board.transport.sim as { twin?: unknown } | null;
  return sim && sim.twin instanceof BoardTwin ? sim.twin : null;
}

/** Runs the pulse sequence and returns the frames as one SVG (top: after RESET). */
export async function mokeSequenceSvg(board: Board, opts: MokeSequenceOptions): Promise<string> {
  const twin = twinBehind(board);
  if (!twin) {
    throw new NucleonError(
      HostErrorCode.BAD_SPEC,
      `MOKE pictures need the twin in this process (--board sim…); ${board.transport.description} is a real link and a board has no MOKE microscope`,
    );
  }
  const device = twin.device(opts.channel);
  if (!device) throw new NucleonError(HostErrorCode.BAD_SPEC, `channel ${opts.channel} has no device (populated: ${board.info.populated.join(', ')})`);
  const frames: MokeFrame[] = [];
  const snap = (label: string): void => {
    frames.push({ layout: device.layout, state: device.grains().state.slice(), label });
  };
  const resetUa = opts.resetUa ?? -board.info.limits.maxCurrentUa;
  await board.pulse({ channel: opts.channel, currentUa: resetUa, widthUs: opts.widthUs });
  snap(`after RESET ${(resetUa / 1000).toFixed(1)} mA`);
  for (const currentUa of opts.currentsUa) {
    await board.pulse({ channel: opts.channel, currentUa, widthUs: opts.widthUs });
    snap(`after one ${opts.widthUs} µs pulse of ${(currentUa / 1000).toFixed(1)} mA`);
  }
  return renderMokeSequenceSvg(frames);
}

/** n currents evenly across [iLowUa, iHighUa] (the calibrated ΔI window). */
export function currentsAcross(iLowUa: number, iHighUa: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(iLowUa + ((iHighUa - iLowUa) * (i + 0.5)) / n));
}
