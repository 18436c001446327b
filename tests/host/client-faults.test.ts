/**
 * Board client behaviour the twin cannot be made to show on demand: a board with other
 * firmware, a response that is lost exactly once, a board that never answers, a cable pulled
 * mid-request. The peer is scripted (tests/host/scripted-peer.ts); the happy paths, pipelining
 * against real firmware and exactly-once under link loss run on the twin (board-twin.test.ts).
 * Timeouts run on a manual clock: the test moves time once the request is on the wire, so
 * nothing sleeps.
 */
import { Board } from '../../host/client/board';
import { defaultWire } from '../../host/client/default-wire';
import { NucleonError } from '../../host/errors';
import { createMemoryPipe } from '../../host/transport/memory';
import { Op } from '../../protocol/ops';
import { ManualClock } from '../manual-clock';
import { HELLO_OK, scriptedPeer } from './scripted-peer';
import type { Reply } from './scripted-peer';
import { PROTOCOL_VERSION } from '../../protocol/limits';

async function connect(reply: Reply, options: Partial<Parameters<typeof Board.connect>[1]> = {}) {
  const [host, dev] = createMemoryPipe();
  await dev.open();
  const peer = scriptedPeer(dev, reply);
  // heartbeatMs 0: these peers answer only the ops each test scripts, not the configGet a Board
  // sends at connect to follow the board's watchdog (tests/host/heartbeat-follows-config.test.ts)
  const board = await Board.connect(host, { wire: defaultWire(), heartbeatMs: 0, ...options });
  return { board, peer, host, dev };
}

