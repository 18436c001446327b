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

/**
 * Parses `--key value`, `--key=value` and boolean `--flag`s. `booleans` lists flags that take
 * no value; `repeatable` lists options that may be given several times; anything not in
 * `known` is a usage error naming the option and the allowed ones. Positional arguments are a
 * usage error unless `positionals` allows that many.
 */
export function parseArgs(
  argv: string[],
  spec: { known: string[]; booleans?: string[]; repeatable?: string[]; positionals?: number },
): ParsedArgs {
  const booleans = spec.booleans ?? [];
  const repeatable = spec.repeatable ?? [];
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!spec.known.includes(name) && !booleans.includes(name)) {
      const allowed = spec.known.concat(booleans).map((n) => `--${n}`).join(', ');
      throw new UsageError(`unknown option --${cutArg(name)}; allowed: ${allowed}`);
    }
    let value: string | boolean;
    if (booleans.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${cutArg(name)} takes no value`);
      value = true;
    } else if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${cutArg(name)} needs a value`);
      value = next;
      i++;
    }
    if (repeatable.includes(name)) {
      const prev = options[name];
      options[name] = (Array.isArray(prev) ? prev : []).concat([String(value)]);
    } else if (options[name] !== undefined) {
      throw new UsageError(`--${cutArg(name)} given twice`);
    } else {
      options[name] = value;
    }
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
