/**
 * Live training over several boards (`--hidden N --board A --board B …`): every board is
 * opened (a twin in this process runs with idle time frozen, as for one board), the neurons are
 * spread over their populated channels (neuron-map.ts), each board calibrates its own channels,
 * and every example goes to all boards at once (fleet-neurons.ts).
 *
 * A checkpoint of such a run holds the map and, when every board is a twin in this process, every
 * twin's whole state ({kind: 'twins'}): a resume restores each and continues exactly, as for one
 * twin (live-resume.ts). A checkpoint without them (boards outside this process) is not resumed:
 * CHECKPOINT_MISMATCH, rather than a run continued on devices not in the checkpoint's state.
 */
import type { Board } from '../client/board';
import type { Calibration } from '../calibration/types';
import { LiveActivation } from './live';
import { BoardNeurons } from './board-neurons';
import { FleetNeurons, type FleetPart } from './fleet-neurons';
import { mapOnBoards, planNeuronMap, type NeuronMap } from './neuron-map';
import { logNeuronMap } from './board-session';
import { calibrateChannels, calibrateSpare } from './calibrate-channels';
import { spareRepair } from './spares';
import type { HiddenLayout } from './run-types';
import { collectBoardMaterial, idealCurve, analogCurve, measureSigmoid } from './board-material';
import { openTrainingBoard } from './training-board';
import { TrainerError } from './errors';
import type { CheckpointState } from './checkpoint';
import type { PreparedActivation } from './run-types';
import { restoreBoard, simBehind } from './board-state';
import { saveSimBoardState } from '../../board/twin/sim-state';
import type { SimBoardWithRuntime } from '../../board/twin/sim';
import type { BoardCheckpoint } from './board-checkpoint';
import { calibrationFromStored } from './live-resume';

async function closeAll(boards: Board[]): Promise<void> {
  await Promise.all(boards.map((b) => b.close().catch(() => undefined)));
}

export async function prepareFleet(layout: HiddenLayout, log: (line: string) => void, resume?: CheckpointState): Promise<PreparedActivation> {
  const { boards: specs, hidden } = layout;
  const saved = resume?.board ?? null;
  if (resume !== undefined && (saved === null || saved.kind !== 'twins' || saved.states.length !== specs.length)) {
    throw new TrainerError(
      'CHECKPOINT_MISMATCH',
      `resuming a live run over ${specs.length} boards needs the checkpoint to hold the state of ${specs.length} twins in this process, and it holds ${saved === null ? 'none' : saved.kind === 'twins' ? `${saved.states.length}` : `a ${saved.kind}`}: boards outside this process keep their own state, so the run could not continue exactly; start it again without --resume`,
    );
  }
  const dup = specs.find((s, i) => specs.indexOf(s) !== i);
  if (dup !== undefined) throw new TrainerError('LIVE_FAILED', `--board ${dup} is given twice: each board serves its own neurons (for several twins give different seeds: --board sim:seed=1 --board sim:seed=2)`);
  const boards: Board[] = [];
  try {
    for (const spec of specs) boards.push(await openTrainingBoard(spec));
    // a run whose neurons moved to spares goes on with the checkpoint's map
    const map: NeuronMap =
      resume?.swaps !== undefined && resume.neurons !== undefined
        ? mapOnBoards('checkpoint', resume.neurons, specs)
        : planNeuronMap(
            specs.map((spec, i) => ({ spec, populated: boards[i].info.populated })),
            hidden,
          );
    logNeuronMap(map, log);
    const sims = boards.map(simBehind);
    const twins = sims.every((x) => x !== null) ? (sims as SimBoardWithRuntime[]) : null;
    const restore = (): void => {
      if (saved === null || saved.kind !== 'twins') return;
      if (twins === null) throw new TrainerError('CHECKPOINT_MISMATCH', `the checkpoint holds ${specs.length} twins' states, but not every --board is a twin in this process`);
      twins.forEach((sim, i) => restoreBoard(sim, saved.states[i], `checkpoint (board ${specs[i]})`));
    };
    restore();
    if (resume !== undefined) log(`resume: the ${specs.length} simulated boards are restored as they were at the checkpoint: the run continues exactly`);
    const parts: FleetPart[] = [];
    const calibrations: Calibration[][] = [];
    for (let i = 0; i < specs.length; i++) {
      const channels = map.filter((s) => s.board === specs[i]).map((s) => s.channel);
      const cals =
        channels.length === 0
          ? []
          : resume !== undefined
            ? (await Promise.all(channels.map((ch) => boards[i].calGet(ch)))).map(calibrationFromStored)
            : await calibrateChannels(boards[i], specs[i], channels, (line) => log(`${specs[i]}: ${line}`));
      calibrations.push(cals);
      // every board is a part, one without neurons too: it holds spares (spares.ts)
      const serves = map.map((s, j) => (s.board === specs[i] ? j : -1)).filter((j) => j >= 0);
      const sim = sims[i];
      const idle = sim === null ? undefined : (ms: number): void => sim.twin.scheduler.advance(ms);
      parts.push({ spec: specs[i], neurons: new BoardNeurons(boards[i], channels, channels.length), serves, idle });
    }
    const board0 = boards[0];
    const cal0 = calibrations[0][0];
    const before = resume === undefined ? await measureSigmoid(board0, cal0, 'live before training') : null;
    const fleet = new FleetNeurons(parts);
    await fleet.start();
    // The reads of a resume (calibrations, pulse counters) are set-up, not part of the run.
    restore();
    if (twins !== null) fleet.checkpointWith((): BoardCheckpoint => ({ kind: 'twins', states: twins.map((sim) => saveSimBoardState(sim)) }));
    fleet.repairWith(spareRepair({ map, calibrate: calibrateSpare(log), log }));
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
          ...(specs.length > 1 ? { calibrationsByBoard: specs.map((spec, i) => ({ boardSpec: spec, calibrations: calibrations[i] })) } : {}),
          board: await collectBoardMaterial(board0, specs[0], calibrations[0], before === null ? [idealCurve(cal0), after] : [idealCurve(cal0), analogCurve(cal0), before, after], log),
        };
      },
    };
  } catch (error) {
    await closeAll(boards);
    throw error;
  }
}
