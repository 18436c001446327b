/**
 * Progress on stderr: a one-line bar redrawn in place when the stream is a TTY (at most ten
 * times a second), otherwise a plain line every `lineEveryS` seconds and at each phase end.
 */
import type { Progress } from './trainer';

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class ProgressPrinter {
  private lastDrawMs = -Infinity;
  private drewBar = false;
  private lastPhase = '';

  constructor(
    private readonly sink: ProgressSink,
    private readonly label: string,
    private readonly nowMs: () => number = () => performance.now(),
    private readonly lineEveryS = 10,
  ) {}

  update(p: Progress): void {
    const now = this.nowMs();
    const phaseEnd = p.trained >= p.total;
    const phaseChanged = p.phase !== this.lastPhase;
    this.lastPhase = p.phase;
    if (this.sink.isTTY) {
      if (!phaseEnd && !phaseChanged && now - this.lastDrawMs < 100) return;
      this.lastDrawMs = now;
      this.sink.write(`\r${formatBar(this.label, p)}\x1b[K`);
      this.drewBar = true;
      if (phaseEnd) this.finish();
    } else {
      if (!phaseEnd && !phaseChanged && now - this.lastDrawMs < this.lineEveryS * 1000) return;
      this.lastDrawMs = now;
      this.sink.write(formatLine(this.label, p) + '\n');
    }
  }

  /** Ends a TTY bar line. */
  finish(): void {
    if (this.drewBar) this.sink.write('\n');
    this.drewBar = false;
  }
}

/** One ProgressPrinter per label, created on first use: for runs that report several labelled phases. */
export class LabelledProgress {
  private readonly printers = new Map<string, ProgressPrinter>();

  constructor(
    private readonly sink: ProgressSink,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Fits OverloadOptions.onProgress. */
  readonly update = (label: string, p: Progress): void => {
    let printer = this.printers.get(label);
    if (!printer) {
      printer = new ProgressPrinter(this.sink, label, this.nowMs);
      this.printers.set(label, printer);
    }
    printer.update(p);
  };

  finish(): void {
    for (const printer of this.printers.values()) printer.finish();
  }
}

const BAR_WIDTH = 24;

export function formatBar(label: string, p: Progress): string {
  const frac = p.total > 0 ? Math.min(1, p.trained / p.total) : 0;
  const filled = Math.round(frac * BAR_WIDTH);
  const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
  return `${label} ${p.phase} [${bar}] ${p.trained}/${p.total} ${fmtRate(p.examplesPerS)} ex/s  rate ${(100 * p.rate).toFixed(1)}%${
    Number.isFinite(p.loss) ? `  loss ${p.loss.toFixed(4)}` : ''
  }`;
}

export function formatLine(label: string, p: Progress): string {
  return `${label} ${p.phase} ${p.trained}/${p.total} (${((100 * p.trained) / Math.max(1, p.total)).toFixed(0)}%) ${fmtRate(
    p.examplesPerS,
  )} ex/s rate ${(100 * p.rate).toFixed(2)}%${Number.isFinite(p.loss) ? ` loss ${p.loss.toFixed(4)}` : ''}`;
}

function fmtRate(r: number): string {
  return r >= 100 ? r.toFixed(0) : r.toFixed(1);
}
