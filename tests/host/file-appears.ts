/**
 * Waiting for a child process to create a file, on the event (inotify on the file's folder),
 * never on a timer: socat's pty link, ser2net's pid file (written once it listens).
 */
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Resolves once `file` exists; rejects with `failure` when `child` exits first. */
export function fileAppears(file: string, child: ChildProcess, failure: () => string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const watcher = fs.watch(path.dirname(file));
    const done = (err?: Error): void => {
      watcher.close();
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    const check = (): void => {
      if (fs.existsSync(file)) done();
    };
    const onExit = (): void => {
      if (fs.existsSync(file)) done();
      else done(new Error(failure()));
    };
    watcher.on('change', check);
    watcher.on('error', (err) => done(err));
    child.once('exit', onExit);
    check();
    if (child.exitCode !== null || child.signalCode !== null) onExit();
  });
}
