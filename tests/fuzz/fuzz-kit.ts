/**
 * The fuzz suite's shared parts: a seeded generator per input (input i of target T draws from
 * a stream of (FUZZ_SEED, T, i), so one failing input replays alone), hostile values, and the
 * loop that runs a target's inputs and reports the first failure with its seed and index.
 *
 * `make test` runs each target with its small default count (a few seconds); `make fuzz SEED=S
 * COUNT=N` sets FUZZ_SEED and FUZZ_COUNT (N inputs in all, split evenly over the targets) and
 * writes the counts per target to FUZZ_REPORT.
 */
import * as fs from 'fs';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 1);

/** The targets make fuzz splits FUZZ_COUNT over: http, ws, specs, sdk, cli, checkpoint, state. */
export const FUZZ_TARGETS = 7;

/**
 * Inputs for a target: with FUZZ_COUNT set (make fuzz), its share of that total (split evenly
 * over the FUZZ_TARGETS targets), else the target's bounded default.
 */
export function fuzzCount(defaultCount: number): number {
  const v = process.env.FUZZ_COUNT;
  return v === undefined || v === '' ? defaultCount : Math.max(1, Math.ceil(Number(v) / FUZZ_TARGETS));
}

/** Jest timeout for a target: generous per input, so a long make fuzz run is not cut off. */
export function fuzzTimeoutMs(count: number, msPerInput: number): number {
  return Math.max(60000, count * msPerInput * 4);
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class FuzzRng {
  private a: number;

  constructor(seed: number, target: string, index: number) {
    this.a = (hashString(target) ^ Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  }

  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Random text: ASCII, control characters, multi-byte and lone surrogates. */
  text(maxLength: number): string {
    const n = this.int(0, maxLength);
    let out = '';
    for (let i = 0; i < n; i++) {
      const kind = this.int(0, 9);
      if (kind < 6) out += String.fromCharCode(this.int(0x20, 0x7e));
      else if (kind === 6) out += String.fromCharCode(this.int(0, 0x1f));
      else if (kind === 7) out += String.fromCharCode(this.int(0x80, 0x7ff));
      else if (kind === 8) out += String.fromCharCode(this.int(0xd800, 0xdfff));
      else out += this.pick([',', ':', '=', '/', '%', '"', '\\', '{', '}', '[', ']', '\u0000', '..', '@']);
    }
    return out;
  }

  /** A number from the edges: huge, tiny, negative, fractional, NaN-like. */
  number(): number {
    return this.pick([0, -0, 1, -1, 0.5, 1e9, -1e9, 1e30, -1e30, 1e308, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 2 ** 31, -(2 ** 31) - 1, 65536, 30001, -30001, 4, 16, 17, 1000, 1001, 301, 3.7, NaN, Infinity, -Infinity, this.next() * 200 - 100, this.int(-100000, 100000)]);
  }

  /** Any JSON-able (or not) value, for replacing a field. */
  value(depth = 0): unknown {
    const k = this.int(0, depth > 1 ? 5 : 8);
    switch (k) {
      case 0:
        return this.number();
      case 1:
        return this.text(12);
      case 2:
        return this.pick([null, true, false, undefined]);
      case 3:
        return String(this.number());
      case 4:
        return this.int(-3, 40);
      case 5:
        return this.pick(['b0:0', 'b0:12', 'b9:0', '0', '-1', '1e3', '', 'b0:', ':0', '__proto__', 'constructor']);
      case 6:
        return Array.from({ length: this.int(0, 20) }, () => this.value(depth + 1));
      case 7: {
        const o: Record<string, unknown> = {};
        for (let i = this.int(0, 4); i > 0; i--) o[this.pick(['x', 'xs', 'channels', 'a', '__proto__', 'constructor', 'prototype', this.text(6)])] = this.value(depth + 1);
        return o;
      }
      default:
        return Array.from({ length: this.int(0, 3) }, () => this.number());
    }
  }
}

export interface TargetCounts {
  inputs: number;
  refused: number;
  accepted: number;
}

const counts = new Map<string, TargetCounts>();

/** Runs `count` inputs of `target`; the first failing input throws with its seed and index. */
export async function runInputs(target: string, count: number, fn: (rng: FuzzRng, index: number) => Promise<'refused' | 'accepted'>): Promise<TargetCounts> {
  const c: TargetCounts = { inputs: 0, refused: 0, accepted: 0 };
  counts.set(target, c);
  for (let i = 0; i < count; i++) {
    let verdict: 'refused' | 'accepted';
    try {
      verdict = await fn(new FuzzRng(FUZZ_SEED, target, i), i);
    } catch (err) {
      const e = err as Error;
      e.message = `fuzz target ${target}, FUZZ_SEED=${FUZZ_SEED}, input ${i}: ${e.message}`;
      throw e;
    }
    c.inputs++;
    c[verdict]++;
  }
  const report = process.env.FUZZ_REPORT;
  if (report) fs.appendFileSync(report, `${JSON.stringify({ target, seed: FUZZ_SEED, ...c })}\n`);
  return c;
}

/** A message a user may see: bounded, no stack trace, no framework internals. */
export function checkMessage(where: string, message: unknown): void {
  if (typeof message !== 'string' || message.length === 0) throw new Error(`${where}: no message (${String(message)})`);
  if (message.length > 2000) throw new Error(`${where}: message of ${message.length} characters`);
  if (/\n\s+at .+:\d+:\d+|FST_ERR|Client Error|\[object Object\]|is not a function|is not iterable|Cannot read prop|Cannot set prop/.test(message)) {
    throw new Error(`${where}: message leaks internals: ${message.slice(0, 300)}`);
  }
}
