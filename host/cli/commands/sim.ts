/**
 * `nucleon sim [--tcp PORT | --pty] [--board SPEC] [--state FILE]`: runs the simulated board (the
 * twin running dist/firmware.js, or the `.bootcde` a state file holds) and serves its link.
 * First line of stdout: where it listens (`tcp://127.0.0.1:PORT` or the `/dev/pts/N` path).
 * Serves until SIGINT/SIGTERM; with --state the board state is saved on exit.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import type { Command } from '../command';
import { UsageError } from '../command';
import { optFlag, optNumber, optString, parseArgs } from '../args';
import { openSimBoard, serveSimTcp } from '../../../board/twin/sim';

const USAGE = `usage: nucleon sim [--tcp PORT | --pty] [--board SPEC] [--state FILE]
  --tcp PORT    serve the board's link on tcp://127.0.0.1:PORT (default; PORT 0 picks a free one)
  --pty         serve it on a pseudo-terminal (needs socat) for serial-port tools
  --board SPEC  twin spec: sim, sim:SEED or sim:key=value,… (default sim)
  --state FILE  load the board from FILE if it exists, save it there on exit`;

function withState(spec: string, state: string | undefined): string {
  if (state === undefined) return spec;
  const base = spec === 'sim' ? 'sim:' : spec.endsWith(':') ? spec : spec + ',';
  return `${base}state=${state}`;
}

/** Joins a pty to the TCP server with socat; resolves the pty path. */
function startPty(port: number): Promise<{ path: string; child: ChildProcess }> {
  if (spawnSync('socat', ['-V'], { stdio: 'ignore' }).error) {
    return Promise.reject(new UsageError('--pty needs socat: install socat (apt-get install socat)'));
  }
  return new Promise((resolve, reject) => {
    const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', `tcp:127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /PTY is (\S+)/.exec(text);
      if (m) resolve({ path: m[1], child });
    });
    child.on('exit', (code) => reject(new Error(`socat exited (${code}) before opening a pty: ${text.trim()}`)));
  });
}

const command: Command = {
  name: 'sim',
  summary: 'run the simulated board and serve its link over TCP or a pty',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, { known: ['tcp', 'board', 'state'], booleans: ['pty'] });
    const pty = optFlag(args, 'pty');
    if (pty && args.options.tcp !== undefined) throw new UsageError('give either --tcp PORT or --pty, not both');
    const port = optNumber(args, 'tcp', 0, { min: 0, max: 65535, integer: true });
    const spec = withState(optString(args, 'board', 'sim') as string, optString(args, 'state'));
    const board = await openSimBoard(spec, { scheduler: 'virtual' });
    const server = await serveSimTcp(board, pty ? 0 : port);
    let socat: ChildProcess | undefined;
    try {
      if (pty) {
        const p = await startPty(server.port);
        socat = p.child;
        process.stdout.write(`${p.path}\n`);
      } else {
        process.stdout.write(`tcp://127.0.0.1:${server.port}\n`);
      }
    } catch (e) {
      await server.close();
      await board.close();
      throw e;
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    socat?.kill();
    await server.close();
    await board.close();
    return 0;
  },
};
export default command;
