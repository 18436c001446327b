/**
 * The switching ratio on the twin is the paper's: the current-induced loop's ΔR over the
 * field-induced full ΔR_AHE,H, the latter from the board definition (reported in hello), since
 * the board cannot apply a field. The twin's devices have η = 0.691 and ΔR_AHE scattered ±10 %
 * (1σ) around the 0.5 Ω the reference board definition carries, so each device's ratio is
 * 0.691 · ΔR_AHE,i / 0.5 — near 0.69, scattered by the device-to-device spread.
 */
import { openBoard } from '../../host/open';
import type { Board } from '../../host/client/board';
import { calibrate } from '../../host/calibration/calibrate';
import { loadBoardDefinition, validateBoardDefinition } from '../../board/definitions';
import { fieldDeltaROhmList } from '../../host/client/hello';
import type { BoardTwin } from '../../board/twin';
import { simBehind } from './sim-fixtures';

let board: Board;

beforeAll(async () => {
  board = await openBoard('sim:seed=5');
});
afterAll(async () => {
  await board.close();
});

test('hello reports the field ΔR_AHE of the board definition per channel', () => {
  const def = loadBoardDefinition();
  expect(def.fieldDeltaROhm).toBe(0.5);
  expect(board.info.fieldDeltaROhm).toEqual(new Array(16).fill(0.5));
});

test('the board definition takes one nominal or one value per channel; a channel not measured gives null', () => {
  const def = loadBoardDefinition();
  const perChannel = [...new Array(10).fill(0.45), ...new Array(6).fill(null)];
  expect(() => validateBoardDefinition({ ...def, fieldDeltaROhm: perChannel })).not.toThrow();
  expect(() => validateBoardDefinition({ ...def, fieldDeltaROhm: [0.5, 0.5] })).toThrow(/fieldDeltaROhm: must hold one value per channel \(16\)/);
  expect(() => validateBoardDefinition({ ...def, fieldDeltaROhm: -0.5 })).toThrow(/fieldDeltaROhm: must be > 0/);
  const { fieldDeltaROhm: _omitted, ...withoutField } = def;
  expect(() => validateBoardDefinition(withoutField)).not.toThrow();
  // a missing list (no longer accepted in hello: the spec requires the key) and channels not measured (0)
  expect(fieldDeltaROhmList(undefined, 4)).toEqual([null, null, null, null]);
  expect(fieldDeltaROhmList([450, 0, 512], 3)).toEqual([0.45, null, 0.512]);
});

test('calibration reports loop ΔR / field ΔR_AHE: each device its own 0.691·ΔR_AHE,i/0.5, all near 0.69', async () => {
  const twin = simBehind(board).twin as BoardTwin;
  const ratios: number[] = [];
  for (const ch of [0, 1, 2, 3]) {
    const cal = await calibrate(board, ch, { steps: 200, store: false });
    const device = twin.device(ch);
    if (device === undefined) throw new Error(`no device on channel ${ch}`);
    const expected = (device.draw.deltaRAheOhm * twin.deviceParams.fieldFreeRatio) / 0.5;
    expect(cal.fieldDeltaROhm).toBe(0.5);
    expect(cal.switchingRatio).toBeCloseTo(cal.loopDeltaROhm / 0.5, 10);
    // the measured loop against the device's drawn ΔR_AHE: within 5 % (ADC steps, noise)
    expect(Math.abs(cal.switchingRatio - expected) / expected).toBeLessThan(0.05);
    // and not the loop over itself, which is ≈ 1 for a saturated loop
    expect(cal.loopSaturation).toBeGreaterThan(0.9);
    ratios.push(cal.switchingRatio);
  }
  // ±10 % (1σ) device spread: every ratio within 3σ of 0.691, and not all the same device
  for (const r of ratios) expect(Math.abs(r - 0.691)).toBeLessThan(0.3 * 0.691);
  expect(Math.max(...ratios) - Math.min(...ratios)).toBeGreaterThan(0.005);
});

test('an explicit field ΔR overrides the board definition', async () => {
  const cal = await calibrate(board, 4, { steps: 200, store: false, fieldDeltaROhm: 1.0 });
  expect(cal.fieldDeltaROhm).toBe(1.0);
  expect(cal.switchingRatio).toBeCloseTo(cal.loopDeltaROhm, 10);
});
