/**
 * The bring-up suite: opens the board (that is part of the link stage), runs the stages in
 * order and returns every stage's pass/fail and figure.
 *
 * Policy: stop at the first failing stage (the rest are reported as skipped). Later stages
 * drive current through the selector: with a stuck select line, "channel 4" is really channel
 * 0, and calibrating it would pulse the wrong device. `keepGoing` runs everything anyway, for
 * a full picture on a board you know is safe to pulse.
 */
import { loadBoardDefinition, listBoardIds } from '../../board/definitions';
import type { BoardDefinition } from '../../board/definitions/definition';
import type { Board } from '../client/board';
import type { LinkDiagnostics } from './open';
import type { BringupContext, BringupOptions } from './context';
import { DEFAULT_BRINGUP_OPTIONS } from './context';
import { calibrationStage } from './stages/calibration';
import { devicesStage } from './stages/devices';
import { LINK_HINT, linkStage } from './stages/link';
import { liveNeuronStage } from './stages/live-neuron';
import { lockinStage } from './stages/lockin';
import { pulseGeneratorStage } from './stages/pulse-generator';
import { selectLinesStage } from './stages/select-lines';
import type { BringupResult, StageName, StageOutcome, StageResult } from './types';
import { STAGE_NAMES } from './types';

type StageFn = (ctx: BringupContext) => Promise<StageOutcome>;

const STAGES: { name: Exclude<StageName, 'link'>; run: StageFn }[] = [
  { name: 'select-lines', run: selectLinesStage },
  { name: 'pulse-generator', run: pulseGeneratorStage },
  { name: 'lock-in', run: lockinStage },
  { name: 'devices', run: devicesStage },
  { name: 'calibration', run: calibrationStage },
  { name: 'live-neuron', run: liveNeuronStage },
];

export interface RunBringupOptions extends Partial<BringupOptions> {
  /** The spec the board was opened with (for the report). */
  spec?: string;
  /** What arrived on the link (from openForBringup), to tell a dead board from a bad link when hello fails. */
  linkDiagnostics?: () => LinkDiagnostics;
  /** Called as each stage finishes (the CLI prints progress). */
  onStage?: (stage: StageResult) => void;
}

/**
 * The board's definition when its id is a known one (pin names for the messages), else null.
 * A known definition that fails to load is an error: it is not silently treated as unknown.
 */
function definitionFor(boardId: string): BoardDefinition | null {
  return listBoardIds().includes(boardId) ? loadBoardDefinition(boardId) : null;
}

function newContext(board: Board, opts: BringupOptions): BringupContext {
  return {
    board,
    info: board.info,
    definition: definitionFor(board.info.boardId),
    options: opts,
    found: { usable: [...board.info.populated], noiseOhm: Number.NaN, ohmPerCount: Number.NaN, loops: new Map(), calibrations: new Map() },
  };
}

/**
 * Runs `stages` in order on one context, reporting each through `emit`. After the first failure
 * the rest are skipped unless keepGoing. A stage that throws is a failed stage, and the board is
 * made safe before the next one runs.
 */
async function runStages(
  ctx: BringupContext,
  stages: readonly { name: Exclude<StageName, 'link'>; run: StageFn }[],
  failedBefore: StageName | null,
  emit: (s: StageResult) => void,
): Promise<void> {
  let failedAt = failedBefore;
  for (const s of stages) {
    if (failedAt !== null && !ctx.options.keepGoing) {
      emit(skipped(s.name, `not run: the ${failedAt} stage failed (--keep-going, or the keepGoing option, runs it anyway)`));
      continue;
    }
    const ts = performance.now();
    let o: StageOutcome;
    try {
      o = await s.run(ctx);
    } catch (err) {
      o = { passed: false, figure: 'error', message: `stage aborted: ${errorText(err)}` };
      await ctx.board.safe().catch(() => undefined);
    }
    emit(finish(s.name, o, performance.now() - ts));
    if (!o.passed && failedAt === null) failedAt = s.name;
  }
}

function errorText(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return `${e.code ? `[${e.code}] ` : ''}${e.message ?? String(err)}`;
}

