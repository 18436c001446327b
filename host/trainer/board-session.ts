/**
 * Analog and live activations on a board through the host SDK (openBoard → frames → firmware;
 * for `sim` the firmware bundle runs on the twin). Analog: one calibration loop (channel 0),
 * the rest in software. Live: one calibrated device per hidden neuron.
 */
import type { Board } from '../client/board';
import { analogSigmoid } from '../calibration/sigmoid';
import type { Calibration } from '../calibration/types';
import { AnalogActivation, TabulatedSigmoid, type ActivationKind } from './activation';
import { LiveActivation } from './live';
import { boardCheckpointOf } from './board-state';
import { BoardNeurons } from './board-neurons';
import { FleetNeurons } from './fleet-neurons';
import { spareRepair } from './spares';
import { HIDDEN } from './network';
import { planNeuronMap, formatNeuronMap, type NeuronMap } from './neuron-map';
import type { HiddenLayout, PreparedActivation } from './run-types';
import { TrainerError } from './errors';
import { measureSigmoid, collectBoardMaterial, idealCurve, analogCurve } from './board-material';
import type { CheckpointState } from './checkpoint';
import { resumeLive } from './live-resume';
import { neuronChannels, openTrainingBoard } from './training-board';
import { calibrateChannels, calibrateSpare } from './calibrate-channels';

export { neuronChannels, openTrainingBoard } from './training-board';
export { calibrateChannels, calibrateSpare } from './calibrate-channels';

export interface BoardSession {
  board: Board;
  spec: string;
  calibrations: Calibration[];
}

/**
 * Opens the board and calibrates the channels `choose` picks (as the paper did per device
 * before training).
 */
export async function openCalibrated(spec: string, choose: (board: Board) => number[], log: (line: string) => void): Promise<BoardSession> {
  const board = await openTrainingBoard(spec);
  try {
    const calibrations = await calibrateChannels(board, spec, choose(board), log);
    return { board, spec, calibrations };
  } catch (err) {
    await board.close();
    throw err;
  }
}

/** Prints the neuron-to-channel map, one line per board. */
export function logNeuronMap(map: NeuronMap, log: (line: string) => void): void {
  for (const line of formatNeuronMap(map)) log(`map: ${line}`);
}

export async function prepareBoardActivation(
  kind: ActivationKind,
  spec: string,
  log: (line: string) => void,
  resume?: CheckpointState,
  layout: HiddenLayout = { boards: [spec], hidden: HIDDEN },
): Promise<PreparedActivation> {
  if (kind === 'ideal') throw new TypeError('prepareBoardActivation: ideal needs no board');
  const hidden = layout.hidden;
  // Several boards for live: one frame to each board per example (fleet-session.ts). Analog
  // uses one measured loop whatever the width, so it needs only the first board.
  if (kind === 'live' && layout.boards.length > 1) {
    const { prepareFleet } = await import('./fleet-session');
    return prepareFleet(layout, log, resume);
  }
  if (kind === 'analog' && layout.boards.length > 1) log(`analog: one measured loop (${spec}, its first populated channel) serves all ${hidden} neurons; the other boards are not used`);
  if (kind === 'live' && resume !== undefined) {
    const resumed = await resumeLive(spec, resume, log, hidden);
    if (resumed !== null) return resumed;
  }
  const choose = (b: Board): number[] =>
    kind === 'analog' ? [b.info.populated[0] ?? 0] : planNeuronMap([{ spec, populated: b.info.populated }], hidden).map((s) => s.channel);
  const session = await openCalibrated(spec, choose, log);
  const { board, calibrations } = session;
  const channels = calibrations.map((c) => c.channel);
  const close = async (): Promise<void> => board.close();
  if (kind === 'analog') {
    const cal = calibrations[0];
    const curve = new TabulatedSigmoid(analogSigmoid(cal), cal.xMin, cal.xMax);
    return {
      activation: new AnalogActivation(curve),
      close,
      session,
      reportExtras: async () => ({
        board: await collectBoardMaterial(board, spec, calibrations, [idealCurve(cal), analogCurve(cal)], log),
      }),
    };
  }
  const neuronMap: NeuronMap = channels.map((channel) => ({ board: spec, channel }));
  logNeuronMap(neuronMap, log);
  const before = await measureSigmoid(board, calibrations[0], 'live before training');
  const neurons = new FleetNeurons([{ spec, neurons: new BoardNeurons(board, channels, hidden), serves: channels.map((_, j) => j) }]);
  await neurons.start();
  neurons.checkpointWith(boardCheckpointOf(board));
  neurons.repairWith(spareRepair({ map: neuronMap, calibrate: calibrateSpare(log), log }));
  return {
    activation: new LiveActivation(neurons),
    close,
    session,
    neuronMap,
    reportExtras: async () => {
      const after = await measureSigmoid(board, calibrations[0], 'live after training');
      return { neuronMap, board: await collectBoardMaterial(board, spec, calibrations, [idealCurve(calibrations[0]), analogCurve(calibrations[0]), before, after], log) };
    },
  };
}
