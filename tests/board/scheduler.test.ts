import fc from 'fast-check';
import { VirtualScheduler } from '../../board/twin/scheduler-virtual';
import { RealTimeScheduler } from '../../board/twin/scheduler-real';
import { TwinError } from '../../board/twin/errors';

/** A wall clock the test moves by hand, so "follows wall time" is checked without sleeping. */
function manualWall(): { now: () => number; move: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, move: (ms) => (t += ms) };
}

describe('VirtualScheduler: advance', () => {
  it('fires timers in time order, ties in creation order, at their due times', () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    const log: string[] = [];
    s.setTimer(() => log.push(`c@${s.nowMs()}`), 30);
    s.setTimer(() => log.push(`a@${s.nowMs()}`), 10);
    s.setTimer(() => log.push(`b1@${s.nowMs()}`), 20);
    s.setTimer(() => log.push(`b2@${s.nowMs()}`), 20);
    s.advance(25);
    expect(log).toEqual(['a@10', 'b1@20', 'b2@20']);
    expect(s.nowMs()).toBe(25);
    s.advance(5);
    expect(log).toEqual(['a@10', 'b1@20', 'b2@20', 'c@30']);
    s.dispose();
  });

  it('runs nested timers set from callbacks when they fall inside the window', () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    const log: string[] = [];
    s.setTimer(() => {
      log.push(`outer@${s.nowMs()}`);
      s.setTimer(() => log.push(`zero@${s.nowMs()}`), 0);
      s.setTimer(() => log.push(`inner@${s.nowMs()}`), 5);
      s.setTimer(() => log.push(`late@${s.nowMs()}`), 50);
    }, 10);
    s.setTimer(() => log.push(`tie@${s.nowMs()}`), 10);
    s.advance(20);
    expect(log).toEqual(['outer@10', 'tie@10', 'zero@10', 'inner@15']);
    s.advance(100);
    expect(log[log.length - 1]).toBe('late@60');
    s.dispose();
  });

  it('clearing inside a callback stops a later timer and a repeating timer', () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    const log: string[] = [];
    let laterId = 0;
    s.setTimer(() => {
      log.push('first');
      s.clearTimer(laterId);
    }, 1);
    laterId = s.setTimer(() => log.push('later'), 2);
    let ticks = 0;
    const rid = s.setTimer(
      () => {
        ticks++;
        if (ticks === 3) s.clearTimer(rid);
      },
      10,
      10,
    );
    s.advance(1000);
    expect(log).toEqual(['first']);
    expect(ticks).toBe(3);
    s.dispose();
  });

  it('repeats at the interval and interleaves with one-shots in time order', () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    const log: number[] = [];
    s.setTimer(() => log.push(s.nowMs()), 10, 10);
    s.setTimer(() => log.push(-s.nowMs()), 25);
    s.advance(45);
    expect(log).toEqual([10, 20, -25, 30, 40]);
    s.dispose();
  });

  it('a repeating timer and a one-shot due at the same time fire in creation order', () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    const log: string[] = [];
    s.setTimer(() => log.push('rep'), 10, 10);
    s.setTimer(() => log.push('one'), 20);
    s.advance(20);
    // rep@10, then rep@20 was re-queued (fresh order) after `one` was created → one first.
    expect(log).toEqual(['rep', 'one', 'rep']);
    s.dispose();
  });

  it('negative and NaN delays mean now; ids are positive and distinct', () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    const fired: number[] = [];
    const a = s.setTimer(() => fired.push(1), -5);
    const b = s.setTimer(() => fired.push(2), Number.NaN);
    expect(a).toBeGreaterThan(0);
    expect(b).not.toBe(a);
    s.advance(0);
    expect(fired).toEqual([1, 2]);
    s.dispose();
  });

  it('advance rejects negative ms; a disposed scheduler refuses timers', () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    expect(() => s.advance(-1)).toThrow(TwinError);
    s.dispose();
    expect(() => s.setTimer(() => undefined, 1)).toThrow(/disposed/);
  });

  it('an error thrown by a callback during advance reaches the caller; the queue stays usable', () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    const log: string[] = [];
    s.setTimer(() => {
      throw new Error('boom');
    }, 1);
    s.setTimer(() => log.push('after'), 2);
    expect(() => s.advance(10)).toThrow('boom');
    s.advance(10);
    expect(log).toEqual(['after']);
    s.dispose();
  });

  it('starts at startMs (a loaded state continues its clock)', () => {
    const s = new VirtualScheduler({ idle: 'frozen', startMs: 5000 });
    expect(s.nowMs()).toBe(5000);
    let at = 0;
    s.setTimer(() => (at = s.nowMs()), 100);
    s.advance(200);
    expect(at).toBe(5100);
    s.dispose();
  });
});

