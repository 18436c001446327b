/**
 * `nucleon flash [--port PATH | --port tcp://HOST:PORT] [--link PORT] [--board-version-check]`:
 *  1. builds dist/firmware.js (as `make firmware`);
 *  2. if a firmware answers `hello` on the link, sends `console` so the REPL gets the link back
 *     (with --board-version-check, first refuses when that board's id differs from the build's);
 *  3. types one line into the REPL: `E.enableWatchdog(10, true); __nucleonFlash = 1; reset();` — the
 *     running program stops before its own `.bootcde` is overwritten (on a board its functions
 *     execute from that flash), and Espruino's idle loop kicks the watchdog the firmware left
 *     running (a hardware watchdog cannot be stopped; nothing else would kick it until the new
 *     firmware starts); then asks `typeof __nucleonFlash` until the REPL says `undefined`, i.e.
 *     reset() has run;
 *  4. uploads to flash with the real `espruino` CLI's own Storage upload:
 *     `espruino --no-ble -p PORT --storage .bootcde:dist/firmware.js -e 'load()'`, i.e.
 *     `require("Storage").write(".bootcde",atob("…"),OFFSET[,SIZE])` per 384 bytes, then `load()`,
 *     which boots `.boot0`…`.boot3`, `.bootcde` and then 'init', as at power-up. The code runs
 *     from flash: a RAM upload (code typed into the REPL, then `save()`) runs out of memory on a
 *     Pico (ESPRUINO.md, "On the target");
 *  5. verifies: the next `hello` on the link must report the version just built. The CLI prints
 *     "Upload Complete" even when nothing answered, so only this check counts.
 * `--link` is for a rig whose firmware link is not the REPL's port (`espruino-pico --telnet`:
 * REPL on TCP 2323, the firmware's USB link on the interpreter's stdin/stdout); default --port.
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

const USAGE = `usage: nucleon flash --port PATH|tcp://HOST:PORT [--link PATH|tcp://HOST:PORT] [--board-version-check]
  --port PATH            serial port of the board (e.g. /dev/ttyACM0), or tcp://HOST:PORT (nucleon sim --tcp)
  --link PATH            where the firmware's protocol link is, when not on --port (a test rig); default --port
  --board-version-check  refuse to flash a board whose running firmware reports another board id`;

/** Storage file the board boots (Espruino's boot code). */
export const BOOT_FILE = '.bootcde';
/**
 * Watchdog timeout while the REPL has the board, auto-kicked from Espruino's idle loop: long
 * enough for a flash page erase, inside the STM32 IWDG's ≈ 32 s maximum.
 */
const FLASH_WATCHDOG_S = 10;
/** Set by PRE_UPLOAD_LINE: reset() clears every variable, so `typeof` it says whether reset() has run. */
const RESET_MARK = '__nucleonFlash';
/** The line typed into the REPL before the upload (echo off). */
export const PRE_UPLOAD_LINE = `\x03\x10E.enableWatchdog(${FLASH_WATCHDOG_S}, true); ${RESET_MARK} = 1; reset();\n`;
/** Asks the REPL whether reset() has run (echo off): answers `@@RESET number` before, `@@RESET undefined` after. */
export const RESET_PROBE = `\x10print("@@RESET", typeof ${RESET_MARK})\n`;
/** A probe unanswered this long is sent again (a line typed while reset() ran may be dropped). */
const PROBE_RESEND_MS = 1000;
/** Hang guard for the REPL's answer that reset() has run (an event; a loaded machine's qemu interpreter takes seconds). */
const PROMPT_TIMEOUT_MS = 15_000;
/** How long a tcp:// --port may take to accept connections again after reset() (the REPL's server restarting). */
const PORT_READY_MS = 10_000;
const PORT_RETRY_MS = 200;
/** How long one request waits: a Pico takes ≈ 1 s to answer hello (ESPRUINO.md, "On the target"). */
const ASK_TIMEOUT_MS = 3000;
/** Tries of hello and console before the upload (a fresh seq each; a lost frame costs one try). */
const ASK_TRIES = 2;

const ROOT = path.join(__dirname, '..', '..', '..');