describe('Board client faults', () => {
  test('a board with another protocol version is refused with VERSION_MISMATCH saying what to do', async () => {
    const [host, dev] = createMemoryPipe();
    await dev.open();
    scriptedPeer(dev, (seq, op) => (op === Op.HELLO ? [seq, 0, HELLO_OK({ protocolVersion: PROTOCOL_VERSION + 1 })] : [seq, 0, [true]]));
    const err = await Board.connect(host, { wire: defaultWire() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NucleonError);
    expect((err as NucleonError).code).toBe('VERSION_MISMATCH');
    expect((err as NucleonError).message).toMatch(/nucleon flash/);
    expect((err as NucleonError).message).toMatch(/update the host/);
    expect(host.isOpen).toBe(false);
  });

  test('a lost response is retransmitted with the same seq and answered once', async () => {
    let pulses = 0;
    const answered = new Map<number, unknown[]>();
    let dropNext = true;
    const clock = new ManualClock();
    const { board, peer } = await connect(
      (seq, op, args) => {
        if (op === Op.HELLO) return [seq, 0, HELLO_OK()];
        if (op !== Op.PULSE) return [seq, 0, [true]];
        // Firmware semantics: a repeated seq gets the remembered answer and no second pulse.
        let r = answered.get(seq);
        if (!r) {
          pulses++;
          r = [seq, 0, [args[1], args[2], 0]];
          answered.set(seq, r);
        }
        if (dropNext) {
          dropNext = false;
          return null;
        }
        return r;
      },
      { timeoutsMs: { pulse: 40 }, retries: 2, clock },
    );
    const pending = board.pulse({ channel: 1, currentUa: 12000, widthUs: 5 });
    await peer.received$(Op.PULSE, 1);
    clock.advance(39);
    expect(board.counters.retransmits).toBe(0);
    clock.advance(1);
    const r = await pending;
    expect(r.appliedUa).toBe(12000);
    const pulseFrames = peer.received.filter((m) => m.op === Op.PULSE);
    expect(pulseFrames).toHaveLength(2);
    expect(pulseFrames[0].seq).toBe(pulseFrames[1].seq);
    expect(pulses).toBe(1);
    expect(board.counters.retransmits).toBe(1);
    await board.close();
  });

  test('no answer at all ends in TIMEOUT after the retries, naming the op and the link', async () => {
    const clock = new ManualClock();
    const { board, peer } = await connect((seq, op) => (op === Op.HELLO ? [seq, 0, HELLO_OK()] : op === Op.SAFE ? [seq, 0, [true]] : null), {
      timeoutsMs: { read: 20 },
      retries: 1,
      clock,
    });
    const pending = board.read(0).catch((e: unknown) => e);
    await peer.received$(Op.READ, 1);
    clock.advance(20);
    await peer.received$(Op.READ, 2);
    clock.advance(20);
    const err = (await pending) as NucleonError;
    expect(err.code).toBe('TIMEOUT');
    expect(err.op).toBe('read');
    expect(err.message).toMatch(/memory:a/);
    expect(peer.received.filter((m) => m.op === Op.READ)).toHaveLength(2);
    expect(board.counters.timeouts).toBe(1);
    await board.close();
  });

  test('a pulled cable rejects pending requests with DISCONNECTED and later calls with it too', async () => {
    const { board, dev } = await connect((seq, op) => (op === Op.HELLO ? [seq, 0, HELLO_OK()] : null));
    const closed = new Promise<NucleonError | null>((resolve) => board.on('close', resolve));
    const pending = board.read(0).catch((e: unknown) => e);
    await dev.close();
    const err = (await pending) as NucleonError;
    expect(err.code).toBe('DISCONNECTED');
    expect(err.disconnected).toBe(true);
    expect((await closed)?.code).toBe('DISCONNECTED');
    await expect(board.status()).rejects.toMatchObject({ code: 'CLOSED' });
    await board.close();
  });

  test('error responses become NucleonErrors with the protocol name and the argument', async () => {
    const { board } = await connect((seq, op) =>
      op === Op.HELLO ? [seq, 0, HELLO_OK()] : op === Op.SAFE ? [seq, 0, [true]] : [seq, 5, ['value outside the board limits', 'currentUa']],
    );
    await expect(board.pulse({ channel: 0, currentUa: 29000, widthUs: 5 })).rejects.toMatchObject({
      code: 'OUT_OF_LIMITS',
      detail: 'currentUa',
      op: 'pulse',
    });
    await board.close();
  });

  test('bad arguments are TypeErrors before anything is sent, and async methods never throw synchronously', async () => {
    const { board, peer } = await connect((seq, op) => (op === Op.HELLO ? [seq, 0, HELLO_OK()] : [seq, 0, [true]]));
    const before = peer.received.length;
    const p = board.pulse({ channel: 0, currentUa: 1.5, widthUs: 5 });
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toThrow(TypeError);
    await expect(board.read(16)).rejects.toThrow(/channel must be an integer in \[0, 15\]/);
    await expect(board.pulse({ channel: 0, currentUa: 40000, widthUs: 5 })).rejects.toThrow(TypeError);
    await expect(board.sweep({ channel: 0, widthUs: 2, peakUa: 30000, steps: 10 })).rejects.toThrow(/widthUs/);
    await expect(board.activateMany([])).rejects.toThrow(TypeError);
    await expect(board.activate(0, NaN)).rejects.toThrow(TypeError);
    expect(peer.received.length).toBe(before);
    await board.close();
  });

  test('close() sends safe before closing the link', async () => {
    const { board, peer, host } = await connect((seq, op) => (op === Op.HELLO ? [seq, 0, HELLO_OK()] : [seq, 0, [true]]));
    await board.close();
    expect(peer.received[peer.received.length - 1].op).toBe(Op.SAFE);
    expect(host.isOpen).toBe(false);
  });

  test('requests are pipelined: several are on the wire before the first answer', async () => {
    const held: unknown[][] = [];
    const { board, peer } = await connect((seq, op, args) => {
      if (op === Op.HELLO) return [seq, 0, HELLO_OK()];
      if (op === Op.HEARTBEAT) {
        held.push([seq, 0, [args[0], 1]]);
        return null;
      }
      return [seq, 0, [true]];
    });
    const calls = [1, 2, 3, 4].map((t) => board.heartbeat(t));
    await peer.received$(Op.HEARTBEAT, 4);
    expect(held).toHaveLength(4);
    // Answer out of order: each promise gets its own answer.
    for (const m of held.reverse()) peer.send(m);
    const results = await Promise.all(calls);
    expect(results.map((r) => r.token)).toEqual([1, 2, 3, 4]);
    await board.close();
  });
});
