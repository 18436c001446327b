/**
 * `nucleon train --overload` and `nucleon demo` as processes, on short runs: the overload table
 * and JSON, the demo's table beside the paper and its report files. The full-length runs are
 * the demo's and the bench's; these pin the wiring (three runs, labelled progress, report).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isRecord } from '../server/helpers';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'nucleon.js');

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('train --overload --json: ideal, guard off and guard on on the same examples, with device time only for the device runs', () => {
  const r = run(['train', '--overload', '--train', '60', '--test', '20', '--json']);
  expect(r.code).toBe(0);
  const out: unknown = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  if (!isRecord(out) || !isRecord(out.overload)) throw new Error(`no overload object: ${r.stdout}`);
  expect(out.activation).toBe('live-overload');
  const { ideal, guard_off: off, guard_on: on } = out.overload;
  if (!isRecord(ideal) || !isRecord(off) || !isRecord(on)) throw new Error('missing run');
  for (const x of [ideal, off, on]) expect([x.train_examples, x.test_examples, x.completed]).toEqual([60, 20, true]);
  expect(ideal.pulses).toBe(0);
  expect(off.pulses).toBeGreaterThan(0);
  expect(on.pulses).toBeGreaterThan(0);
  expect(out.pulses).toBe(off.pulses);
  // Progress: one printer per labelled run, on stderr.
  expect(r.stderr).toMatch(/overload guard off train 60\/60/);
  expect(r.stderr).toMatch(/overload guard on train 60\/60/);
});

test('train --overload table: a run shorter than 1 500 examples has no rate at 1 500 (printed -), not the nearest point', () => {
  const r = run(['train', '--overload', '--train', '60', '--test', '20']);
  expect(r.code).toBe(0);
  const rows = r.stdout.trim().split('\n');
  expect(rows[0].trim().split(/\s{2,}/)).toEqual(['run', 'rate@1500 %', 'rate@3500 %', 'final running %', 'final loss', 'test %', 'device h', 'pulses']);
  expect(rows.slice(1).map((l) => l.trim().split(/\s{2,}/).slice(0, 3))).toEqual([
    ['ideal', '-', '-'],
    ['overload, guard off', '-', '-'],
    ['overload, guard on', '-', '-'],
  ]);
});

test('demo on a short run prints the table beside the paper and writes the report', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-demo-'));
  try {
    const r = run(['demo', '--train', '100', '--test', '50', '--overload-examples', '60', '--report', dir]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0].trim().split(/\s{2,}/)).toEqual(['activation', 'test %', 'paper test %', 'running %', 'paper running %', 'wall s', 'device h', 'of which interp. h', 'pulses']);
    const cells = rows.slice(1, 4).map((l) => l.trim().split(/\s+/));
    expect(cells.map((c) => [c[0], c[2]])).toEqual([
      ['ideal', '87.8'],
      ['analog', '89.1'],
      ['live', '87.5'],
    ]);
    const livePulses = Number(cells[2][cells[2].length - 1]);
    expect(livePulses).toBeGreaterThan(0);
    // the interpreter's share of the live run's device time (from the board's cost table), apart
    expect([cells[0][7], cells[1][7]]).toEqual(['-', '-']);
    const [deviceH, interpH] = [Number(cells[2][6]), Number(cells[2][7])];
    expect(interpH).toBeGreaterThanOrEqual(0);
    expect(interpH).toBeLessThanOrEqual(deviceH);
    for (const name of ['switching-loops', 'minor-loops', 'delta-i-vs-width', 'sigmoids', 'training-rate', 'overload-rate', 'overload-loops']) {
      expect(fs.readFileSync(path.join(dir, `${name}.svg`), 'utf8')).toMatch(/^<svg/);
      expect(fs.statSync(path.join(dir, `${name}.png`)).size).toBeGreaterThan(1000);
    }
    expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain('overloaded, guard on');
    // The demo runs on the in-process twin, so the report has its MOKE sequence (Fig. 2b).
    expect(fs.readFileSync(path.join(dir, 'moke.svg'), 'utf8')).toContain('after RESET');
    expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain('src="moke.svg"');
    expect(r.stderr).toMatch(/overloaded, guard off: running rate - % at 1 500/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
