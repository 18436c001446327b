/**
 * The wiring stages of bring-up as a johnny-five script, on the NucleonIO plugin: the four
 * select lines are johnny-five Pins 0–3 and the lock-in ADC is Sensor A0. The script walks
 * every channel with the Pins and reads the Sensor (a populated channel reads a Hall voltage,
 * a vacant one reads mid-scale), then runs the suite's select-lines and lock-in stages on the
 * same board for the figures and the bench hints.
 *
 *   node -r ts-node/register/transpile-only examples/bringup-johnny-five.ts [SPEC]   (default sim)
 */
import { NucleonIO } from '../host/johnny-five';
import { runStagesOn } from '../host/bringup';
import type { StageResult } from '../host/bringup';

// johnny-five ships no types: the part of its API used here.
interface FiveBoard extends NodeJS.EventEmitter {
  io: NucleonIO;
}
interface FivePin {
  high(): void;
  low(): void;
}
interface FiveSensor extends NodeJS.EventEmitter {
  value: number;
  disable(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const five = require('johnny-five') as {
  Board: new (opts: Record<string, unknown>) => FiveBoard;
  Pin: new (opts: Record<string, unknown>) => FivePin;
  Sensor: new (opts: Record<string, unknown>) => FiveSensor;
};

export interface WiringReport {
  /** Mean ADC counts per channel as the johnny-five Sensor saw them. */
  sensorCounts: number[];
  stages: StageResult[];
  passed: boolean;
}

/** The next `n` Sensor readings, or fewer when the board refuses to read (a channel it cannot select). */
function nextReadings(sensor: FiveSensor, n: number, timeoutMs = 1000): Promise<number[]> {
  return new Promise((resolve) => {
    const got: number[] = [];
    const done = (): void => {
      clearTimeout(timer);
      sensor.removeListener('data', onData);
      resolve(got);
    };
    const onData = (): void => {
      got.push(sensor.value);
      if (got.length >= n) done();
    };
    const timer = setTimeout(done, timeoutMs);
    sensor.on('data', onData);
  });
}

export async function wiringBringup(spec = 'sim', log: (line: string) => void = console.log): Promise<WiringReport> {
  const io = new NucleonIO({ board: spec });
  const board = new five.Board({ io, repl: false, debug: false, sigint: false });
  await new Promise<void>((resolve, reject) => {
    board.once('ready', () => resolve());
    io.once('error', reject);
  });
  // johnny-five re-emits the plugin's errors on the Board: a refused select is a finding, not a crash
  const refused: string[] = [];
  board.on('error', (err: unknown) => refused.push((err as Error).message));
  io.on('error', () => undefined);
  try {
    const nucleon = io.board;
    if (!nucleon) throw new Error('NucleonIO has no board');
    const pins = [0, 1, 2, 3].map((pin) => new five.Pin({ pin, type: 'digital' }));
    const sensor = new five.Sensor({ pin: 'A0', freq: 25 });
    const sensorCounts: number[] = [];
    for (let ch = 0; ch < nucleon.info.channels; ch++) {
      pins.forEach((p, bit) => ((ch >> bit) & 1 ? p.high() : p.low()));
      await nextReadings(sensor, 2); // let the channel change settle through
      refused.length = 0;
      const r = await nextReadings(sensor, 3);
      sensorCounts.push(r.length > 0 ? r.reduce((a, b) => a + b, 0) / r.length : Number.NaN);
      const vacant = nucleon.info.populated.includes(ch) ? '' : ' (vacant)';
      log(`  channel ${String(ch).padStart(2)}: ${r.length > 0 ? `A0 ≈ ${sensorCounts[ch].toFixed(0)} counts` : `no reading (${refused[0] ?? 'timeout'})`}${vacant}`);
    }
    sensor.disable();
    const stages = await runStagesOn(nucleon, ['select-lines', 'lock-in']);
    for (const s of stages) log(`${s.skipped ? 'skipped' : s.passed ? 'PASS   ' : 'FAIL   '} ${s.name.padEnd(14)} ${s.figure}${s.passed ? '' : `\n        → ${s.message}`}`);
    return { sensorCounts, stages, passed: stages.every((s) => s.passed) };
  } finally {
    await io.close();
  }
}

if (require.main === module) {
  wiringBringup(process.argv[2] ?? 'sim').then(
    (r) => process.exit(r.passed ? 0 : 1),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