describe('VirtualScheduler: fast-forward pump', () => {
  it('runs a long chain of one-shot timers in virtual time without wall sleep', async () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    const wallStart = Date.now();
    const times: number[] = [];
    await new Promise<void>((resolve) => {
      let n = 0;
      const step = (): void => {
        times.push(s.nowMs());
        if (++n === 50) resolve();
        else s.setTimer(step, 2000);
      };
      s.setTimer(step, 2000);
    });
    expect(times[0]).toBe(2000);
    expect(times[49]).toBe(100000);
    expect(Date.now() - wallStart).toBeLessThan(2000);
    s.dispose();
  });

  it('runs every pending timer in one turn when nothing asks it to yield', async () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    const log: string[] = [];
    for (let i = 1; i <= 3; i++) s.setTimer(() => log.push(`t${i}`), i * 1000);
    setImmediate(() => log.push('io'));
    await s.idleOneShots();
    // setImmediate order: the pump was queued first, so its one turn runs all three timers.
    expect(log).toEqual(['t1', 't2', 't3', 'io']);
    s.dispose();
  });

  it('yields to the event loop as soon as yieldWhen() is true, so I/O interleaves', async () => {
    let bytesWaiting = false;
    const s = new VirtualScheduler({ idle: 'frozen', yieldWhen: () => bytesWaiting });
    const log: string[] = [];
    s.setTimer(() => log.push('t1'), 1000);
    s.setTimer(() => {
      log.push('t2');
      bytesWaiting = true; // e.g. the board wrote an answer to the link
      setImmediate(() => {
        bytesWaiting = false;
        log.push('io');
      });
    }, 2000);
    s.setTimer(() => log.push(`t3@${s.nowMs()}`), 3000);
    await s.idleOneShots();
    expect(log).toEqual(['t1', 't2', 'io', 't3@3000']);
    s.dispose();
  });

  it('yields once a turn has used its wall-time budget', async () => {
    const wall = manualWall();
    const s = new VirtualScheduler({ idle: 'frozen', wallNowMs: wall.now, batchWallMs: 4 });
    const log: string[] = [];
    for (let i = 1; i <= 4; i++) {
      s.setTimer(() => {
        log.push(`t${i}`);
        wall.move(3); // each callback takes 3 ms of wall time: two fit in a 4 ms turn
      }, i * 1000);
    }
    setImmediate(() => log.push('io'));
    await s.idleOneShots();
    expect(log).toEqual(['t1', 't2', 'io', 't3', 't4']);
    s.dispose();
  });

  it('fires repeating timers in order while fast-forwarding to a pending one-shot', async () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    const log: number[] = [];
    const rid = s.setTimer(() => log.push(s.nowMs()), 100, 100);
    await new Promise<void>((resolve) => s.setTimer(resolve, 350));
    s.clearTimer(rid);
    expect(log).toEqual([100, 200, 300]);
    expect(s.nowMs()).toBe(350);
    s.dispose();
  });

  it('dispose stops the pump: no callback after dispose', async () => {
    const s = new VirtualScheduler({ idle: 'frozen' });
    let fired = false;
    s.setTimer(() => (fired = true), 10);
    s.dispose();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(fired).toBe(false);
  });

  it('pump errors go to onError and the pump goes on', async () => {
    const errors: unknown[] = [];
    const s = new VirtualScheduler({ idle: 'frozen', onError: (e) => errors.push(e) });
    s.setTimer(() => {
      throw new Error('bad');
    }, 1);
    let after = false;
    s.setTimer(() => (after = true), 2);
    await s.idleOneShots();
    expect(errors).toHaveLength(1);
    expect(after).toBe(true);
    s.dispose();
  });
});

