/** Runs another bench script in its own process and captures what it prints. */
import { spawn } from 'child_process';
import * as path from 'path';

export interface ChildRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  seconds: number;
}

export function runBenchScript(script: string, args: string[] = [], nodeFlags: string[] = [], timeoutMs = 180000): Promise<ChildRun> {
  const root = path.join(__dirname, '..');
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeFlags, '-r', 'ts-node/register/transpile-only', path.join(root, script), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, stdout, stderr: signal ? `${stderr}\nkilled by ${signal} after ${timeoutMs} ms` : stderr, seconds: (performance.now() - t0) / 1000 });
    });
  });
}
