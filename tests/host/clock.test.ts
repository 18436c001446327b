/**
 * The one clock interface (protocol/clock.ts): the host's wall clock, the twin's schedulers and
 * the tests' manual clock all are one, and the manual clock's order rules are the twin's.
 */
import type { Clock } from '../../protocol/clock';
import { realClock } from '../../host/clock';
import { VirtualScheduler } from '../../board/twin/scheduler-virtual';
import { RealTimeScheduler } from '../../board/twin/scheduler-real';
import { FakeHal } from '../firmware/fake-hal';
import { ManualClock } from '../manual-clock';

test('the host clock, both twin schedulers and the manual clock (also the fake HAL’s) are one Clock', () => {
  const virtual = new VirtualScheduler({ idle: 'frozen' });
  const real = new RealTimeScheduler();
  const clocks: Clock[] = [realClock, virtual, real, new ManualClock(), new FakeHal().clock];
  for (const clock of clocks) {
    const id = clock.setTimer(() => undefined, 1e6);
    clock.clearTimer(id);
    clock.clearTimer(null);
    expect(typeof clock.nowMs()).toBe('number');
  }
  virtual.dispose();
  real.dispose();
});

test('manual clock: due-time order, ties in creation order, repeats re-queued after, clear, busy, growth past its first slots', () => {
  const clock = new ManualClock(100);
  const fired: string[] = [];
  const at = (name: string) => () => fired.push(`${name}@${clock.nowMs()}`);
  clock.setTimer(at('b'), 20);
  clock.setTimer(at('a'), 10);
  clock.setTimer(at('tick'), 10, 10);
  const gone = clock.setTimer(at('gone'), 5);
  clock.setTimer(at('c'), 20);
  clock.clearTimer(gone);
  clock.advance(20);
  expect(fired).toEqual(['a@110', 'tick@110', 'b@120', 'c@120', 'tick@120']);
  expect(clock.nowMs()).toBe(120);
  fired.length = 0;
  clock.busy(25);
  expect(fired).toEqual([]);
  clock.advance(0);
  expect(fired).toEqual(['tick@145', 'tick@145']);
  expect(clock.pending()).toBe(1);
  expect(clock.pending(true)).toBe(0);
  let n = 0;
  for (let i = 0; i < 100; i++) clock.setTimer(() => n++, i);
  clock.runOneShots();
  expect(n).toBe(100);
  expect(clock.nowMs()).toBe(145 + 99);
});
