/**
 * A host process killed (SIGKILL: no handler runs, nothing is flushed) during live training
 * resumes from its last checkpoint: `nucleon train --resume` continues at the checkpoint's
 * example, completes the run, and counts every example once in the totals.
 */
import { spawn, execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { readCheckpoint } from '../../host/trainer/checkpoint';
import { whenFile } from '../file-watch';

const root = path.join(__dirname, '..', '..');
/** Runs on the twin only; skipped when NUCLEON_BOARD points the suites at a real board. */
const d = process.env.NUCLEON_BOARD === undefined ? describe : describe.skip;

const TRAIN = 2000;
const TEST = 100;
const EVERY = 100;

d('a killed host resumes live training from its checkpoint', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-kill-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('SIGKILL after a checkpoint, then --resume completes the run with every example counted once', async () => {
    const checkpoint = path.join(tmp, 'live.ckpt');
    const args = [
      path.join(root, 'bin', 'nucleon.js'), 'train', '--activation', 'live', '--board', 'sim:seed=5',
      '--train', String(TRAIN), '--test', String(TEST), '--seed', '5', '--checkpoint', checkpoint, '--checkpoint-every', String(EVERY), '--json',
    ];
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    // Killed as soon as the checkpoint appears (inotify on its folder, no polling).
    if ((await whenFile(checkpoint, child, () => fs.existsSync(checkpoint))) === 'ready') child.kill('SIGKILL');
    const how = await exited;
    expect(how.signal).toBe('SIGKILL');
    const saved = readCheckpoint(checkpoint);
    expect(saved.trained).toBeGreaterThanOrEqual(EVERY);
    expect(saved.trained).toBeLessThan(TRAIN);
    expect(saved.evaluations).toBe(saved.trained * 10);

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...args.slice(0, args.indexOf('--checkpoint')), '--resume', checkpoint, '--json'],
      { cwd: root, timeout: 120000 },
    );
    const summary = JSON.parse(stdout.trim().split('\n').pop() as string) as { completed: boolean; train_examples: number; test_examples: number; evaluations: number; test_acc: number };
    expect(summary.completed).toBe(true);
    expect(summary.train_examples).toBe(TRAIN);
    expect(summary.test_examples).toBe(TEST);
    // the examples before the checkpoint are not trained again; the rest and the test are done once
    expect(summary.evaluations).toBe((TRAIN + TEST) * 10);
    expect(summary.test_acc).toBeGreaterThan(0.3);
  }, 120000);
});
