/**
 * `nucleon info | sweep | calibrate` as a user runs them: separate processes, --json on the
 * last line, the same info through sim, tcp:// and serial: (pty), and a state file that
 * carries calibrations from one process to the next.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { simOverPty, simOverTcp } from './sim-fixtures';
import { PROTOCOL_VERSION } from '../../protocol/limits';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');

async function nucleon(args: string[]): Promise<{ json: Record<string, unknown>; stdout: string; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, [path.join(root, 'bin', 'nucleon.js'), ...args], { cwd: root, timeout: 90000 });
  const last = stdout.trim().split('\n').pop() as string;
  return { json: JSON.parse(last) as Record<string, unknown>, stdout, stderr };
}

describe('nucleon CLI on the twin', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-cli-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('info --json is the same through sim, tcp:// and serial: on a pty', async () => {
    const direct = (await nucleon(['info', '--board', 'sim', '--json'])).json;
    expect(direct).toMatchObject({ protocolVersion: PROTOCOL_VERSION, boardId: 'nucleon-pico-ref', populated: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(typeof direct.firmwareVersion).toBe('string');
    const tcp = await simOverTcp();
    try {
      const viaTcp = (await nucleon(['info', '--board', `tcp://127.0.0.1:${tcp.port}`, '--json'])).json;
      expect(viaTcp).toMatchObject({ firmwareVersion: direct.firmwareVersion, protocolVersion: PROTOCOL_VERSION, boardId: direct.boardId, populated: direct.populated });
    } finally {
      await tcp.stop();
    }
    const pty = await simOverPty();
    try {
      const viaPty = (await nucleon(['info', '--board', `serial:${pty.ptyPath}`, '--json'])).json;
      expect(viaPty).toMatchObject({ firmwareVersion: direct.firmwareVersion, protocolVersion: PROTOCOL_VERSION, boardId: direct.boardId, populated: direct.populated });
    } finally {
      await pty.stop();
    }
  });

  test('sweep --json returns the loop with ΔI99 and switching ratio; --plot writes a readable SVG; --out a CSV', async () => {
    const svg = path.join(tmp, 'loop.svg');
    const csv = path.join(tmp, 'loop.csv');
    const { json, stderr } = await nucleon(['sweep', '--board', 'sim', '--channel', '0', '--width-us', '5', '--json', '--plot', svg, '--out', csv]);
    expect(json).toMatchObject({ channel: 0, widthUs: 5 });
    const points = json.points as { currentUa: number; rHallOhm: number }[];
    expect(points.length).toBe(json.pointCount);
    expect(points.length).toBeGreaterThan(100);
    expect(Math.max(...points.map((p) => p.currentUa))).toBe(30000);
    expect(json.deltaI99Ua as number).toBeGreaterThan(8000);
    expect(json.switchingRatio as number).toBeGreaterThan(0.5);
    expect(stderr).toMatch(/sweeping channel 0/);
    const text = fs.readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg|<\?xml/);
    expect(text).toMatch(/pulse current I \(mA\)/);
    expect(text).toMatch(/ΔI99/);
    expect(fs.readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(points.length + 1);
  });

  test('calibrate --channels 0-9 stores ten calibrations that a second process finds in the state file', async () => {
    const state = path.join(tmp, 'twin-state.json');
    const spec = `sim:seed=4,state=${state}`;
    const { json } = await nucleon(['calibrate', '--board', spec, '--channels', '0-9', '--steps', '200', '--json']);
    const channels = json.channels as { channel: number; deltaI99Ua: number; switchingRatio: number; residual: number; stored: boolean }[];
    expect(channels.map((c) => c.channel)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const c of channels) {
      expect(c.stored).toBe(true);
      expect(c.deltaI99Ua).toBeGreaterThan(5000);
      expect(c.residual).toBeLessThan(0.3);
    }
    expect(fs.existsSync(state)).toBe(true);
    // A second process: the calibrations are on the (persisted) board.
    const script = `
      const { openBoard } = require('./host');
      (async () => {
        const b = await openBoard(${JSON.stringify(spec)});
        const cals = [];
        for (let c = 0; c < 10; c++) cals.push(await b.calGet(c));
        await b.close();
        console.log(JSON.stringify(cals));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: root, timeout: 60000 });
    const cals = JSON.parse(stdout.trim().split('\n').pop() as string) as { channel: number; iLowUa: number; iHighUa: number }[];
    expect(cals).toHaveLength(10);
    for (const c of cals) expect(c.iHighUa).toBeGreaterThan(c.iLowUa);
  });

  test('a bad --board spec exits 1 with the forms listed', async () => {
    const err = (await nucleon(['info', '--board', 'usb:3', '--json']).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/BAD_SPEC/);
    expect(err.stderr).toMatch(/tcp:\/\/HOST:PORT/);
  });

  test('NUCLEON_BOARD is the default --board of every board command (a bad one fails each with BAD_SPEC)', async () => {
    for (const cmd of [['info'], ['train', '--activation', 'live', '--train', '1', '--test', '1'], ['bringup'], ['demo', '--train', '1', '--test', '1']]) {
      const err = (await run(process.execPath, [path.join(root, 'bin', 'nucleon.js'), ...cmd], { cwd: root, timeout: 90000, env: { ...process.env, NUCLEON_BOARD: 'usb:3' } }).catch(
        (e: unknown) => e,
      )) as { code: number; stdout: string; stderr: string };
      expect([cmd[0], err.code]).toEqual([cmd[0], 1]);
      expect(`${err.stdout}${err.stderr}`).toMatch(/BAD_SPEC\] bad board spec "usb:3"/);
    }
  });
});

describe('nucleon CLI arguments', () => {
  const bin = path.join(root, 'bin', 'nucleon.js');
  test('version --json prints the host and protocol versions as one JSON line', async () => {
    const { json } = await nucleon(['version', '--json']);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(json).toEqual({ hostVersion: (require('../../package.json') as { version: string }).version, protocolVersion: PROTOCOL_VERSION });
  });

  test.each([
    [['version', '--bogus'], /unknown option --bogus; allowed: --json/],
    [['version', 'extra'], /unexpected argument "extra"/],
    [['info', 'extra'], /unexpected argument "extra"/],
    [['train', '--json=1'], /--json takes no value/],
  ])('%j is a usage error (exit 2) naming what was wrong', async (args, message) => {
    const err = (await run(process.execPath, [bin, ...args], { cwd: root, timeout: 30000 }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(message);
  });
});
