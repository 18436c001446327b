/**
 * Waiting for a child process to write a file, on the event (inotify on the file's folder),
 * never on a timer: socat's pty link, ser2net's pid file (written once it listens), a training
 * run's checkpoint.
 */
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Resolves 'ready' as soon as `ready()` holds, asked now and at every change in `file`'s
 * folder; 'exited' when `child` exits first (asked once more then).
 */
export function whenFile(file: string, child: ChildProcess, ready: () => boolean): Promise<'ready' | 'exited'> {
  return new Promise<'ready' | 'exited'>((resolve, reject) => {
    const watcher = fs.watch(path.dirname(file));
    let settled = false;
    const done = (how: 'ready' | 'exited' | Error): void => {
      if (settled) return;
      settled = true;
      watcher.close();
      child.off('exit', onExit);
      if (how instanceof Error) reject(how);
      else resolve(how);
    };
    const check = (): void => {
      if (ready()) done('ready');
    };
    const onExit = (): void => done(ready() ? 'ready' : 'exited');
    watcher.on('change', check);
    watcher.on('error', (err) => done(err));
    child.once('exit', onExit);
    check();
    if (child.exitCode !== null || child.signalCode !== null) onExit();
  });
}

/** Resolves once `file` exists; rejects with `failure()` when `child` exits first. */
export async function fileAppears(file: string, child: ChildProcess, failure: () => string): Promise<void> {
  if ((await whenFile(file, child, () => fs.existsSync(file))) === 'exited') throw new Error(failure());
}
