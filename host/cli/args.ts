import { parseArgs as nodeParseArgs } from 'node:util';
import { UsageError } from './command';

/** Command-line text as shown in an error: long text cut. */
export function cutArg(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
}

export interface ParsedArgs {
  /** --name value / --name=value / --flag (true). Repeated options collect into arrays. */
  options: { [name: string]: string | boolean | string[] };
  positionals: string[];
}

export interface ArgsSpec {
  /** Options that take a value. */
  known: string[];
  /** Flags that take no value. */
  booleans?: string[];
  /** Options (of `known`) that may be given several times; they collect into arrays. */
  repeatable?: string[];
  /** How many positional arguments are allowed (default none). */
  positionals?: number;
}

type NodeOptions = NonNullable<Parameters<typeof nodeParseArgs>[0]>['options'];

/**
 * `--name value` becomes `--name=value` for options that take one, so a value may start with a
 * single dash (`--start-ua -30000`) but never with `--` (`--steps --json` is a missing value, not
 * the value "--json"): util.parseArgs would take any next argument as the value.
 */
function joinValues(argv: string[], takesValue: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.slice(2);
    if (!arg.startsWith('--') || arg.includes('=') || !takesValue(name)) {
      out.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`--${cutArg(name)} needs a value`);
    out.push(`${arg}=${next}`);
    i++;
  }
  return out;
}

/**
 * Parses `--key value`, `--key=value` and boolean `--flag`s with Node's `util.parseArgs`.
 * `booleans` lists flags that take no value; `repeatable` lists options that may be given
 * several times; anything not in `known` is a usage error naming the option and the allowed
 * ones. Positional arguments are a usage error unless `positionals` allows that many.
 */
export function parseArgs(argv: string[], spec: ArgsSpec): ParsedArgs {
  const booleans = spec.booleans ?? [];
  const repeatable = spec.repeatable ?? [];
  const config: NodeOptions = {};
  for (const name of spec.known) config[name] = { type: 'string', multiple: repeatable.includes(name) };
  for (const name of booleans) config[name] = { type: 'boolean' };
  const takesValue = (name: string): boolean => spec.known.includes(name) && !booleans.includes(name);
  // Not strict: Node's own errors do not list what is allowed; the tokens are checked below.
  const { tokens } = nodeParseArgs({ args: joinValues(argv, takesValue), options: config, strict: false, allowPositionals: true, tokens: true });
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const name = token.name;
    if (!Object.prototype.hasOwnProperty.call(config, name)) {
      const allowed = spec.known.concat(booleans).map((n) => `--${n}`).join(', ');
      throw new UsageError(`unknown option ${cutArg(token.rawName)}; allowed: ${allowed}`);
    }
    if (!takesValue(name)) {
      if (token.value !== undefined) throw new UsageError(`--${cutArg(name)} takes no value`);
    } else if (token.value === undefined) {
      throw new UsageError(`--${cutArg(name)} needs a value`);
    }
    const value = token.value ?? true;
    const prev = options[name];
    if (repeatable.includes(name)) options[name] = (Array.isArray(prev) ? prev : []).concat([String(value)]);
    else if (prev !== undefined) throw new UsageError(`--${cutArg(name)} given twice`);
    else options[name] = value;
  }
  if (positionals.length > (spec.positionals ?? 0)) throw new UsageError(`unexpected argument "${cutArg(positionals[spec.positionals ?? 0])}"`);
  return { options, positionals };
}

export function optString(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = args.options[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw new UsageError(`--${cutArg(name)} needs a value`);
  return v;
}

export function optList(args: ParsedArgs, name: string): string[] {
  const v = args.options[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [String(v)];
}

export function optFlag(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

/** A number option with bounds; the error names the option and the allowed range. */
export function optNumber(
  args: ParsedArgs,
  name: string,
  fallback: number,
  bounds: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const raw = optString(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  const lo = bounds.min ?? -Infinity;
  const hi = bounds.max ?? Infinity;
  if (raw.trim() === '' || !Number.isFinite(n) || (bounds.integer && !Number.isInteger(n)) || n < lo || n > hi) {
    const kind = bounds.integer ? 'an integer' : 'a number';
    throw new UsageError(`--${cutArg(name)} must be ${kind} in [${lo}, ${hi}], got "${cutArg(raw)}"`);
  }
  return n;
}

/** Parses a channel list like "0-9", "0,2,5" or "3". */
export function parseChannelList(text: string, maxChannel: number): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new UsageError(`bad channel list "${cutArg(text)}": use e.g. 0-9 or 0,2,5`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a > b || b > maxChannel) throw new UsageError(`bad channel range "${cutArg(part)}": channels are 0..${maxChannel}`);
    for (let c = a; c <= b; c++) if (!out.includes(c)) out.push(c);
  }
  return out;
}