function openAdvice(err: unknown, diag: LinkDiagnostics | null): string {
  const code = (err as { code?: string }).code;
  if (code === 'TIMEOUT' && diag && diag.framesBad > 0) {
    return `the link corrupts or drops bytes: ${diag.bytesIn} bytes arrived but ${diag.framesBad} of ${diag.framesBad + diag.framesOk} frames failed CRC/COBS, so hello never got through intact; ${LINK_HINT}`;
  }
  if (code === 'TIMEOUT' && diag && diag.bytesIn === 0) {
    return `not a single byte came back: check that the board is powered, that the Nucleon firmware is flashed (nucleon flash --port PATH) and that the spec names the right port`;
  }
  if (code === 'TIMEOUT') return `no answer to hello: check that the board is powered, that the Nucleon firmware is flashed (nucleon flash --port PATH) and that the spec names the right port; ${LINK_HINT}`;
  if (code === 'VERSION_MISMATCH') return 'the firmware and this host speak different protocols: reflash the board from this host (nucleon flash --port PATH)';
  return `could not open the board: check the spec and the port; ${LINK_HINT}`;
}

function skipped(name: StageName, why: string): StageResult {
  return { name, passed: false, skipped: true, figure: 'not run', message: why, wallMs: 0, values: {}, charts: [] };
}

function finish(name: StageName, o: StageOutcome, wallMs: number): StageResult {
  return { name, passed: o.passed, skipped: false, figure: o.figure, message: o.message, wallMs, values: o.values ?? {}, charts: o.charts ?? [] };
}

export async function runBringup(open: () => Promise<Board>, options: RunBringupOptions = {}): Promise<BringupResult> {
  const opts: BringupOptions = { ...DEFAULT_BRINGUP_OPTIONS, ...stripUndefined(options) };
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const stages: StageResult[] = [];
  const emit = (s: StageResult): void => {
    stages.push(s);
    options.onStage?.(s);
  };
  const result = (board: Board | null): BringupResult => ({
    passed: stages.length === STAGE_NAMES.length && stages.every((s) => s.passed),
    spec: options.spec ?? (board ? board.transport.description : 'unknown'),
    boardId: board ? board.info.boardId : null,
    firmwareVersion: board ? board.info.firmwareVersion : null,
    startedAt,
    wallMs: performance.now() - t0,
    stages,
  });

  let board: Board;
  const tOpen = performance.now();
  try {
    board = await open();
  } catch (err) {
    // A spec that is not a board (a typo, seed=-3) is the user's input, not a bench fault: it
    // is thrown (the CLI prints it on stderr) instead of a report that suggests the USB cable.
    if ((err as { code?: string }).code === 'BAD_SPEC') throw err;
    emit({ ...skipped('link', ''), skipped: false, figure: 'hello failed', message: `${errorText(err)}: ${openAdvice(err, options.linkDiagnostics ? options.linkDiagnostics() : null)}`, wallMs: performance.now() - tOpen });
    for (const s of STAGES) emit(skipped(s.name, 'not run: the link stage failed'));
    return result(null);
  }
  const helloMs = performance.now() - tOpen;
  try {
    const ctx = newContext(board, opts);
    const tLink = performance.now();
    const link = await linkStage(ctx, helloMs).catch((err: unknown): StageOutcome => ({ passed: false, figure: 'error', message: `${errorText(err)}: ${LINK_HINT}` }));
    emit(finish('link', link, performance.now() - tLink + helloMs));
    await runStages(ctx, STAGES, link.passed ? null : 'link', emit);
    return result(board);
  } finally {
    await board.close().catch(() => undefined);
  }
}

/**
 * Runs some stages on a board that is already open (e.g. the wiring stages from a johnny-five
 * script, whose NucleonIO owns the board). Stops at the first failure unless keepGoing.
 */
export async function runStagesOn(board: Board, names: readonly Exclude<StageName, 'link'>[], options: Partial<BringupOptions> = {}): Promise<StageResult[]> {
  const opts: BringupOptions = { ...DEFAULT_BRINGUP_OPTIONS, ...stripUndefined(options) };
  const out: StageResult[] = [];
  await runStages(
    newContext(board, opts),
    STAGES.filter((s) => names.includes(s.name)),
    null,
    (s) => out.push(s),
  );
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** The first failing stage (the one to fix first), or null. */
export function firstFailure(r: BringupResult): StageResult | null {
  return r.stages.find((s) => !s.passed && !s.skipped) ?? null;
}
