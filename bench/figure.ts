/**
 * One benchmark figure as `make bench` tabulates it. A bench that cannot run here returns a
 * figure with `value: null` and `note: "not available: why"`; one that ran and broke,
 * `note: "FAILED: why"` (and `make bench` exits 1).
 */
export interface BenchFigure {
  /** Group, e.g. "protocol", "stack", "trainer". */
  group: string;
  name: string;
  value: number | null;
  unit: string;
  /** Baseline or target it is compared against, measured in the same run when it is a baseline. */
  against?: string;
  note?: string;
}

export function unavailable(group: string, name: string, why: string): BenchFigure {
  return { group, name, value: null, unit: '', note: `not available: ${why}` };
}

export function failed(group: string, name: string, why: string): BenchFigure {
  return { group, name, value: null, unit: '', note: `FAILED: ${why}` };
}

export function isFailure(f: BenchFigure): boolean {
  return f.value === null && (f.note ?? '').startsWith('FAILED: ');
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}

/** Runs `fn` repeatedly for at least `budgetMs` (after a warm-up); returns ops per second. */
export function opsPerSecond(fn: () => void, budgetMs: number, batch = 100): number {
  for (let i = 0; i < batch * 10; i++) fn();
  let ops = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    elapsed = performance.now() - t0;
  } while (elapsed < budgetMs);
  return (ops / elapsed) * 1000;
}
