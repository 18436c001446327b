/**
 * Flashing end to end without hardware: the real `espruino` CLI (--no-ble) uploads a bundle to
 * the twin over tcp:// (serveSimTcp, what `nucleon sim --tcp` runs), and the next hello reports
 * the uploaded version. Also the REPL's upload protocol pieces the CLI relies on.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { openSimBoard, serveSimTcp, type SimBoardWithRuntime } from '../../board/sim';
import { BOOT_CODE_FILE } from '../../board/espruino';
import { Op } from '../../protocol/ops';
import { PROTOCOL_VERSION } from '../../protocol/limits';
import { buildTestBundle, removeBundle, SimClient } from './sim-client';

const ROOT = path.join(__dirname, '..', '..');
let running = '';
let uploaded = '';

beforeAll(async () => {
  running = await buildTestBundle('1.0.0-before');
  uploaded = await buildTestBundle('2.0.0-uploaded');
}, 60000);
afterAll(() => {
  removeBundle(running);
  removeBundle(uploaded);
});

function espruinoCli(port: number, file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'espruino'), ['--no-ble', '-p', `tcp://127.0.0.1:${port}`, file, '-e', 'save()'], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

test('espruino CLI uploads over tcp:// after the console op; hello reports the uploaded version; it survives a reboot', async () => {
  const c = await SimClient.open(running);
  const server = await serveSimTcp(c.board, 0);
  try {
    const [before] = (await c.ok(Op.HELLO, [PROTOCOL_VERSION])) as [{ firmwareVersion: string }];
    expect(before.firmwareVersion).toBe('1.0.0-before');
    await c.ok(Op.CONSOLE, []);
    const up = await espruinoCli(server.port, uploaded);
    expect(up.code).toBe(0);
    expect(up.output).toContain('Upload Complete');
    const board = c.board as SimBoardWithRuntime;
    expect(board.twin.storage.read(BOOT_CODE_FILE)?.length).toBeGreaterThan(30000);
    // the REPL's last bytes may sit in the new firmware's frame decoder: a 0x00 flushes them
    c.board.write(Uint8Array.of(0));
    c.resetDecoder(); // and REPL text (no 0x00 in it) sits in ours
    const [after] = (await c.ok(Op.HELLO, [PROTOCOL_VERSION])) as [{ firmwareVersion: string }];
    expect(after.firmwareVersion).toBe('2.0.0-uploaded');
    board.runtime.boot(); // power cycle: .bootcde runs again
    const [again] = (await c.ok(Op.HELLO, [PROTOCOL_VERSION])) as [{ firmwareVersion: string }];
    expect(again.firmwareVersion).toBe('2.0.0-uploaded');
    expect(board.runtime.errors).toEqual([]);
  } finally {
    await server.close();
    await c.close();
  }
}, 60000);

test('an upload without save() runs nothing and stores nothing', async () => {
  const board = (await openSimBoard('sim', { firmwarePath: running })) as SimBoardWithRuntime;
  try {
    board.runtime.resetProgram(false);
    const out: string[] = [];
    board.onData((d) => out.push(Buffer.from(d).toString('latin1')));
    board.write(Buffer.from('\x03\x10reset();\n\x10var x = 1;\x1b\nvar y = 2;\n\x10print("<","<<",JSON.stringify(process.env),">>",">")\n'));
    await new Promise((r) => setTimeout(r, 50));
    expect(out.join('')).toMatch(/< << \{"VERSION":"2v29","BUILD_DATE":"[^"]+","BOARD":"PICO_R1_3"/);
    expect(board.runtime.pendingReplLines).toBe(1);
    expect(board.runtime.program).toBeUndefined();
    expect(board.twin.storage.read(BOOT_CODE_FILE)).toBeUndefined();
  } finally {
    await board.close();
  }
});
