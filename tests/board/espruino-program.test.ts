/**
 * Programs on the twin's Espruino surface (board/twin/espruino/program.ts): the API names are bound
 * as global lexical names for speed, and a program that declares one of those names itself
 * still runs, with its own declaration, as on a board.
 */
import * as vm from 'vm';
import type { EspruinoRuntime } from '../../board/twin/espruino/runtime';
import type { BoardTwin } from '../../board/twin';
import { useEspruinoTwin } from './twin-helpers';

const espruinoTwin = useEspruinoTwin();
let twin: BoardTwin;
let runtime: EspruinoRuntime;
beforeEach(() => {
  ({ twin, runtime } = espruinoTwin());
});

function valueIn(expr: string): unknown {
  const program = runtime.program;
  if (program === undefined) throw new Error('no program');
  return vm.runInContext(expr, program.context);
}

test('API calls reach the twin: pins, time, timers, Math', () => {
  twin.scheduler.advance(1500);
  runtime.runProgram('var t0 = getTime(); digitalWrite("B7", 1); var en = digitalRead("B7"); var r = Math.round(2.6); var fired = 0; setTimeout(function () { fired = getTime(); }, 250);', 'api.js', false);
  expect(runtime.errors).toEqual([]);
  expect(valueIn('t0')).toBeCloseTo(1.5, 9);
  expect(valueIn('en')).toBe(1);
  expect(valueIn('r')).toBe(3);
  twin.scheduler.advance(300);
  expect(valueIn('fired')).toBeCloseTo(1.75, 9);
});

test('a program may replace an API function; its own later calls see the replacement', () => {
  runtime.runProgram('var orig = getTime; getTime = function () { return 42; }; var t = getTime(); var back = typeof orig();', 'patch.js', false);
  expect(runtime.errors).toEqual([]);
  expect(valueIn('t')).toBe(42);
  expect(valueIn('back')).toBe('number');
});

test('a program that declares an API name itself runs with its own declaration', () => {
  runtime.runProgram('var calls = 0; function digitalWrite(pin, v) { calls++; } digitalWrite("B7", 1); var Math = { round: function () { return -1; } }; var r = Math.round(2.6);', 'own.js', false);
  expect(runtime.errors).toEqual([]);
  expect(valueIn('calls')).toBe(1);
  expect(valueIn('r')).toBe(-1);
  expect(twin.hardware.digitalRead('B7')).toBe(0); // the real digitalWrite was never called
});

test('a program with a real syntax error is reported once, as Espruino prints it', () => {
  runtime.runProgram('let a = 1; let a = 2;', 'bad.js', false);
  expect(runtime.errors).toHaveLength(1);
  expect(runtime.errors[0]).toMatch(/SyntaxError/);
});
