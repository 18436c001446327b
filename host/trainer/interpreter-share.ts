/**
 * The part of a live run's device time that is the firmware's own interpreter time, estimated
 * from the board's cost table (board/definitions/<id>.costs.json, measured on the real Espruino
 * interpreter by `make costs`): frames × the table's activateMany of ten, scaled to the frame's
 * neurons. The board reports only the total (`deviceTimeMs`); this shows the share apart from
 * settling and guard waits, for a real board as for the twin.
 */
import { boardDefinitionFile, listBoardIds } from '../../board/definitions';
import { loadInterpreterCosts } from '../../board/definitions/costs';

/** Seconds of interpreter time for `evaluations` neuron evaluations sent `perFrame` at a time; undefined without a cost table. */
export function interpreterShareS(boardId: string, evaluations: number, perFrame: number): number | undefined {
  if (!listBoardIds().includes(boardId) || !(perFrame > 0)) return undefined;
  const costs = loadInterpreterCosts(boardDefinitionFile(boardId));
  const am = costs?.ops.activateMany;
  if (am === undefined) return undefined;
  const frames = evaluations / perFrame;
  return (frames * (am.syncMs + am.callbackMs) * (perFrame / 10)) / 1000;
}
