/** The twin's hardware watchdog (board/twin/espruino/runtime.ts): E.enableWatchdog without auto-kick. */
import type { EspruinoRuntime } from '../../board/twin/espruino/runtime';
import type { BoardTwin } from '../../board/twin';
import { useEspruinoTwin } from './twin-helpers';

const espruinoTwin = useEspruinoTwin();
let twin: BoardTwin;
let runtime: EspruinoRuntime;
beforeEach(() => {
  ({ twin, runtime } = espruinoTwin());
});

test('resets the board at the timeout after the last kick, not before', () => {
  // kicks at 200, 400, …, 1000 ms, then stops: the deadline is 1000 + 500 ms
  runtime.runProgram('E.enableWatchdog(0.5, false); var n = 0; var id = setInterval(function () { E.kickWatchdog(); if (++n === 5) clearInterval(id); }, 200);', 'wd.js', false);
  twin.scheduler.advance(1499);
  expect(runtime.watchdogResets).toBe(0);
  expect(runtime.program).toBeDefined();
  twin.scheduler.advance(2);
  expect(runtime.watchdogResets).toBe(1);
  expect(runtime.program).toBeUndefined(); // no .bootcde: the board comes up empty
});

test('a program that keeps kicking is never reset; one that never kicks is reset after the timeout', () => {
  runtime.runProgram('E.enableWatchdog(0.3, false); setInterval(function () { E.kickWatchdog(); }, 250);', 'kick.js', false);
  twin.scheduler.advance(20000);
  expect(runtime.watchdogResets).toBe(0);
  runtime.runProgram('E.enableWatchdog(0.3, false);', 'idle.js', false);
  twin.scheduler.advance(299);
  expect(runtime.watchdogResets).toBe(0);
  twin.scheduler.advance(2);
  expect(runtime.watchdogResets).toBe(1);
});

test('auto-kick (the default) never resets', () => {
  runtime.runProgram('E.enableWatchdog(0.2);', 'auto.js', false);
  twin.scheduler.advance(5000);
  expect(runtime.watchdogResets).toBe(0);
});
