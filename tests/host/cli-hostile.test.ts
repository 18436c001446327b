/**
 * Issue 14, CLI findings: `help bogus` exited 0 with the general help; `train --checkpoint DIR`
 * trained first and failed at the end with EISDIR; `bringup --board sim:seed=-3` exited 1 with
 * nothing on stderr and a report that suggested the USB cable; `NUCLEON_BOARD=""` was a bad
 * spec instead of unset; a 100 000-character spec was echoed whole into its error.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function nucleon(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin', 'nucleon.js'), ...args], { cwd: root, timeout: 90000, env: { ...process.env, ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('CLI findings (issue 14)', () => {
  test('help bogus exits 2 with an error naming the command, not the general help', async () => {
    const r = await nucleon(['help', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nucleon help: unknown command "bogus"; commands: bringup, calibrate/);
    expect(r.stdout).toBe('');
  });

  test('train --checkpoint DIR is refused before training, leaving nothing in DIR', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-cli-cp-'));
    const r = await nucleon(['train', '--train', '200', '--test', '20', '--checkpoint', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[CHECKPOINT_BAD\] checkpoint .* is a folder: give a file path/);
    expect(r.stderr).not.toMatch(/examples\/s|test rate/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('bringup --board sim:seed=-3 exits 1 with the spec error on stderr and no cable advice', async () => {
    const r = await nucleon(['bringup', '--board', 'sim:seed=-3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nucleon bringup: \[BAD_SPEC\] sim:seed=-3: sim option seed: must be an integer 0\.\.4294967295, got "-3"/);
    expect(r.stdout + r.stderr).not.toMatch(/USB cable/);
  });

  test('NUCLEON_BOARD="" (or blank) is treated as unset: the default sim board', async () => {
    for (const value of ['', '   ']) {
      const r = await nucleon(['info', '--json'], { NUCLEON_BOARD: value });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout.trim().split('\n').pop() as string)).toMatchObject({ boardId: 'nucleon-pico-ref' });
    }
  });

  test.each([
    ['an unknown form', (s: string) => s],
    ['sim options', (s: string) => `sim:${s}`],
    ['a sim value', (s: string) => `sim:seed=1,lockinTauMs=${s}`],
    ['a state path', (s: string) => `sim:state=/tmp/${s}`],
    ['a serial path', (s: string) => `serial:${s}`],
    ['a hid serial', (s: string) => `hid:10c4:ea80:${s}`],
  ])('a 100 000-character spec (%s) is cut in its error', async (_name, form) => {
    const r = await nucleon(['info', '--board', form('a'.repeat(100000))]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.length).toBeLessThan(1000);
    expect(r.stderr).toMatch(/… \(\d{5,6} characters\)/);
  });
});
