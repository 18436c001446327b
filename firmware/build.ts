/**
 * `make firmware`: bundles firmware/espruino/main.ts with esbuild into dist/firmware.js — one
 * minified IIFE, ES2015 syntax (what Espruino parses; ESPRUINO.md), the board definition and
 * the version inlined as constants — and prints its size against the budget.
 *
 *   NUCLEON_FW_VERSION=1.2.3   override the version (default: package.json's)
 *   NUCLEON_BOARD_DEF=id|path  board definition (default nucleon-pico-ref)
 *   NUCLEON_FW_OUT=path        output file (default dist/firmware.js)
 *   NUCLEON_FW_FOLD=0          skip the interpreter pass (firmware/fold.ts), for A/B runs
 *
 * Budget: storageBudgetBytes (the board's Storage, less a calibration file per channel).
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { loadBoardDefinition, REFERENCE_BOARD_ID } from '../board/definitions';
import type { BoardDefinition } from '../board/definitions/definition';
import { firmwareBoardFrom } from './board';
import { firmwareTables } from './core/tables';
import * as ops from '../protocol/ops';
import { CAL_FILE_BYTES } from './core/cal-store';
import { foldBundle } from './fold';
import type { FoldReport } from './fold';
import { wrapForBoot } from './espruino/boot-wrap';

/**
 * protocol/ops.ts as the bundle sees it: only its constant tables (op, event, warning, status,
 * error and self-test codes), folded at build time. OP_TABLE and the message texts are
 * host-side facts the firmware does not need at run time (arg counts and the schema hash come
 * in NUCLEON_TABLES).
 */
const opsConstantsPlugin: esbuild.Plugin = {
  name: 'ops-constants',
  setup(b) {
    b.onLoad({ filter: /[\\/]protocol[\\/]ops\.ts$/ }, () => ({
      loader: 'js',
      contents: ['Op', 'Event', 'WarningCode', 'Status', 'ErrorCode', 'SelfTest']
        .map((name) => `export const ${name} = ${jsLiteral((ops as unknown as { [k: string]: unknown })[name])};`)
        .join('\n'),
    }));
  },
};

/** Espruino Storage's header per file (size + name), as the twin's Storage counts it. */
const STORAGE_FILE_HEADER_BYTES = 32;

/**
 * The bundle's one hard size limit: it lives in Storage as `.bootcde` (its header included)
 * beside one calibration file per channel, in the board's Storage. RAM is not a byte budget:
 * the code runs from flash, and what it needs in variables is measured on the real interpreter
 * (tests/target/memory.test.ts gates it; the 38 KB byte budget used until 2026-12-04 was a
 * stand-in for that).
 */
export function storageBudgetBytes(def: BoardDefinition): number {
  const calFile = STORAGE_FILE_HEADER_BYTES + Math.ceil(CAL_FILE_BYTES / 4) * 4;
  return def.storage.bytes - def.channels * calFile - STORAGE_FILE_HEADER_BYTES;
}

/**
 * A JS literal of plain data with unquoted keys: quoted keys are exempt from mangleProps, so a
 * JSON literal's fields would keep their names while the code reading them gets short ones.
 */
export function jsLiteral(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(jsLiteral).join(',') + ']';
  if (value !== null && typeof value === 'object') {
    const parts = Object.entries(value as { [k: string]: unknown }).map(([k, v]) => {
      if (!/^[A-Za-z_$][\w$]*$/.test(k)) throw new Error(`build constant key "${k}" is not an identifier`);
      return `${k}:${jsLiteral(v)}`;
    });
    return '{' + parts.join(',') + '}';
  }
  return JSON.stringify(value);
}

/** The 'nucleon:build' module: the board definition, version and op-table facts as literals. */
function buildConstantsPlugin(def: BoardDefinition, version: string): esbuild.Plugin {
  return {
    name: 'build-constants',
    setup(b) {
      b.onResolve({ filter: /^nucleon:build$/ }, () => ({ path: 'nucleon:build', namespace: 'nucleon-build' }));
      b.onLoad({ filter: /.*/, namespace: 'nucleon-build' }, () => ({
        loader: 'js',
        contents: [
          `export const BOARD = ${jsLiteral(firmwareBoardFrom(def))};`,
          `export const VERSION = ${JSON.stringify(version)};`,
          `export const TABLES = ${jsLiteral(firmwareTables())};`,
        ].join('\n'),
      }));
    },
  };
}

export const ROOT = path.join(__dirname, '..');

/**
 * Property names the minifier must keep: every property of the JS built-ins the bundle may touch
 * and every identifier in the Espruino declarations (API methods, option keys). All other
 * property names are the bundle's own and get short names (mangleProps) — a third off the size.
 */
