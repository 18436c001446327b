/**
 * The twin as a far end, shared by the host, server, bring-up and reliability tests: in-process,
 * over loopback TCP, or over a real pseudo-terminal (socat). board/twin/sim.ts is imported directly,
 * so a twin that fails to load fails these suites instead of skipping them.
 */
import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openSimBoard, serveSimTcp } from '../../board/twin/sim';
import type { SimBoard } from '../../board/twin/sim';
import type { Board } from '../../host/client/board';
import { InProcessTransport } from '../../host/transport/in-process';
import { fileAppears } from '../file-watch';

export { openSimBoard, serveSimTcp };
export type { SimBoard };

/** The twin behind a Board opened with a `sim` spec (in-process transport); throws for any other board. */
export function simBehind(board: Board): SimBoard {
  if (!(board.transport instanceof InProcessTransport)) throw new Error('board is not an in-process sim');
  const sim = (board.transport as InProcessTransport<SimBoard>).sim;
  if (!sim) throw new Error('the in-process sim board is closed');
  return sim;
}

/** The twin behind a loopback TCP server (port picked by the OS). */
export async function simOverTcp(spec = 'sim'): Promise<{ sim: SimBoard; port: number; stop(): Promise<void> }> {
  const sim = await openSimBoard(spec);
  const server = await serveSimTcp(sim, 0, '127.0.0.1');
  const port = server.port;
  return {
    sim,
    port,
    async stop() {
      await server.close();
      await sim.close();
    },
  };
}

/** A real pseudo-terminal (socat) whose other side is the twin's TCP server. */
export async function simOverPty(spec = 'sim'): Promise<{ sim: SimBoard; ptyPath: string; killSocat(): Promise<void>; stop(): Promise<void> }> {
  const tcp = await simOverTcp(spec);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-pty-'));
  const ptyPath = path.join(dir, 'tty');
  const socat: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${ptyPath}`, `tcp:127.0.0.1:${tcp.port}`], { stdio: 'ignore' });
  socat.on('error', () => undefined); // not installed: reported by the exit below
  await fileAppears(ptyPath, socat, () => 'socat did not create the pty (is socat installed? make test installs it)');
  const kill = async (): Promise<void> => {
    if (socat.exitCode !== null || socat.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      socat.once('exit', () => resolve());
      socat.kill('SIGTERM');
    });
  };
  return {
    sim: tcp.sim,
    ptyPath,
    killSocat: kill,
    async stop() {
      await kill();
      await tcp.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
