/**
 * Calibrating the channels of a live run on an open board, as the paper did per device before
 * training; a spare (spares.ts) is calibrated by the same path when a neuron moves to it.
 */
import type { Board } from '../client/board';
import { calibrate } from '../calibration/calibrate';
import type { Calibration } from '../calibration/types';
import { TrainerError } from './errors';

/** Calibrates `channels` on an open board (as the paper did per device before training). */
export async function calibrateChannels(board: Board, spec: string, channels: number[], log: (line: string) => void): Promise<Calibration[]> {
  const populated = board.info.populated;
  const missing = channels.filter((c) => !populated.includes(c));
  if (missing.length > 0) {
    throw new TrainerError('LIVE_FAILED', `${spec}: channel(s) ${missing.join(', ')} not populated (populated: ${populated.join(', ')})`);
  }
  const calibrations: Calibration[] = [];
  for (const ch of channels) {
    const cal = await calibrate(board, ch);
    calibrations.push(cal);
    log(
      `calibrated channel ${ch}: ΔI99 ${(cal.deltaI99Ua / 1000).toFixed(2)} mA [${(cal.iLowUa / 1000).toFixed(2)}, ${(cal.iHighUa / 1000).toFixed(
        2,
      )}] mA, max |y − logistic| ${cal.residual.toFixed(3)}`,
    );
  }
  return calibrations;
}

/** The spares' calibration: the same as the run's start, logged with the board's spec. */
export function calibrateSpare(log: (line: string) => void): (board: Board, spec: string, channel: number) => Promise<void> {
  return async (board, spec, channel) => {
    await calibrateChannels(board, spec, [channel], (line) => log(`${spec}: spare ${line}`));
  };
}
