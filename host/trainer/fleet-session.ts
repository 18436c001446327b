/**
 * Live training over several boards (`--hidden N --board A --board B …`): every board is
 * opened (a twin in this process runs with idle time frozen, as for one board), the neurons are
 * spread over their populated channels (neuron-map.ts), each board calibrates its own channels,
 * and every example goes to all boards at once (fleet-neurons.ts).
 *
 * A checkpoint of such a run holds the map but not the boards' states: resuming it is refused
 * (CHECKPOINT_MISMATCH) rather than continued on devices that are not in the checkpoint's state.
 */
import type { Board } from '../client/board';
import type { Calibration } from '../calibration/types';
import { LiveActivation } from './live';
import { BoardNeurons } from './board-neurons';
import { FleetNeurons, type FleetPart } from './fleet-neurons';
import { planNeuronMap, type NeuronMap } from './neuron-map';
import { calibrateChannels, logNeuronMap, type HiddenLayout } from './board-session';
import { collectBoardMaterial, idealCurve, analogCurve, measureSigmoid } from './board-material';
import { openTrainingBoard } from './training-board';
import { TrainerError } from './errors';
import type { CheckpointState } from './checkpoint';
import type { PreparedActivation } from './run';

async function closeAll(boards: Board[]): Promise<void> {
  await Promise.all(boards.map((b) => b.close().catch(() => undefined)));
}

export async function prepareFleet(layout: HiddenLayout, log: (line: string) => void, resume?: CheckpointState): Promise<PreparedActivation> {
  const { boards: specs, hidden } = layout;
  if (resume !== undefined) {
    throw new TrainerError(
      'CHECKPOINT_MISMATCH',
      `resuming a live run over ${specs.length} boards is not supported: its checkpoint holds the neuron map and the weights but not the ${specs.length} boards' states, so the run could not continue exactly; start it again without --resume (ideal and analog runs of any width, and live runs on one board, do resume)`,
    );
  }
  const dup = specs.find((s, i) => specs.indexOf(s) !== i);
  if (dup !== undefined) throw new TrainerError('LIVE_FAILED', `--board ${dup} is given twice: each board serves its own neurons (for several twins give different seeds: --board sim:seed=1 --board sim:seed=2)`);
  const boards: Board[] = [];
  try {
    for (const spec of specs) boards.push(await openTrainingBoard(spec));
    const map: NeuronMap = planNeuronMap(
      specs.map((spec, i) => ({ spec, populated: boards[i].info.populated })),
      hidden,
    );
    logNeuronMap(map, log);
    const parts: FleetPart[] = [];
    const calibrations: Calibration[][] = [];
    for (let i = 0; i < specs.length; i++) {
      const channels = map.filter((s) => s.board === specs[i]).map((s) => s.channel);
      const cals = channels.length > 0 ? await calibrateChannels(boards[i], specs[i], channels, (line) => log(`${specs[i]}: ${line}`)) : [];
      calibrations.push(cals);
      if (channels.length === 0) continue;
      const first = map.findIndex((s) => s.board === specs[i]);
      parts.push({ spec: specs[i], neurons: new BoardNeurons(boards[i], channels, channels.length), first, size: channels.length });
    }
    const board0 = boards[0];
    const cal0 = calibrations[0][0];
    const before = await measureSigmoid(board0, cal0, 'live before training');
    const fleet = new FleetNeurons(parts);
    await fleet.start();
    return {
      activation: new LiveActivation(fleet),
      close: async () => closeAll(boards),
      session: { board: board0, spec: specs[0], calibrations: calibrations[0] },
      neuronMap: map,
      fleetStats: () => fleet.boardStats(),
      reportExtras: async () => {
        const after = await measureSigmoid(board0, cal0, 'live after training');
        return {
          neuronMap: map,
          board: await collectBoardMaterial(board0, specs[0], calibrations[0], [idealCurve(cal0), analogCurve(cal0), before, after], log),
        };
      },
    };
  } catch (error) {
    await closeAll(boards);
    throw error;
  }
}
