/**
 * Issue 15.3: twin faults that start after N activateMany requests (`fault=open-channel:3@500`,
 * `fault=link-dead@500`), counted in activateMany requests, so a run can lose a device or a board mid-way. Virtual time only.
 */
import { parseFault, parseSimSpec } from '../../board/twin/spec';
import { formatFault } from '../../board/twin/faults';
import { openBoard } from '../../host/open';
import { isNucleonError } from '../../host/errors';
import type { Board } from '../../host/client/board';

/** A calibration stored without measuring (the numbers of channel 3 of sim:seed=1), so activate pulses. */
async function storeCalibration(board: Board, channel: number): Promise<void> {
  await board.calPut({ channel, iLowUa: 13518, iHighUa: 26399, widthUs: 5, resetUa: -28441, rLowOhm: -0.638, rHighOhm: -0.301, xMin: -5.29, xMax: 5.29 });
}

describe('delayed fault syntax', () => {
  it('parses @N on open-channel and link-dead, and prints it back', () => {
    expect(parseFault('open-channel:3@500')).toEqual({ kind: 'open-channel', channel: 3, afterRequests: 500 });
    expect(parseFault('link-dead@20')).toEqual({ kind: 'link-dead', afterRequests: 20 });
    expect(formatFault(parseFault('open-channel:3@500'))).toBe('open-channel:3@500');
    expect(formatFault(parseFault('link-dead@20'))).toBe('link-dead@20');
    expect(parseSimSpec('sim:seed=2,fault=open-channel:3@5,fault=link-dead@9').faults).toHaveLength(2);
    expect(parseFault('worn:4@7')).toEqual({ kind: 'worn', channel: 4, afterRequests: 7 });
    expect(parseFault('worn:4')).toEqual({ kind: 'worn', channel: 4 });
    expect(formatFault(parseFault('worn:4@7'))).toBe('worn:4@7');
  });

  it('refuses @N where it means nothing, a bad N, and link-dead without @N', () => {
    for (const text of ['stuck-select:1@5', 'lockin-off@3', 'open-channel:3@', 'open-channel:3@-1', 'open-channel:3@1.5', 'link-dead', 'link-dead:1@5']) {
      let code = '';
      let message = '';
      try {
        parseFault(text);
      } catch (e) {
        code = (e as { code: string }).code;
        message = (e as Error).message;
      }
      expect(code).toBe('BAD_VALUE');
      expect(message).toContain(text);
    }
  });
});

describe('delayed faults on the twin', () => {
  it('open-channel:3@2 opens channel 3 when the third activateMany request arrives, not before', async () => {
    const board = await openBoard('sim:seed=1,fault=open-channel:3@2', { simOptions: { idle: 'frozen' } });
    try {
      await storeCalibration(board, 3);
      const ys: number[] = [];
      // single activate requests do not count
      for (let i = 0; i < 3; i++) await board.activate(3, 0);
      for (let i = 0; i < 5; i++) ys.push((await board.activateMany([i % 2 === 0 ? -3 : 3], [3])).ys[0]);
      // requests 1 and 2 reach the device (y follows x); from the third on it reads open (R_H ≈ 0: y
      // stays where the lock-in's offset and noise put it, whatever x)
      expect(ys[0]).toBeLessThan(0.2);
      expect(ys[1]).toBeGreaterThan(0.8);
      const rest = ys.slice(2);
      expect(Math.max(...rest) - Math.min(...rest)).toBeLessThan(0.05);
      // another channel keeps its path: its y still follows x
      await storeCalibration(board, 2);
      const low = (await board.activate(2, -3)).y;
      expect((await board.activate(2, 3)).y - low).toBeGreaterThan(0.3);
    } finally {
      await board.close();
    }
  });

  it('worn:3@2 damages device 3 (D = 0.9) at the third activateMany: its sigmoid shrinks', async () => {
    const board = await openBoard('sim:seed=1,fault=worn:3@2', { simOptions: { idle: 'frozen' } });
    try {
      await storeCalibration(board, 3);
      // requests 1–2 on the fresh device, 3–4 on the worn one
      const span = async (): Promise<number> => {
        const hi = (await board.activateMany([3], [3])).ys[0];
        return hi - (await board.activateMany([-3], [3])).ys[0];
      };
      const fresh = await span();
      const worn = await span();
      expect(fresh).toBeGreaterThan(0.5);
      expect(worn).toBeLessThan(0.5 * fresh);
    } finally {
      await board.close();
    }
  });

  it('link-dead@1 drops the link at the second activateMany request: the host sees DISCONNECTED, then the board is closed', async () => {
    const board = await openBoard('sim:seed=1,fault=link-dead@1', { simOptions: { idle: 'frozen' } });
    try {
      await storeCalibration(board, 0);
      await board.activate(0, 0);
      await board.activateMany([0], [0]);
      let error: unknown = null;
      try {
        await board.activateMany([0], [0]);
      } catch (e) {
        error = e;
      }
      expect(isNucleonError(error, 'DISCONNECTED')).toBe(true);
      expect((error as Error).message).toContain('link-dead@1');
      await expect(board.status()).rejects.toMatchObject({ code: 'CLOSED' });
    } finally {
      await board.close();
    }
  });
});