function transportFor(port: string, option = '--port'): Transport {
  const m = /^tcp:\/\/([^:/]+):(\d+)$/.exec(port);
  if (m) return new TcpTransport({ host: m[1], port: Number(m[2]) });
  if (port.startsWith('tcp:')) throw new UsageError(`bad ${option} "${port}": use tcp://HOST:PORT`);
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

/**
 * Types PRE_UPLOAD_LINE into the REPL on `port`, then RESET_PROBE until the REPL answers that
 * reset() has run (at most PROMPT_TIMEOUT_MS). A prompt proves nothing: the REPL answers the
 * line's Ctrl-C with one before reset() runs (the Linux build after "Press Ctrl-C again to
 * exit"), and a probe typed in the same breath as reset() may run before it (Espruino resets
 * from its idle loop); uploading before reset() has run would race it. Returns what the REPL
 * printed and whether it said so.
 */
async function stopProgram(port: string): Promise<{ text: string; reset: boolean }> {
  const t = transportFor(port);
  await t.open();
  try {
    return await new Promise((resolve) => {
      let text = '';
      let answers = 0;
      let resend: NodeJS.Timeout | undefined;
      const finish = (reset: boolean): void => {
        clearTimeout(guard);
        clearTimeout(resend);
        resolve({ text, reset });
      };
      const guard = setTimeout(() => finish(false), PROMPT_TIMEOUT_MS);
      const probe = (): void => {
        clearTimeout(resend);
        resend = setTimeout(probe, PROBE_RESEND_MS);
        t.write(Buffer.from(RESET_PROBE, 'latin1')).catch(() => finish(false));
      };
      t.onData((bytes) => {
        text += Buffer.from(bytes).toString('latin1');
        const seen = resetAnswers(text);
        if (seen.includes('undefined')) finish(true);
        else if (seen.length > answers) {
          answers = seen.length;
          probe(); // answered before reset() ran: ask again
        }
      });
      t.write(Buffer.from(PRE_UPLOAD_LINE, 'latin1')).then(probe, () => finish(false));
    });
  } finally {
    await t.close();
  }
}

/** The REPL's answers to RESET_PROBE in `text`, in order: 'number' (reset() not run yet) or 'undefined' (run). */
export function resetAnswers(text: string): string[] {
  return [...text.matchAll(/@@RESET (number|undefined)/g)].map((m) => m[1]);
}

/** What an Espruino board prints when code broke (ESPRUINO.md: a RAM upload's OUT OF MEMORY, then SyntaxError). */
const BOARD_FAULT = /OUT OF MEMORY|Uncaught|ERROR|SyntaxError/;

/**
 * The lines of the board's own console in the espruino CLI's output (it prefixes them with
 * `--] `) that report a fault, e.g. `--] Uncaught Error: Unable to find or create file`.
 */
export function boardFaults(cliOutput: string): string[] {
  return cliOutput
    .split(/\r?\n/)
    .filter((l) => l.startsWith('--] ') && BOARD_FAULT.test(l))
    .map((l) => l.slice(4).trim());
}

/** The espruino CLI's arguments for a flash upload of `file` (stored as .bootcde, then load()). */
export function espruinoFlashArgs(port: string, file: string): string[] {
  return ['--no-ble', '-p', port, '--storage', `${BOOT_FILE}:${file}`, '-e', 'load()'];
}

function runEspruinoCli(port: string, file: string): Promise<{ code: number; output: string }> {
  const bin = path.join(ROOT, 'node_modules', '.bin', 'espruino');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, espruinoFlashArgs(port, file), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Returns once a tcp:// `port` accepts a connection, or after PORT_READY_MS (the CLI then reports
 * what it meets). A board's REPL server on TCP (the interpreter's --telnet, a board behind
 * ser2net) may be restarting just after reset(); the CLI connects once and, refused, uploads
 * nothing while saying "Upload Complete". A serial port needs no wait.
 */
async function waitForPort(port: string): Promise<void> {
  if (!port.startsWith('tcp://')) return;
  const deadline = Date.now() + PORT_READY_MS;
  for (;;) {
    const t = transportFor(port);
    try {
      await t.open();
      await t.close();
      return;
    } catch {
      if (Date.now() > deadline) return;
    }
    await new Promise<void>((resolve) => setTimeout(resolve, PORT_RETRY_MS));
  }
}

type Info = { [k: string]: unknown };

