/**
 * Regression: the host never heartbeat a board whose link watchdog was on. The Board took its
 * heartbeat period from hello's limits, which carry no heartbeatTimeoutMs (it is a config key),
 * so the period was always 0 and a board set to time out timed out under its own idle host.
 * Now the Board follows the config (at connect and in every configGet/configSet answer).
 *
 * Virtual time: the Board's clock is the twin's scheduler (idle 'frozen': the board's time
 * moves only when the test moves it), stepped 100 ms at a time with the host's promises let run
 * between steps. No wall-clock waits.
 */
import { WarningCode } from '../../protocol/ops';
import { Board } from '../../host/client/board';
import { defaultWire } from '../../host/client/default-wire';
import { InProcessTransport } from '../../host/transport/in-process';
import { openSimBoard, type SimBoard } from './sim-fixtures';
import type { TwinScheduler } from '../../board/twin/twin-api';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function runFor(scheduler: TwinScheduler, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 100) {
    scheduler.advance(100);
    for (let i = 0; i < 5; i++) await settle();
  }
}

async function connect(options: { heartbeatMs?: number } = {}): Promise<{ board: Board; sim: SimBoard; warnings: number[] }> {
  let sim: SimBoard | undefined;
  const transport = new InProcessTransport(async () => (sim = await openSimBoard('sim:seed=3', { idle: 'frozen' })), 'sim:seed=3');
  await transport.open();
  const scheduler = sim!.twin.scheduler;
  const connecting = Board.connect(transport, { wire: defaultWire(), clock: scheduler, ...options });
  let board: Board | undefined;
  void connecting.then((b) => (board = b));
  while (board === undefined) {
    scheduler.advance(10);
    await settle();
  }
  const warnings: number[] = [];
  board.on('warning', (code) => warnings.push(code));
  return { board, sim: sim!, warnings };
}

describe('the Board heartbeats a board whose link watchdog is on', () => {
  test("watchdog off (the reference board's default): no heartbeats; set to 3 s: one every second, and the board never times out", async () => {
    const { board, sim, warnings } = await connect();
    try {
      expect(board.heartbeatPeriodMs).toBe(0);
      const scheduler = sim.twin.scheduler;
      const setting = board.configSet({ heartbeatTimeoutMs: 3000 });
      while (board.heartbeatPeriodMs === 0) {
        scheduler.advance(10);
        await settle();
      }
      await setting;
      expect(board.heartbeatPeriodMs).toBe(1000);
      const before = board.counters.responses;
      const t0 = scheduler.nowMs();
      await runFor(scheduler, 10_000);
      const beats = board.counters.responses - before;
      const elapsedMs = scheduler.nowMs() - t0;
      // The twin's scheduler fast-forwards while one-shot timers (the host's among them) are
      // pending, so the virtual time that passed is read, not assumed: one beat per second of it.
      expect(elapsedMs).toBeGreaterThanOrEqual(10_000);
      expect(Math.abs(beats - elapsedMs / 1000)).toBeLessThanOrEqual(2);
      expect(warnings).not.toContain(WarningCode.LINK_TIMEOUT);
      // and off again: the heartbeats stop
      const off = board.configSet({ heartbeatTimeoutMs: 0 });
      while (board.heartbeatPeriodMs !== 0) {
        scheduler.advance(10);
        await settle();
      }
      await off;
      const after = board.counters.responses;
      const t1 = scheduler.nowMs();
      await runFor(scheduler, 5_000);
      expect(scheduler.nowMs() - t1).toBeGreaterThanOrEqual(5_000);
      expect(board.counters.responses).toBe(after);
    } finally {
      await closeIn(board, sim);
    }
  });

  test("without the host's heartbeats (a fixed heartbeatMs: 0) the same board does time out: the test can fail", async () => {
    const { board, sim, warnings } = await connect({ heartbeatMs: 0 });
    try {
      const scheduler = sim.twin.scheduler;
      const setting = board.configSet({ heartbeatTimeoutMs: 3000 });
      let done = false;
      void setting.then(() => (done = true));
      while (!done) {
        scheduler.advance(10);
        await settle();
      }
      expect(board.heartbeatPeriodMs).toBe(0);
      const t0 = scheduler.nowMs();
      await runFor(scheduler, 10_000);
      expect(scheduler.nowMs() - t0).toBeGreaterThanOrEqual(3_000);
      expect(warnings).toContain(WarningCode.LINK_TIMEOUT);
      
    } finally {
      await closeIn(board, sim);
    }
  });
});

async function closeIn(board: Board, sim: SimBoard): Promise<void> {
  let closed = false;
  void board.close().then(() => (closed = true));
  while (!closed) {
    sim.twin.scheduler.advance(10);
    await settle();
  }
}
