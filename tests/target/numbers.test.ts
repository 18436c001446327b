/**
 * Numbers that differ between Espruino and V8 must not reach a result: the twin surface's
 * Math.round is Espruino's (compared here against the real interpreter over awkward values), and
 * the bundle calls none of the functions whose last bits differ and the surface keeps as V8's
 * (Math.pow, Math.sqrt: ESPRUINO.md).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { espruinoRound } from '../../board/twin/espruino/math';
import { firmwareBoardFrom } from '../../firmware/board';
import { loadBoardDefinition, REFERENCE_BOARD_ID } from '../../board/definitions';
import { doubleConfigFor } from './double-config';
import { EspruinoTarget } from './interpreter';
import { describeOnTarget } from './tier';

const BUNDLE = path.join(__dirname, '..', '..', 'dist', 'firmware.js');
const VALUES = [-2.5, -0.5, -1.5, 0.49999999999999994, -0.49999999999999994, 2.5, -3.7, 3.5, -4.5, 4503599627370497, -0.4, -7.5e-7, 1234.5, -1234.5, 0.5, 1e300, -1e300];

test('the bundle calls no Math function whose last bits differ on Espruino', () => {
  const code = fs.readFileSync(BUNDLE, 'utf8');
  expect(code.match(/Math\.(pow|sqrt|cbrt|hypot|log10|log2)\b/g) ?? []).toEqual([]);
});

test('the surface hands programs its Espruino Math.round', () => {
  const ctx = vm.createContext({ Math: { round: espruinoRound } });
  expect(vm.runInContext('[Math.round(-2.5), Math.round(-0.5), Math.round(2.5)]', ctx)).toEqual([-3, -1, 3]);
});

const { d, binary } = describeOnTarget('pico16');
d('Math.round: the surface against the real interpreter', () => {
  let t: EspruinoTarget | undefined;
  afterAll(async () => {
    await t?.close();
  });

  it('gives the same integer for every value', async () => {
    const board = firmwareBoardFrom(loadBoardDefinition(REFERENCE_BOARD_ID));
    t = await EspruinoTarget.start({ binary, bundleFile: BUNDLE, load: 'ram', double: doubleConfigFor(board, { log: false, sampleMemory: false }) });
    // JSON of the value and of 1/value (tells +0 from −0)
    const real = JSON.parse(await t.evaluate(`JSON.stringify(${JSON.stringify(VALUES)}.map(function (x) { var r = Math.round(x); return [String(r), 1 / r > 0]; }))`)) as [string, boolean][];
    const mine = VALUES.map((x) => {
      const r = espruinoRound(x);
      return [String(r), 1 / r > 0];
    });
    // Espruino prints about 12 significant digits: compare through its printing
    expect(mine.map(([s, pos]) => [Number(s), pos])).toEqual(real.map(([s, pos]) => [Number(s), pos]));
  }, 120_000);
});
