/** Far ends for the contract suite and the twin tests: the twin in-process, over TCP, over a pty. */
import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Twin } from '../../board/twin-api';

/** The contract of board/sim.ts (firmware helper): coded against until it lands. */
export interface SimBoard {
  twin: Twin;
  write(bytes: Uint8Array): void;
  onData(cb: (bytes: Uint8Array) => void): void;
  close(): Promise<void>;
}
interface SimModule {
  openSimBoard(spec: string, opts?: Record<string, unknown>): Promise<SimBoard>;
  serveSimTcp(board: SimBoard, port: number, host?: string): Promise<{ port: number; close(): Promise<void> }>;
}

function loadSim(): SimModule | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../board/sim') as SimModule;
  } catch {
    return null;
  }
}
const sim = loadSim();

/** False until board/sim.ts exists: the twin-backed suites skip (loudly) instead of failing to compile. */
export const simAvailable = sim !== null;
if (!simAvailable) console.warn('tests/host: board/sim.ts is not in this tree yet; twin-backed host tests are skipped');

export function openSimBoard(spec: string, opts?: Record<string, unknown>): Promise<SimBoard> {
  if (!sim) throw new Error('board/sim.ts missing');
  return sim.openSimBoard(spec, opts);
}

export function serveSimTcp(board: SimBoard, port: number, host?: string): Promise<{ port: number; close(): Promise<void> }> {
  if (!sim) throw new Error('board/sim.ts missing');
  return sim.serveSimTcp(board, port, host);
}

/** describe() when the twin exists, describe.skip() otherwise. */
export const describeSim: jest.Describe = simAvailable ? describe : describe.skip;

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
  for (let i = 0; i < 250 && !fs.existsSync(ptyPath); i++) await new Promise((r) => setTimeout(r, 20));
  if (!fs.existsSync(ptyPath)) throw new Error('socat did not create the pty (is socat installed? make test installs it)');
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