const command: Command = {
  name: 'flash',
  summary: 'build the firmware, store it in flash (.bootcde) with the espruino CLI, and verify it with hello',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, { known: ['port', 'link'], booleans: ['board-version-check', 'json'] });
    const port = optString(args, 'port');
    if (port === undefined) throw new UsageError('--port is required (a serial port path or tcp://HOST:PORT)');
    const link = optString(args, 'link') ?? port;
    transportFor(link, '--link'); // a bad --link is a usage error before anything is built
    const json = optFlag(args, 'json');
    const log = (s: string): void => {
      if (!json) process.stdout.write(s + '\n');
    };
    const built = await buildFirmware();
    log(`built firmware ${built.version} for ${built.boardId}: ${built.bytes} bytes (budget ${built.budgetBytes})`);
    if (built.bytes > built.budgetBytes) throw new Error(`bundle exceeds its budget by ${built.bytes - built.budgetBytes} bytes`);

    let before: { status: number; result: unknown[] } | undefined;
    for (let i = 0; i < ASK_TRIES && before === undefined; i++) before = await ask(link, Op.HELLO, [PROTOCOL_VERSION], ASK_TIMEOUT_MS);
    if (before !== undefined && before.status === 0) {
      const info = before.result[0] as Info;
      log(`running firmware: ${String(info.firmwareVersion)} on ${String(info.boardId)}`);
      if (optFlag(args, 'board-version-check') && info.boardId !== built.boardId) {
        throw new Error(`board reports id ${String(info.boardId)} but the firmware is built for ${built.boardId}; set NUCLEON_BOARD_DEF or drop --board-version-check`);
      }
    }
    if (before !== undefined) {
      let c: { status: number; result: unknown[] } | undefined;
      for (let i = 0; i < ASK_TRIES && c === undefined; i++) c = await ask(link, Op.CONSOLE, [], ASK_TIMEOUT_MS);
      log(c !== undefined && c.status === 0 ? 'console handed back to the REPL' : 'console op not answered; flashing anyway');
    } else log('no firmware answered hello; assuming the REPL has the port');

    // the console op hands the REPL back where the link is (on a board that is --port)
    const tReset = Date.now();
    const replied = await stopProgram(link);
    if (BOARD_FAULT.test(replied.text)) log(`the REPL answered reset() with: ${replied.text.trim()}`);
    if (replied.reset) log(`program stopped (the REPL says reset() has run, after ${((Date.now() - tReset) / 1000).toFixed(1)} s)`);
    else log(`the REPL on ${link} did not say reset() has run within ${PROMPT_TIMEOUT_MS / 1000} s; uploading anyway (the hello after it decides)`);
    log(`storing ${built.bytes} bytes as ${BOOT_FILE} with espruino --no-ble -p ${port} --storage ${BOOT_FILE}:${path.relative(ROOT, built.outFile)} -e 'load()' …`);
    await waitForPort(port);
    const t0 = Date.now();
    const up = await runEspruinoCli(port, built.outFile);
    if (up.code !== 0) throw new Error(`espruino CLI failed (exit ${up.code}):\n${up.output.trim()}`);
    const uploadMs = Date.now() - t0;
    const faults = boardFaults(up.output);
    if (faults.length > 0) throw new Error(`the board reported errors during the upload (the CLI's "Upload Complete" proves nothing):\n  ${faults.join('\n  ')}\nCLI output:\n${up.output.trim()}`);

    let after: { status: number; result: unknown[] } | undefined;
    for (let i = 0; i < 10 && (after === undefined || after.status !== 0); i++) after = await ask(link, Op.HELLO, [PROTOCOL_VERSION], ASK_TIMEOUT_MS);
    if (after === undefined || after.status !== 0) {
      throw new Error(`flash not verified: no hello answer after the upload (the CLI's "Upload Complete" proves nothing). CLI output:\n${up.output.trim()}`);
    }
    const info = after.result[0] as Info;
    if (info.firmwareVersion !== built.version) {
      throw new Error(`flash not verified: board reports firmware ${String(info.firmwareVersion)}, expected ${built.version}`);
    }
    if (json) process.stdout.write(JSON.stringify({ flashed: true, firmwareVersion: built.version, boardId: info.boardId, bytes: built.bytes, uploadMs }) + '\n');
    else log(`verified: board answers hello with firmware ${built.version} (upload ${(uploadMs / 1000).toFixed(1)} s)`);
    return 0;
  },
};
export default command;
