/**
 * The simulated board: the twin with the Espruino runtime running the firmware bundle on it.
 * The host's in-process transport and `nucleon sim` use it.
 *
 *   openSimBoard(spec, { firmwarePath?, scheduler? })
 *     firmwarePath given → that bundle runs (as a freshly flashed board: run, then 'init');
 *     else a `.bootcde` in the twin's Storage (a state file from an earlier flash) boots;
 *     else dist/firmware.js runs, built first (make firmware) when it is missing.
 *   serveSimTcp(board, port, host) → bytes of every TCP client go to the board's link, the
 *     board's bytes go to every client (what `espruino -p tcp://…` and `tcp://` boards use).
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { BOOT_CODE_FILE, EspruinoRuntime } from './espruino/runtime';
import { TwinError } from './errors';
import { createTwin } from '.';
import type { Twin } from './twin-api';

export interface SimBoard {
  twin: Twin;
  write(bytes: Uint8Array): void;
  onData(cb: (bytes: Uint8Array) => void): void;
  /** Called once if the twin's link drops for good (`fault=link-dead@N`). */
  onDrop(cb: (reason: string) => void): void;
  close(): Promise<void>;
}

/** A SimBoard that also exposes its Espruino runtime (tests, tools). */
export interface SimBoardWithRuntime extends SimBoard {
  runtime: EspruinoRuntime;
}

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const DEFAULT_FIRMWARE_PATH = path.join(REPO_ROOT, 'dist', 'firmware.js');

/** Builds dist/firmware.js (the same build as `make firmware`); throws with the build's output. */
export function buildDefaultFirmware(): void {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO_ROOT, 'firmware', 'build.ts')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0 || !fs.existsSync(DEFAULT_FIRMWARE_PATH)) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    throw new TwinError('FIRMWARE_BUILD', `building ${DEFAULT_FIRMWARE_PATH} failed (run "make firmware" to see why)${out ? ':\n' + out : ''}`);
  }
}

/** "sim", "sim:…", or the part after "sim:" alone ("" = defaults). */
function simSpec(spec: string): string {
  const t = spec.trim();
  if (t === '') return 'sim';
  return t === 'sim' || t.startsWith('sim:') ? t : 'sim:' + t;
}

export interface OpenSimOptions {
  firmwarePath?: string;
  scheduler?: 'virtual' | 'real';
  /**
   * Virtual scheduler: while the board is idle, virtual time follows the wall clock ('wall', the
   * default: heartbeats and link timeouts work) or stands still ('frozen': the board's time moves
   * only with its own work, so a seeded run is the same run every time — the trainer's live runs).
   */
  idle?: 'wall' | 'frozen';
}

export async function openSimBoard(spec: string, opts: OpenSimOptions = {}): Promise<SimBoard> {
  const twin = createTwin(simSpec(spec), { scheduler: opts.scheduler ?? 'virtual', idle: opts.idle });
  let runtime: EspruinoRuntime;
  try {
    runtime = new EspruinoRuntime(twin);
    if (opts.firmwarePath !== undefined) {
      if (!fs.existsSync(opts.firmwarePath)) throw new TwinError('FIRMWARE_MISSING', `firmware bundle ${opts.firmwarePath} does not exist`);
      runtime.runProgram(fs.readFileSync(opts.firmwarePath, 'utf8'), opts.firmwarePath, true);
    } else if (twin.storage.read(BOOT_CODE_FILE) !== undefined) {
      runtime.boot();
    } else {
      if (!fs.existsSync(DEFAULT_FIRMWARE_PATH)) buildDefaultFirmware();
      runtime.runProgram(fs.readFileSync(DEFAULT_FIRMWARE_PATH, 'utf8'), DEFAULT_FIRMWARE_PATH, true);
    }
  } catch (e) {
    twin.dispose();
    throw e;
  }
  let closed = false;
  const board: SimBoardWithRuntime = {
    twin,
    runtime,
    write(bytes: Uint8Array): void {
      if (closed) throw new TwinError('CLOSED', 'simulated board is closed');
      twin.link.hostWrite(bytes);
    },
    onData(cb: (bytes: Uint8Array) => void): void {
      twin.link.onHostData(cb);
    },
    onDrop(cb: (reason: string) => void): void {
      twin.link.onDrop?.(cb);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      runtime.close();
      twin.dispose();
    },
  };
  return board;
}

export function serveSimTcp(board: SimBoard, port: number, host = '127.0.0.1'): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  board.onData((bytes) => {
    for (const s of sockets) if (!s.destroyed) s.write(bytes);
  });
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      try {
        board.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      } catch {
        socket.destroy();
      }
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address() as net.AddressInfo;
      resolve({
        port: addr.port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
