/** MOKE pictures of a twin's device through the board protocol (sweep --moke, the report). */
import { openBoard } from '../../host/open';
import { currentsAcross, mokeSequenceSvg, twinBehind } from '../../host/twin/moke';
import { simOverTcp } from './sim-fixtures';

describe('MOKE sequence', () => {
  test('RESET then rising pulses: one labelled frame each, and the device really switched', async () => {
    const board = await openBoard('sim:seed=3');
    try {
      const twin = twinBehind(board);
      expect(twin).not.toBeNull();
      const pulsesBefore = twin!.counters.pulsesPerChannel[2];
      const currents = currentsAcross(15000, 27000, 4);
      expect(currents).toEqual([16500, 19500, 22500, 25500]);
      const svg = await mokeSequenceSvg(board, { channel: 2, widthUs: 5, currentsUa: currents });
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('after RESET -30.0 mA');
      for (const c of currents) expect(svg).toContain(`after one 5 µs pulse of ${(c / 1000).toFixed(1)} mA`);
      expect(svg).toContain('white = −M_z');
      // Every frame came from a real pulse through the firmware: RESET + 4.
      expect(twin!.counters.pulsesPerChannel[2] - pulsesBefore).toBe(5);
      // After 25.5 mA most of the switchable area has flipped from the RESET state.
      const m = twin!.device(2)!.magnetization();
      expect(Math.abs(m)).toBeGreaterThan(0.5);
    } finally {
      await board.close();
    }
  });

  test('a board that is not the in-process twin gets a clear error, not a picture', async () => {
    const far = await simOverTcp('sim:seed=3');
    const board = await openBoard(`tcp://127.0.0.1:${far.port}`);
    try {
      expect(twinBehind(board)).toBeNull();
      await expect(mokeSequenceSvg(board, { channel: 0, widthUs: 5, currentsUa: [20000] })).rejects.toMatchObject({
        code: 'BAD_SPEC',
        message: expect.stringMatching(/no MOKE microscope/),
      });
    } finally {
      await board.close();
      await far.stop();
    }
  });
});
