/**
 * Neuron evaluations per second of wall time through the whole stack (SDK → frames → firmware
 * bundle on the twin → device models), over the in-process link, TCP and a real pty (socat),
 * ten calibrated devices, one activateMany frame per example; plus the device time per example
 * against the models' limit and the paper's ≈ 20 s.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { boardDefinitionFile, loadBoardDefinition } from '../board/definitions';
import { loadInterpreterCosts } from '../board/definitions/costs';
import type { Board } from '../host/client/board';
import { calibrate } from '../host/calibration/calibrate';
import type { Calibration } from '../host/calibration/types';
import { openBoard } from '../host/open';
import { Rng } from '../host/trainer/rng';
import { deviceTimeLimits } from './device-time';
import type { BenchFigure } from './figure';
import { openSimBoard, serveSimTcp } from '../board/twin/sim';
import { errorText, failed, unavailable } from './figure';

const PAPER_S_PER_EXAMPLE = 20;
const CAL_STEPS = 160;

interface RunFigures {
  frames: number;
  seconds: number;
  deviceMsPerFrame: number;
  xs: number[][];
  cals: Calibration[];
}

async function run(board: Board, budgetMs: number): Promise<RunFigures> {
  const channels = board.info.populated.slice(0, 10);
  const cals: Calibration[] = [];
  for (const ch of channels) cals.push(await calibrate(board, ch, { steps: CAL_STEPS }));
  const rng = new Rng(5);
  const xs: number[][] = [];
  for (let k = 0; k < 20; k++) await board.activateMany(channels.map(() => rng.uniform(-6, 6)), channels); // warm-up
  let frames = 0;
  let deviceMs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < budgetMs) {
    const x = channels.map(() => rng.uniform(-6, 6));
    xs.push(x);
    deviceMs += (await board.activateMany(x, channels)).deviceTimeMs;
    frames++;
  }
  return { frames, seconds: (performance.now() - t0) / 1000, deviceMsPerFrame: deviceMs / frames, xs, cals };
}

function evalFigure(link: string, r: RunFigures): BenchFigure[] {
  const evals = (r.frames * r.cals.length) / r.seconds;
  return [
    { group: 'stack', name: `activateMany frames/s, ${link}`, value: r.frames / r.seconds, unit: 'frames/s', note: `${r.frames} frames of ${r.cals.length} in ${r.seconds.toFixed(1)} s` },
    { group: 'stack', name: `neuron evaluations/s, ${link}`, value: evals, unit: 'evals/s', against: 'target ≥ 30 000 /s (DESIGN §9)' },
  ];
}

async function withPty<T>(port: number, fn: (ptyPath: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-bench-'));
  const ptyPath = path.join(dir, 'tty');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${ptyPath}`, `tcp:127.0.0.1:${port}`], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => socat.once('error', (err) => reject(new Error(`socat: ${err.message} (make install adds it)`))));
  try {
    for (let i = 0; i < 250 && !fs.existsSync(ptyPath); i++) await Promise.race([new Promise((r) => setTimeout(r, 20)), failed]);
    if (!fs.existsSync(ptyPath)) throw new Error('socat did not create the pty');
    return await fn(ptyPath);
  } finally {
    if (socat.exitCode === null) {
      await new Promise<void>((resolve) => {
        socat.once('exit', () => resolve());
        socat.kill('SIGTERM');
      });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchStack(budgetMs = 8000): Promise<BenchFigure[]> {
  const out: BenchFigure[] = [];
  // in-process
  let inProcess: RunFigures | null = null;
  try {
    const board = await openBoard('sim:seed=3');
    try {
      inProcess = await run(board, budgetMs);
      out.push(...evalFigure('in-process', inProcess));
    } finally {
      await board.close();
    }
  } catch (err) {
    out.push(failed('stack', 'neuron evaluations/s, in-process', errorText(err)));
  }
  // the same twin without the interpreter's time per op (board/twin/interpreter-time.ts): device time apart from it
  let noInterp: RunFigures | null = null;
  try {
    const board = await openBoard('sim:seed=3,interp=off');
    try {
      noInterp = await run(board, Math.min(budgetMs, 3000));
    } finally {
      await board.close();
    }
  } catch (err) {
    out.push(failed('device time', 'device time per live example without interpreter time', errorText(err)));
  }
  // TCP and pty share one served twin
  try {
    const twin = await openSimBoard('sim:seed=3');
    const server = await serveSimTcp(twin, 0, '127.0.0.1');
    try {
      const tcpBoard = await openBoard(`tcp://127.0.0.1:${server.port}`);
      try {
        out.push(...evalFigure('TCP (loopback)', await run(tcpBoard, budgetMs)));
      } finally {
        await tcpBoard.close();
      }
      try {
        await withPty(server.port, async (ptyPath) => {
          const b = await openBoard(`serial:${ptyPath}`);
          try {
            out.push(...evalFigure('serial over a pty (socat → TCP → twin)', await run(b, budgetMs)));
          } finally {
            await b.close();
          }
        });
      } catch (err) {
        // without socat there is no pty to measure: say so; anything else is a failure
        const why = errorText(err);
        out.push(/socat/i.test(why) ? unavailable('stack', 'neuron evaluations/s, pty serial', why) : failed('stack', 'neuron evaluations/s, pty serial', why));
      }
    } finally {
      await server.close();
      await twin.close();
    }
  } catch (err) {
    out.push(failed('stack', 'neuron evaluations/s, TCP', errorText(err)));
  }
  if (inProcess) {
    const def = loadBoardDefinition();
    const lim = deviceTimeLimits(def, inProcess.cals, inProcess.xs);
    const measuredS = inProcess.deviceMsPerFrame / 1000;
    const costs = loadInterpreterCosts(boardDefinitionFile());
    const am = costs?.ops.activateMany;
    // the interpreter's work per example runs between the waits, so it adds to the models' limit:
    // the op's timer callbacks (its synchronous part runs before the job starts its clock, so
    // deviceTimeMs cannot see it; where a callback's work overlaps settling the board gains)
    const interpS = am === undefined ? 0 : (am.syncMs + am.callbackMs) / 1000;
    const limitS = lim.sequenceLimitS + (am === undefined ? 0 : am.callbackMs / 1000);
    out.push(
      { group: 'device time', name: 'device time per live example (10 devices), measured on the twin, interpreter time included', value: measuredS, unit: 's/example', note: `over ${inProcess.frames} examples from a cold start` },
      noInterp === null
        ? failed('device time', 'device time per live example without interpreter time', 'no run')
        : { group: 'device time', name: 'the same without interpreter time (sim:…,interp=off)', value: noInterp.deviceMsPerFrame / 1000, unit: 's/example', note: `over ${noInterp.frames} examples; the difference is the firmware's own time` },
      { group: 'device time', name: 'interpreter time per activateMany of ten, from the cost table (board ms)', value: interpS, unit: 's/example', note: costs === undefined ? 'no cost table: make costs' : `${costs.measured.interpreter}, measured ${costs.measured.date}, ×${costs.measured.ratio} to a Pico` },
      { group: 'device time', name: 'model limit for this sequence (settling + stress guard from a cold start, + the op\'s interpreter time in callbacks)', value: limitS, unit: 's/example', against: `measured/limit = ${(measuredS / limitS).toFixed(3)} (target within 10 %)` },
      { group: 'device time', name: 'model limit without interpreter time (settling + stress guard)', value: lim.sequenceLimitS, unit: 's/example' },
      { group: 'device time', name: 'model limit: lock-in settling alone (10 reads one after another)', value: lim.settleLimitS, unit: 's/example' },
      { group: 'device time', name: 'model limit: thermal budget in steady state (stress guard)', value: lim.thermalLimitS, unit: 's/example', note: 'reached only after hours of device time (τ_stress = 4 h); a short run starts cold' },
      { group: 'device time', name: "paper's device time per example", value: PAPER_S_PER_EXAMPLE, unit: 's/example', against: `steady-state limit is ${(PAPER_S_PER_EXAMPLE / lim.limitS).toFixed(1)}× faster than the paper` },
    );
  }
  return out;
}

if (require.main === module) {
  benchStack().then((fs2) => fs2.forEach((f) => console.log(f)), (err: unknown) => console.error(err));
}
