/**
 * Sweeps at every allowed width (issue 13): a loop too large for the thermal budget in one
 * request is paced by the host so the guard is respected, says so, and reports its device
 * time; the paper's Fig. 1g ΔI₉₉ bars come out of the same sweep at 5, 20, 100 and 300 µs.
 * All on the twin, in its virtual time.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { sweepCurrentUa } from '../../protocol/sweep-loop';
import { loadBoardDefinition } from '../../board/definitions';
import { buildCalibration } from '../../host/calibration/build';
import { loopCurrentUa, sweepLoop, type LoopSweepResult } from '../../host/calibration/loop-sweep';
import type { Board } from '../../host/client/board';
import { openBoard } from '../../host/open';
import { simBehind } from './sim-fixtures';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');

const def = loadBoardDefinition('nucleon-pico-ref');
const limits = def.limits;
const budgetMj = limits.guardFraction * limits.stressMaxMj;
const pulseMj = (ua: number, widthUs: number): number => (ua * 1e-6) ** 2 * limits.channelResistanceOhm * widthUs * 1e-6 * 1000;
const loopMj = (peakUa: number, steps: number, widthUs: number): number => {
  let e = 0;
  for (let k = 1; k <= steps; k++) e += pulseMj(loopCurrentUa(-peakUa, peakUa, steps, k), widthUs);
  return e;
};

function watchdogResets(board: Board): number {
  return (simBehind(board) as unknown as { runtime: { watchdogResets: number } }).runtime.watchdogResets;
}

function expectWholeLoop(r: LoopSweepResult, peakUa: number, steps: number): void {
  expect(r.points.map((p) => p.index)).toEqual(Array.from({ length: steps }, (_, i) => i));
  expect(r.points.map((p) => p.currentUa)).toEqual(Array.from({ length: steps }, (_, i) => loopCurrentUa(-peakUa, peakUa, steps, i + 1)));
}

describe('loopCurrentUa', () => {
  it('walks the same currents as the firmware’s sweep', () => {
    for (const [start, peak] of [[-30000, 30000], [0, 30000], [-30000, 12000], [5000, 20000], [-1, 1]]) {
      for (const steps of [2, 3, 4, 7, 400, 1000]) {
        for (let k = 1; k <= steps; k++) expect(loopCurrentUa(start, peak, steps, k)).toBe(sweepCurrentUa(start, peak, steps, k));
      }
    }
  });
});

describe('sweepLoop on the twin', () => {
  let board: Board;
  beforeAll(async () => {
    board = await openBoard('sim');
  });
  afterAll(async () => {
    await board.close();
  });

  it('paces a 400-point loop at 300 µs that the board refuses as one request, within the guard, and reports its device time', async () => {
    const peakUa = board.info.limits.maxCurrentUa;
    const needMj = loopMj(peakUa, 400, 300);
    expect(needMj).toBeGreaterThan(budgetMj); // the premise: the board's own sweep refuses it
    await expect(board.sweep({ channel: 0, widthUs: 300, peakUa, steps: 400 })).rejects.toMatchObject({ code: 'THERMAL_GUARD', detail: 'steps' });

    const notes: string[] = [];
    let streamed = 0;
    const r = await sweepLoop(board, { channel: 0, widthUs: 300, peakUa, steps: 400, onPacing: (l) => notes.push(l), onPoint: () => streamed++ });
    expectWholeLoop(r, peakUa, 400);
    expect(streamed).toBe(400);
    expect([r.paced, r.pacedFromIndex]).toEqual([true, 0]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`needs ${needMj.toFixed(3)} mJ of a ${budgetMj.toFixed(3)} mJ budget`);
    expect(notes[0]).toMatch(/the host paces it: points 1–400 one pulse and one read each/);

    // Device time: the stress above the budget has to relax away at the budget's decay rate
    // (S ≤ budget, dS/dt = −S/τ), so the loop cannot take less than τ·(E − budget)/budget; a
    // guard that waits only as long as it must stays close to that bound.
    const tauMs = limits.stressTauS * 1000;
    const leastMs = (tauMs * (needMj - budgetMj)) / budgetMj;
    expect(r.deviceTimeMs).toBeGreaterThanOrEqual(leastMs);
    expect(r.deviceTimeMs).toBeLessThan(1.1 * leastMs);
    expect(r.guardWaitMs).toBeGreaterThan(0.9 * leastMs);
    expect(r.guardWaitMs).toBeLessThanOrEqual(r.deviceTimeMs);

    // The guard was respected, its config is as before, and the board was never reset.
    const status = await board.status();
    const stress = (status.stressPermille as number[])[0];
    expect(stress).toBeLessThanOrEqual(board.info.limits.guardPermille);
    expect(stress).toBeGreaterThan(0.9 * board.info.limits.guardPermille);
    expect(await board.configGet()).toMatchObject({ guardMode: 'delay', maxGuardDelayMs: 60000 });
    expect(watchdogResets(board)).toBe(0);

    // The loop is a switching loop: ΔI₉₉ near the paper's 9.6 mA at 300 µs (Fig. 1g).
    const cal = buildCalibration(r.points, { channel: 0, widthUs: 300, maxCurrentUa: peakUa });
    expect(cal.deltaI99Ua).toBeGreaterThan(7500);
    expect(cal.deltaI99Ua).toBeLessThan(11500);
  });

  it('continues a sweep the board stopped part-way (a pause longer than maxGuardDelayMs) from the next point', async () => {
    // Channel 1, stressed to near its budget by a 200 µs loop, then a loop that fits the
    // budget alone but needs pauses of more than the 1 s this config allows.
    const peakUa = board.info.limits.maxCurrentUa;
    await sweepLoop(board, { channel: 1, widthUs: 200, peakUa, steps: 300 });
    await board.configSet({ maxGuardDelayMs: 1000 });
    expect(loopMj(peakUa, 200, 100)).toBeLessThan(budgetMj);
    const notes: string[] = [];
    const r = await sweepLoop(board, { channel: 1, widthUs: 100, peakUa, steps: 200, onPacing: (l) => notes.push(l) });
    expectWholeLoop(r, peakUa, 200);
    expect(r.paced).toBe(true);
    expect(r.pacedFromIndex).toBeGreaterThan(0);
    expect(r.pacedFromIndex).toBeLessThan(200);
    expect(notes[0]).toContain(`the board stopped the sweep after ${r.pacedFromIndex} of 200 points`);
    expect(notes[0]).toContain(`points ${(r.pacedFromIndex ?? 0) + 1}–200`);
    expect(await board.configGet()).toMatchObject({ guardMode: 'delay', maxGuardDelayMs: 1000 });
    await board.configSet({ maxGuardDelayMs: 60000 });
    expect(watchdogResets(board)).toBe(0);
  });

  it('paces the longest loop the limits allow: 1000 points at 300 µs', async () => {
    const peakUa = board.info.limits.maxCurrentUa;
    const needMj = loopMj(peakUa, 1000, 300);
    const r = await sweepLoop(board, { channel: 3, widthUs: 300, peakUa, steps: 1000 });
    expectWholeLoop(r, peakUa, 1000);
    expect([r.paced, r.pacedFromIndex]).toEqual([true, 0]);
    const leastMs = (limits.stressTauS * 1000 * (needMj - budgetMj)) / budgetMj;
    expect(r.deviceTimeMs).toBeGreaterThanOrEqual(leastMs);
    expect(r.deviceTimeMs).toBeLessThan(1.1 * leastMs);
    expect(watchdogResets(board)).toBe(0);
  });

  it('leaves a loop that fits the budget to the board’s own sweep', async () => {
    const notes: string[] = [];
    const r = await sweepLoop(board, { channel: 2, widthUs: 5, peakUa: 30000, steps: 400, onPacing: (l) => notes.push(l) });
    expectWholeLoop(r, 30000, 400);
    expect([r.paced, r.pacedFromIndex, r.guardWaitMs, notes]).toEqual([false, null, 0, []]);
    expect(r.deviceTimeMs).toBeGreaterThan(0);
  });

  it('rejects bad options with a TypeError naming them', async () => {
    await expect(sweepLoop(board, { channel: 0, widthUs: 301, peakUa: 30000, steps: 400 })).rejects.toThrow(/widthUs must be an integer in \[5, 300\]/);
    await expect(sweepLoop(board, { channel: 0, widthUs: 5, peakUa: 30000, steps: 400, maxPauseMs: 0 })).rejects.toThrow(/maxPauseMs must be an integer in \[1, 3600000\]/);
  });
});

describe('the paper’s Fig. 1g from sweep: ΔI₉₉ against pulse width', () => {
  it('400-point ±30 mA loops at 5, 20, 100 and 300 µs on six devices: ΔI₉₉ falls with width, nonlinearly, near the paper’s bars', async () => {
    const board = await openBoard('sim');
    try {
      const widths = [5, 20, 100, 300];
      const paper = [13.5, 11.4, 10.2, 9.6]; // mA, Zhou et al. Fig. 1g (docs/twin-device.md)
      const channels = [0, 1, 2, 3, 4, 5];
      const meanMa: number[] = [];
      for (const widthUs of widths) {
        const deltas: number[] = [];
        for (const channel of channels) {
          const r = await sweepLoop(board, { channel, widthUs, peakUa: 30000, steps: 400 });
          expect(r.points).toHaveLength(400);
          expect(r.paced).toBe(widthUs === 300); // only the 300 µs loop exceeds the budget
          deltas.push(buildCalibration(r.points, { channel, widthUs, maxCurrentUa: 30000 }).deltaI99Ua / 1000);
        }
        meanMa.push(deltas.reduce((a, b) => a + b, 0) / deltas.length);
      }
      // Falls with width, faster at short widths (the paper's nonlinear growth towards 5 µs).
      for (let i = 1; i < widths.length; i++) expect(meanMa[i]).toBeLessThan(meanMa[i - 1]);
      expect(meanMa[0] - meanMa[1]).toBeGreaterThan(meanMa[2] - meanMa[3]);
      // Each bar within 10 % of the paper's: device-to-device spread (sd ≈ 0.3–0.5 mA) and the
      // loop's 0.3 mA current steps, which resolve each end of the 99 % window to one step.
      meanMa.forEach((m, i) => expect(Math.abs(m - paper[i]) / paper[i]).toBeLessThan(0.1));
      expect(watchdogResets(board)).toBe(0);
    } finally {
      await board.close();
    }
  });
});

describe('nucleon sweep --width-us 300', () => {
  it('completes with 400 points on the twin, says it paces, and states its device time', async () => {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, 'bin', 'nucleon.js'), 'sweep', '--board', 'sim', '--channel', '0', '--width-us', '300', '--json'], {
      cwd: root,
      timeout: 120000,
    });
    const json = JSON.parse(stdout.trim().split('\n').pop() as string) as { pointCount: number; paced: boolean; deviceTimeMs: number; guardWaitMs: number; deltaI99Ua: number };
    expect(json.pointCount).toBe(400);
    expect(json.paced).toBe(true);
    expect(json.deviceTimeMs).toBeGreaterThan(3600000);
    expect(json.guardWaitMs).toBeLessThanOrEqual(json.deviceTimeMs);
    expect(stderr).toContain('the board refuses this loop as one sweep (thermal guard: this sweep needs 11.377 mJ of a 7.200 mJ budget)');
    expect(stderr).toMatch(/400 points, device time (\d+\.\d\d) h \(paced by the host from point 1; the guard waited \d+\.\d\d h\)/);
    const hours = Number(/device time (\d+\.\d\d) h/.exec(stderr)?.[1]);
    expect(hours).toBeCloseTo(json.deviceTimeMs / 3600000, 2);
  });
});
