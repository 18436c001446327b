/**
 * A simulated board's whole state (twin, time and timers, interpreter charges, firmware RAM)
 * saved, put through JSON, and restored into a freshly opened board continues exactly as the
 * original does: the same y values, device time per frame and pulse count, and the same twin
 * state afterwards.
 */
import { openBoard } from '../../host/open';
import type { Board } from '../../host/client/board';
import type { InProcessTransport } from '../../host/transport/in-process';
import type { SimBoardWithRuntime } from '../../board/twin/sim';
import { calibrate } from '../../host/calibration/calibrate';
import { restoreSimBoardState, saveSimBoardState, type SimBoardState } from '../../board/twin/sim-state';
import { isTwinError } from '../../board/twin/errors';

const CHANNELS = [0, 1, 2];

function simOf(board: Board): SimBoardWithRuntime {
  const sim = (board.transport as InProcessTransport<SimBoardWithRuntime>).sim;
  if (sim === null) throw new Error('no twin behind the board');
  return sim;
}

function open(spec = 'sim'): Promise<Board> {
  return openBoard(spec, { simOptions: { idle: 'frozen' } });
}

/** n activateMany frames with x values that swing both ways (SET and RESET + SET). */
async function frames(board: Board, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await board.activateMany(CHANNELS.map((j) => Math.sin(i * 1.7 + j) * 4), CHANNELS);
    out.push(...r.ys, r.deviceTimeMs);
  }
  out.push((await board.status()).pulses as number);
  return out;
}

/** As the trainer resumes: restore, let the host read what it keeps (x ranges), restore again. */
async function resumeOn(board: Board, state: SimBoardState): Promise<void> {
  restoreSimBoardState(simOf(board), state, 'test state');
  for (const ch of CHANNELS) await board.calGet(ch);
  restoreSimBoardState(simOf(board), state, 'test state');
}

describe('simulated board state: save → restore → identical readings', () => {
  let a: Board;
  let saved: SimBoardState;
  let savedEarlier: SimBoardState;
  let continued: number[];
  let afterA: SimBoardState;

  beforeAll(async () => {
    a = await open();
    for (const ch of CHANNELS) await calibrate(a, ch);
    await frames(a, 10);
    savedEarlier = JSON.parse(JSON.stringify(saveSimBoardState(simOf(a)))) as SimBoardState;
    await frames(a, 10);
    saved = JSON.parse(JSON.stringify(saveSimBoardState(simOf(a)))) as SimBoardState;
    continued = await frames(a, 30);
    afterA = saveSimBoardState(simOf(a));
  });

  afterAll(async () => {
    await a.close();
  });

  it('a fresh board given the state reads what the original read, frame by frame, and ends in the same state', async () => {
    const b = await open();
    try {
      await resumeOn(b, saved);
      expect(await frames(b, 30)).toEqual(continued);
      const afterB = saveSimBoardState(simOf(b));
      expect(afterB.twin).toEqual(afterA.twin);
      expect(afterB.scheduler).toEqual(afterA.scheduler);
      expect(afterB.interpreter).toEqual(afterA.interpreter);
    } finally {
      await b.close();
    }
  });

  it('the state matters: the state of ten frames earlier reads differently', async () => {
    const c = await open();
    try {
      await resumeOn(c, savedEarlier);
      expect(await frames(c, 30)).not.toEqual(continued);
    } finally {
      await c.close();
    }
  });

  it('refuses a state from another seed, another firmware build, or of the wrong shape, naming why', async () => {
    const other = await open('sim:seed=2');
    try {
      expect(() => restoreSimBoardState(simOf(other), saved, 'cp.json')).toThrow(/cp\.json holds a board made with seed 1, this twin has seed 2/);
    } finally {
      await other.close();
    }
    const d = await open();
    try {
      const rebuilt = { ...saved, firmwareSha256: '0'.repeat(64) };
      expect(() => restoreSimBoardState(simOf(d), rebuilt, 'cp.json')).toThrow(/saved from firmware 000000000000…, this board runs/);
      const bad = { ...saved, scheduler: { nowMs: 'soon' } };
      let error: unknown;
      try {
        restoreSimBoardState(simOf(d), bad, 'cp.json');
      } catch (e) {
        error = e;
      }
      expect(isTwinError(error, 'BAD_STATE_FILE')).toBe(true);
      expect((error as Error).message).toMatch(/cp\.json: scheduler must be \{nowMs, queue\}/);
    } finally {
      await d.close();
    }
  });
});
