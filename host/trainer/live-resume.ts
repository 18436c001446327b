/**
 * Resuming a live run. The devices are physical state, so what "the same run" can mean depends
 * on the board:
 *   - the twin in this process, checkpoint with its state (version 3): the whole simulated board
 *     is restored as it was at the checkpoint, nothing is calibrated again, and the run continues
 *     bit for bit (weights, rates, pulses, device time) as an unbroken run with the same seed;
 *   - the twin in this process, checkpoint without its state (version 2, or written on another
 *     board): returns null, and the caller starts the board as a new run does (a fresh twin,
 *     calibrated), equal in procedure, not bit for bit — said on stderr;
 *   - any other board (serial, HID, TCP: a real one, or a twin in another process): the
 *     calibration stored on the board is read back (not measured again) and the devices keep
 *     their own state since the checkpoint — said on stderr.
 */
import type { Board } from '../client/board';
import type { StoredCalibration } from '../client/types';
import type { Calibration } from '../calibration/types';
import { isNucleonError } from '../errors';
import { LiveActivation } from './live';
import { BoardNeurons } from './board-neurons';
import { FleetNeurons } from './fleet-neurons';
import { spareRepair } from './spares';
import { calibrateSpare } from './calibrate-channels';
import { HIDDEN } from './network';
import type { PreparedActivation } from './run-types';
import type { CheckpointState } from './checkpoint';
import { TrainerError } from './errors';
import { boardCheckpointOf, restoreBoard, simBehind } from './board-state';
import { collectBoardMaterial, idealCurve, measureSigmoid } from './board-material';
import { neuronChannels, openTrainingBoard } from './training-board';

/** A stored calibration as the report shows it (the loop it was built from stays with the original run). */
export function calibrationFromStored(s: StoredCalibration): Calibration {
  return {
    ...s,
    points: [],
    deltaI99Ua: s.iHighUa - s.iLowUa,
    loopDeltaROhm: s.rHighOhm - s.rLowOhm,
    fieldDeltaROhm: null,
    switchingRatio: Number.NaN,
    loopSaturation: Number.NaN,
    residual: Number.NaN,
    hysteresisUa: Number.NaN,
    stored: true,
  };
}

async function storedCalibrations(board: Board, channels: number[]): Promise<StoredCalibration[]> {
  const out: StoredCalibration[] = [];
  for (const ch of channels) {
    try {
      out.push(await board.calGet(ch));
    } catch (error) {
      if (isNucleonError(error) && error.code === 'NOT_CALIBRATED') {
        throw new TrainerError('LIVE_FAILED', `resume: channel ${ch} has no calibration stored on the board (${board.transport.description}), so the run cannot continue on its devices; start a new run (it calibrates)`);
      }
      throw error;
    }
  }
  return out;
}

/** Days, hours or minutes of device time, for a log line. */
function deviceTime(ms: number): string {
  const h = ms / 3600000;
  return h >= 1 ? `${h.toFixed(1)} h` : `${(ms / 60000).toFixed(1)} min`;
}

export async function resumeLive(spec: string, resume: CheckpointState, log: (line: string) => void, hidden: number = HIDDEN): Promise<PreparedActivation | null> {
  const board = await openTrainingBoard(spec);
  try {
    // a run whose neurons moved to spares continues on the channels its checkpoint names
    const channels = resume.neurons !== undefined && resume.neurons.length === hidden ? resume.neurons.map((s) => s.channel) : neuronChannels(board, hidden);
    const sim = simBehind(board);
    const saved = resume.board ?? null;
    if (sim !== null) {
      if (saved === null || saved.kind !== 'twin') {
        const why = resume.version < 3 ? `checkpoint version ${resume.version} holds no board state` : `the checkpoint was written on ${saved?.kind === 'board' ? saved.link : 'no board'}, not on a twin in this process`;
        log(`resume: ${why}: this live run starts a fresh twin and calibrates it, so it continues equal in procedure, not bit for bit`);
        await board.close();
        return null;
      }
      restoreBoard(sim, saved.state, 'checkpoint');
      log(`resume: the simulated board is restored as it was at the checkpoint (devices with their thermal and stress state, calibrations, random streams, firmware RAM, clock at ${deviceTime(saved.state.scheduler.nowMs)} of device time): the run continues exactly`);
    } else {
      if (saved !== null && saved.kind === 'twin') log(`resume: the checkpoint holds the state of a simulated board, but ${board.transport.description} is a board of its own: its state is not replaced`);
      log(`resume on ${board.transport.description}: the calibration stored on the board is read back (channels ${channels.join(', ')}), not measured again; the devices kept their own state since the checkpoint (heat, stress, domains), so the run continues in procedure, not bit for bit`);
    }
    const stored = await storedCalibrations(board, channels);
    const neuronMap = channels.map((channel) => ({ board: spec, channel }));
    const neurons = new FleetNeurons([{ spec, neurons: new BoardNeurons(board, channels, hidden), serves: channels.map((_, j) => j) }]);
    await neurons.start();
    // The reads above (calibrations, pulse counter) are the host's set-up, not part of the run:
    // the board goes back to the checkpoint's state.
    if (sim !== null && saved !== null && saved.kind === 'twin') restoreBoard(sim, saved.state, 'checkpoint');
    neurons.checkpointWith(boardCheckpointOf(board));
    neurons.repairWith(spareRepair({ map: neuronMap, calibrate: calibrateSpare(log), log }));
    const calibrations = stored.map(calibrationFromStored);
    return {
      activation: new LiveActivation(neurons),
      neuronMap,
      close: async () => board.close(),
      reportExtras: async () => {
        const after = await measureSigmoid(board, calibrations[0], 'live after training');
        log('report: resumed run: the calibration loops and the sigmoid before training were measured before the checkpoint and are not in this report');
        return { neuronMap, board: await collectBoardMaterial(board, spec, calibrations, [idealCurve(calibrations[0]), after], log) };
      },
    };
  } catch (error) {
    await board.close();
    throw error;
  }
}
