/**
 * The one transport contract suite (STYLE §6). Each transport's test file calls
 * `transportContract(name, makeFixture)`; the far end is always the twin running the firmware
 * (in-process, over TCP, over a real pty, or behind the CP2110 HID double).
 * Nothing here sleeps: each wait is on an answer from the board or one event-loop turn.
 */
import { Board } from '../../host/client/board';
import { defaultWire } from '../../host/client/default-wire';
import type { NucleonError } from '../../host/errors';
import type { Transport } from '../../host/transport/transport';
import { PROTOCOL_VERSION } from '../../protocol/limits';

export interface Fixture {
  transport: Transport;
  /** Makes the far end go away (cable pulled, server gone); absent when not possible. */
  disconnect?: () => Promise<void>;
  cleanup(): Promise<void>;
}

export function transportContract(name: string, make: () => Promise<Fixture>): void {
  describe(`transport contract: ${name}`, () => {
    let fx: Fixture;
    beforeEach(async () => {
      fx = await make();
    });
    afterEach(async () => {
      await fx.transport.close().catch(() => undefined);
      await fx.cleanup();
    });

    test('write before open rejects NOT_OPEN; a non-Uint8Array is a TypeError; neither throws synchronously', async () => {
      const p = fx.transport.write(Uint8Array.from([0]));
      expect(p).toBeInstanceOf(Promise);
      await expect(p).rejects.toMatchObject({ code: 'NOT_OPEN' });
      await fx.transport.open();
      const q = fx.transport.write('abc' as unknown as Uint8Array);
      await expect(q).rejects.toThrow(TypeError);
      await expect(fx.transport.open()).rejects.toMatchObject({ code: 'ALREADY_OPEN' });
    });

    test('hello round trip with the firmware, then 24 pipelined heartbeats come back in any order', async () => {
      const board = await Board.connect(fx.transport, { wire: defaultWire() });
      expect(board.info.protocolVersion).toBe(PROTOCOL_VERSION);
      expect(board.info.boardId).toMatch(/\w/);
      expect(board.info.populated.length).toBeGreaterThan(0);
      const tokens = Array.from({ length: 24 }, (_, i) => 1000 + i);
      const results = await Promise.all(tokens.map((t) => board.heartbeat(t)));
      expect(results.map((r) => r.token)).toEqual(tokens);
      expect(board.counters.badFrames).toBe(0);
      await board.close();
      expect(fx.transport.isOpen).toBe(false);
    });

    test('garbage longer than a HID report is rejected by the board, and the link resynchronises', async () => {
      const board = await Board.connect(fx.transport, { wire: defaultWire() });
      const frameErrors: number[] = [];
      board.on('frameError', (code) => frameErrors.push(code));
      const garbage = Uint8Array.from({ length: 150 }, (_, i) => 1 + (i % 200));
      const junkFrame = new Uint8Array(garbage.length + 1);
      junkFrame.set(garbage);
      await fx.transport.write(junkFrame);
      const r = await board.heartbeat(77);
      expect(r.token).toBe(77);
      // The board reported the bad frame as an event (or dropped it silently: never a response).
      // One more round trip: whatever the board sent before answering it has arrived.
      expect((await board.heartbeat(78)).token).toBe(78);
      expect(board.counters.boardFrameErrors).toBe(frameErrors.length);
      expect(board.counters.unmatched).toBe(0);
      await board.close();
    });

    test('a request split into one-byte writes still gets its answer', async () => {
      const board = await Board.connect(fx.transport, { wire: defaultWire() });
      const wire = defaultWire();
      const frame = wire.encode([4242, 16, [5]]); // heartbeat seq 4242 sent by hand
      const answered = new Promise<unknown[]>((resolve) => {
        const dec = wire.decoder(
          (m) => {
            if (Array.isArray(m) && m[0] === 4242) resolve(m);
          },
          () => undefined,
        );
        fx.transport.onData((b) => dec.push(b));
      });
      for (const b of frame) await fx.transport.write(Uint8Array.of(b));
      const answer = await answered;
      expect(answer[1]).toBe(0);
      expect((answer[2] as number[])[0]).toBe(5);
      await board.close();
    });

    test('close() calls the close listeners once with null; writes after close reject NOT_OPEN', async () => {
      await fx.transport.open();
      const calls: (NucleonError | null)[] = [];
      fx.transport.onClose((e) => calls.push(e));
      await fx.transport.close();
      await fx.transport.close();
      // A late 'close' from the socket or port comes on the next ticks: one event-loop turn.
      await new Promise((r) => setImmediate(r));
      expect(calls).toEqual([null]);
      expect(fx.transport.isOpen).toBe(false);
      await expect(fx.transport.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'NOT_OPEN' });
    });

    test('the far end going away closes the transport with DISCONNECTED (disconnected: true)', async () => {
      if (!fx.disconnect) return; // in-process: the transport owns the board; nothing can pull it
      const board = await Board.connect(fx.transport, { wire: defaultWire() });
      const closed = new Promise<NucleonError | null>((resolve) => fx.transport.onClose(resolve));
      await fx.disconnect();
      const err = await closed;
      expect(err?.code).toBe('DISCONNECTED');
      expect(err?.disconnected).toBe(true);
      await expect(board.heartbeat(1)).rejects.toMatchObject({ code: expect.stringMatching(/DISCONNECTED|CLOSED/) });
      await board.close();
    });
  });
}