function reservedProps(): RegExp {
  const names = new Set<string>();
  const protos: object[] = [
    Object.prototype, Function.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype,
    Error.prototype, Promise.prototype, DataView.prototype, Object.getPrototypeOf(Uint8Array.prototype) as object,
    Uint8Array.prototype, Math, JSON, Object, Array, String, Number, Promise, Date.prototype, RegExp.prototype,
  ];
  for (const p of protos) for (const n of Object.getOwnPropertyNames(p)) names.add(n);
  // the declarations' names, not their parameters' (a parameter follows `(` or `,`; an option
  // object's keys follow `{` or `;` and stay) nor the words of their strings (event names, module
  // paths): `offset`, say, is Storage.read's parameter, and the CBOR reader's most-read field
  const dts = fs
    .readFileSync(path.join(__dirname, 'espruino', 'espruino.d.ts'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/'[^']*'/g, "''")
    .replace(/([(,]\s*)[A-Za-z_$][\w$]*\??\s*:/g, '$1:');
  for (const m of dts.match(/[A-Za-z_$][\w$]*/g) ?? []) names.add(m);
  const escaped = Array.from(names).map((n) => n.replace(/[$]/g, '\\$'));
  return new RegExp('^(' + escaped.join('|') + ')$');
}
export const DEFAULT_OUT = path.join(ROOT, 'dist', 'firmware.js');

export interface BuildOptions {
  version?: string;
  board?: string;
  outFile?: string;
  /** run firmware/fold.ts over the minified bundle (default: yes, unless NUCLEON_FW_FOLD=0) */
  fold?: boolean;
}

export interface BuildResult {
  outFile: string;
  version: string;
  boardId: string;
  bytes: number;
  budgetBytes: number;
  /** what the interpreter pass did (undefined: skipped) */
  fold?: FoldReport;
}

export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export async function buildFirmware(opts: BuildOptions = {}): Promise<BuildResult> {
  const version = opts.version ?? process.env.NUCLEON_FW_VERSION ?? packageVersion();
  const def = loadBoardDefinition(opts.board ?? process.env.NUCLEON_BOARD_DEF ?? REFERENCE_BOARD_ID);
  const outFile = opts.outFile ?? process.env.NUCLEON_FW_OUT ?? DEFAULT_OUT;
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'espruino', 'main.ts')],
    bundle: true,
    // cjs keeps require('Storage') as written (iife would wrap it in a Proxy-based shim);
    // the banner/footer make it an IIFE so nothing leaks into Espruino's global scope.
    format: 'cjs',
    banner: { js: '(function(){' },
    footer: { js: '})();' },
    target: 'es2015',
    platform: 'neutral',
    minify: true,
    mangleProps: /./,
    reserveProps: reservedProps(),
    legalComments: 'none',
    charset: 'utf8',
    external: ['Storage'],
    plugins: [opsConstantsPlugin, buildConstantsPlugin(def, version)],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const minified = result.outputFiles[0].text;
  // names resolved for the interpreter (constants folded, built-ins read once, hot names first)
  const fold = opts.fold ?? process.env.NUCLEON_FW_FOLD !== '0';
  const folded = fold ? foldBundle(minified) : undefined;
  // the console off the link before the bundle is evaluated (boot-wrap.ts)
  const code = wrapForBoot(folded === undefined ? minified : folded.code, def.pins.link);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, code);
  return { outFile, version, boardId: def.id, bytes: Buffer.byteLength(code), budgetBytes: storageBudgetBytes(def), fold: folded?.report };
}

if (require.main === module) {
  buildFirmware().then(
    (r) => {
      const pct = ((100 * r.bytes) / r.budgetBytes).toFixed(1);
      process.stdout.write(`firmware ${r.version} for ${r.boardId}: ${path.relative(process.cwd(), r.outFile)} ${r.bytes} bytes (Storage budget ${r.budgetBytes} bytes, ${pct} %)\n`);
      const f = r.fold;
      if (f !== undefined) {
        process.stdout.write(
          `  interpreter pass: ${f.constants} constants and ${f.tables} constant tables folded (${f.foldedReads} reads), ${f.aliases} built-ins read once, ${f.moved} declarations moved to the front, ${f.toVar} let/const as var, ${f.deadMethods} unused methods dropped, ${f.thisAliases} constructors' this aliased; ${f.bytesBefore} -> ${f.bytesAfter} bytes\n`,
        );
      } else process.stdout.write('  interpreter pass skipped (NUCLEON_FW_FOLD=0)\n');
      if (r.bytes > r.budgetBytes) {
        process.stderr.write(`firmware: bundle exceeds its Storage budget by ${r.bytes - r.budgetBytes} bytes\n`);
        process.exitCode = 1;
      }
    },
    (err: unknown) => {
      const e = err as { message?: string };
      process.stderr.write(`firmware: build failed: ${e.message ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
