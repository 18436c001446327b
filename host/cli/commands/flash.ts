/**
 * `nucleon flash [--port PATH | --port tcp://HOST:PORT] [--board-version-check]`:
 *  1. builds dist/firmware.js (as `make firmware`);
 *  2. if a firmware answers `hello` on the port, sends `console` so the REPL gets the link back
 *     (with --board-version-check, first refuses when that board's id differs from the build's);
 *  3. uploads with the real `espruino` CLI: `espruino --no-ble -p PORT dist/firmware.js -e 'save()'`;
 *  4. verifies: the next `hello` must report the version just built. The CLI prints
 *     "Upload Complete" even when nothing answered, so only this check counts.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import type { Command } from '../command';
import { UsageError } from '../command';
import { optFlag, optString, parseArgs } from '../args';
import { buildFirmware } from '../../../firmware/build';
import { TcpTransport } from '../../transport/tcp';
import { SerialTransport } from '../../transport/serial';
import type { Transport } from '../../transport/transport';
import { cborEncode, decodeMessage, encodeFrame, FrameDecoder, Op, PROTOCOL_VERSION } from '../../../protocol';
import type { CborValue } from '../../../protocol';

const USAGE = `usage: nucleon flash --port PATH|tcp://HOST:PORT [--board-version-check]
  --port PATH            serial port of the board (e.g. /dev/ttyACM0), or tcp://HOST:PORT (nucleon sim --tcp)
  --board-version-check  refuse to flash a board whose running firmware reports another board id`;

const ROOT = path.join(__dirname, '..', '..', '..');

function transportFor(port: string): Transport {
  const m = /^tcp:\/\/([^:/]+):(\d+)$/.exec(port);
  if (m) return new TcpTransport({ host: m[1], port: Number(m[2]) });
  if (port.startsWith('tcp:')) throw new UsageError(`bad --port "${port}": use tcp://HOST:PORT`);
  return new SerialTransport({ path: port });
}

/** Sends one request on a fresh connection; the result array, an error status, or undefined on silence. */
async function ask(port: string, op: number, args: CborValue[], timeoutMs: number): Promise<{ status: number; result: unknown[] } | undefined> {
  const t = transportFor(port);
  await t.open();
  try {
    return await new Promise((resolve) => {
      const seq = 1 + Math.floor(Math.random() * 60000);
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      const dec = new FrameDecoder({
        onFrame(cbor) {
          try {
            const m = decodeMessage(cbor);
            if (m.kind === 'response' && m.seq === seq) {
              clearTimeout(timer);
              resolve({ status: m.status, result: m.result as unknown[] });
            }
          } catch {
            /* not ours */
          }
        },
        onError() {
          /* REPL text or noise */
        },
      });
      t.onData((bytes) => dec.push(bytes));
      t.write(Uint8Array.of(0)).then(() => t.write(encodeFrame(cborEncode([seq, op, args]))), () => resolve(undefined));
    });
  } finally {
    await t.close();
  }
}

function runEspruinoCli(port: string, file: string): Promise<{ code: number; output: string }> {
  const bin = path.join(ROOT, 'node_modules', '.bin', 'espruino');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--no-ble', '-p', port, file, '-e', 'save()'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

type Info = { [k: string]: unknown };

const command: Command = {
  name: 'flash',
  summary: 'build the firmware, upload it with the espruino CLI, and verify it with hello',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, { known: ['port'], booleans: ['board-version-check', 'json'] });
    const port = optString(args, 'port');
    if (port === undefined) throw new UsageError('--port is required (a serial port path or tcp://HOST:PORT)');
    const json = optFlag(args, 'json');
    const log = (s: string): void => {
      if (!json) process.stdout.write(s + '\n');
    };
    const built = await buildFirmware();
    log(`built firmware ${built.version} for ${built.boardId}: ${built.bytes} bytes (budget ${built.budgetBytes})`);
    if (built.bytes > built.budgetBytes) throw new Error(`bundle exceeds its budget by ${built.bytes - built.budgetBytes} bytes`);

    const before = await ask(port, Op.HELLO, [PROTOCOL_VERSION], 1500);
    if (before !== undefined && before.status === 0) {
      const info = before.result[0] as Info;
      log(`running firmware: ${String(info.firmwareVersion)} on ${String(info.boardId)}`);
      if (optFlag(args, 'board-version-check') && info.boardId !== built.boardId) {
        throw new Error(`board reports id ${String(info.boardId)} but the firmware is built for ${built.boardId}; set NUCLEON_BOARD_DEF or drop --board-version-check`);
      }
    }
    if (before !== undefined) {
      const c = await ask(port, Op.CONSOLE, [], 1500);
      log(c !== undefined && c.status === 0 ? 'console handed back to the REPL' : 'console op not answered; flashing anyway');
    } else log('no firmware answered hello; assuming the REPL has the port');

    log(`uploading with espruino --no-ble -p ${port} …`);
    const up = await runEspruinoCli(port, built.outFile);
    if (up.code !== 0) throw new Error(`espruino CLI failed (exit ${up.code}):\n${up.output.trim()}`);

    let after: { status: number; result: unknown[] } | undefined;
    for (let i = 0; i < 10 && (after === undefined || after.status !== 0); i++) after = await ask(port, Op.HELLO, [PROTOCOL_VERSION], 1000);
    if (after === undefined || after.status !== 0) {
      throw new Error(`flash not verified: no hello answer after the upload (the CLI's "Upload Complete" proves nothing). CLI output:\n${up.output.trim()}`);
    }
    const info = after.result[0] as Info;
    if (info.firmwareVersion !== built.version) {
      throw new Error(`flash not verified: board reports firmware ${String(info.firmwareVersion)}, expected ${built.version}`);
    }
    if (json) process.stdout.write(JSON.stringify({ flashed: true, firmwareVersion: built.version, boardId: info.boardId, bytes: built.bytes }) + '\n');
    else log(`verified: board answers hello with firmware ${built.version}`);
    return 0;
  },
};
export default command;