describe('VirtualScheduler: idle follows the wall clock', () => {
  it('with no one-shot pending, virtual time moves with the wall clock 1:1', () => {
    const wall = manualWall();
    const s = new VirtualScheduler({ wallNowMs: wall.now });
    expect(s.nowMs()).toBe(0);
    wall.move(250);
    expect(s.nowMs()).toBe(250);
    s.dispose();
  });

  it('freezes while a one-shot is pending and resumes from where the timer left it', async () => {
    const wall = manualWall();
    const s = new VirtualScheduler({ wallNowMs: wall.now });
    wall.move(100);
    await new Promise<void>((resolve) => s.setTimer(resolve, 5000));
    expect(s.nowMs()).toBe(5100);
    wall.move(40);
    expect(s.nowMs()).toBe(5140);
    s.dispose();
  });

  it('a wall tick fires every overdue interval, so interpreter time cannot starve housekeeping into a watchdog reset', async () => {
    // Regression: one firing per wall tick let back-to-back requests (each ≈ 285 ms of busy
    // interpreter time) push the firmware's 250 ms housekeeping seconds behind.
    const wall = manualWall();
    const s = new VirtualScheduler({ wallNowMs: wall.now });
    let n = 0;
    const first = new Promise<void>((resolve) =>
      s.setTimer(
        () => {
          n++;
          resolve();
        },
        250,
        250,
      ),
    );
    s.busy(5000); // 5 s of interpreter time: the interval's firings at 250 … 5000 ms are overdue
    await first; // runs after the wall timer's callback has returned
    expect(n).toBe(20);
    expect(s.nowMs()).toBe(5000);
    s.dispose();
  });

  it('busyUntil leaves the clock at or past its target, where busy(target − now) can fall an ulp short', () => {
    // now = anchor + (wall − wallAnchor) in floating point (found by search: a common case)
    let wallMs = 151252.83460287587;
    const opts = { startMs: 103.37680762464441, wallNowMs: () => wallMs };
    const targetMs = 642.0066279452143;
    const a = new VirtualScheduler(opts);
    const b = new VirtualScheduler(opts);
    wallMs = 151791.27061977886;
    a.busy(targetMs - a.nowMs());
    expect(a.nowMs()).toBeLessThan(targetMs); // the shortfall a pulse wait met: the gate still read high
    b.busyUntil(targetMs);
    expect(b.nowMs()).toBeGreaterThanOrEqual(targetMs);
    expect(b.nowMs() - targetMs).toBeLessThan(1e-9);
    a.dispose();
    b.dispose();
  });

  it('busyUntil reaches its target for any anchor, wall reading and target (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        (startMs, wall0, wallMove, aheadMs) => {
          let wallMs = wall0;
          const s = new VirtualScheduler({ startMs, wallNowMs: () => wallMs });
          wallMs = wall0 + wallMove;
          const targetMs = s.nowMs() + aheadMs;
          s.busyUntil(targetMs);
          const ok = s.nowMs() >= targetMs && s.nowMs() - targetMs <= Math.max(1e-9, targetMs * 1e-14);
          s.dispose();
          return ok;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('an interval fires from a real wall timer when idle', async () => {
    const s = new VirtualScheduler();
    const t0 = s.nowMs();
    const at = await new Promise<number>((resolve) => {
      const id = s.setTimer(
        () => {
          s.clearTimer(id);
          resolve(s.nowMs());
        },
        20,
        20,
      );
    });
    expect(at - t0).toBeGreaterThanOrEqual(19);
    expect(at - t0).toBeLessThan(1000);
    s.dispose();
  });
});

describe('RealTimeScheduler', () => {
  it('fires in order on the wall clock and cannot advance', async () => {
    const s = new RealTimeScheduler();
    expect(s.virtual).toBe(false);
    const log: string[] = [];
    await new Promise<void>((resolve) => {
      s.setTimer(() => log.push('b'), 15);
      s.setTimer(() => log.push('a'), 5);
      s.setTimer(() => log.push('b2'), 15);
      s.setTimer(resolve, 25);
    });
    expect(log).toEqual(['a', 'b', 'b2']);
    expect(s.nowMs()).toBeGreaterThanOrEqual(24);
    expect(() => s.advance(1)).toThrow(expect.objectContaining({ code: 'NOT_VIRTUAL' }));
    s.dispose();
  });
});
