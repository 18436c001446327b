/**
 * Issue 14, "a vacant channel gets a calibration": `calibrate` (SDK and CLI) and `sweep` refuse a
 * channel outside hello's populated mask before any pulse, and a populated channel that does not
 * switch (switching ratio far below DEFAULT_MIN_SWITCHING_RATIO) after its sweep; nothing is
 * stored and the CLI exits non-zero with an error that says so.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { openBoard } from '../../host/open';
import { calibrate, DEFAULT_MIN_SWITCHING_RATIO } from '../../host/calibration/calibrate';
import { isNucleonError } from '../../host/errors';
import { rejection } from './rejection';

const root = path.join(__dirname, '..', '..');

async function nucleon(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(root, 'bin', 'nucleon.js'), ...args], { cwd: root, timeout: 90000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('a vacant channel gets a calibration (issue 14)', () => {
  test('SDK calibrate of a channel outside the populated mask is NOT_POPULATED before any pulse; nothing stored', async () => {
    const board = await openBoard('sim:seed=2');
    try {
      expect(board.info.populated).not.toContain(12);
      const before = (await board.status()).pulses;
      const err = await rejection(calibrate(board, 12, { steps: 100 }));
      expect(isNucleonError(err, 'NOT_POPULATED')).toBe(true);
      expect(err.message).toMatch(/channel 12 is not populated on board nucleon-pico-ref \(populated: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9\)/);
      expect((await board.status()).pulses).toBe(before);
      expect(isNucleonError(await rejection(board.calGet(12)), 'NOT_CALIBRATED')).toBe(true);
    } finally {
      await board.close();
    }
  });

  test('SDK calibrate of a populated channel that does not switch (open-channel) is NOT_SWITCHING; nothing stored', async () => {
    const board = await openBoard('sim:seed=2,fault=open-channel:3');
    try {
      const err = await rejection(calibrate(board, 3, { steps: 100 }));
      expect(isNucleonError(err, 'NOT_SWITCHING')).toBe(true);
      expect(err.message).toMatch(/channel 3 does not switch: switching ratio 0\.0\d+ is below the minimum 0\.2/);
      expect(isNucleonError(await rejection(board.calGet(3)), 'NOT_CALIBRATED')).toBe(true);
      // a working channel on the same board still calibrates, above the minimum
      const ok = await calibrate(board, 4, { steps: 100 });
      expect(ok.switchingRatio).toBeGreaterThan(DEFAULT_MIN_SWITCHING_RATIO);
      expect(ok.stored).toBe(true);
    } finally {
      await board.close();
    }
  });

  test('nucleon calibrate --channels 12 exits 1 saying the channel is not populated; nothing stored', async () => {
    const r = await nucleon(['calibrate', '--channels', '12', '--steps', '50', '--board', 'sim', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { channels: { channel: number; stored: boolean; error: string }[] };
    expect(json.channels).toEqual([expect.objectContaining({ channel: 12, stored: false, deltaI99Ua: null })]);
    expect(json.channels[0].error).toMatch(/^NOT_POPULATED: calibrate: channel 12 is not populated/);
  });

  test('nucleon sweep --channel 12 exits 1 saying the channel is not populated', async () => {
    const r = await nucleon(['sweep', '--channel', '12', '--steps', '50', '--board', 'sim']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[NOT_POPULATED\] sweep: channel 12 is not populated/);
    expect(r.stdout).not.toMatch(/ΔI99/);
  });

  test('nucleon sweep of a channel that does not switch exits 1 saying so, with no ΔI99', async () => {
    const r = await nucleon(['sweep', '--channel', '3', '--steps', '100', '--board', 'sim:fault=open-channel:3', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[NOT_SWITCHING\] sweep: channel 3 does not switch: switching ratio 0\.0\d+ is below the minimum 0\.2/);
    const json = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { deltaI99Ua: number | null };
    expect(json.deltaI99Ua).toBeNull();
  });
});
