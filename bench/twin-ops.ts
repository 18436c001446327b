/**
 * Pulse+read operations per second through BoardHardware, the way the firmware drives it:
 * select a channel (4 select writes), DAC word over SPI, polarity, gate pulse, advance the
 * settle time in virtual time, analogRead. One core, default 500-grain devices.
 *   node -r ts-node/register/transpile-only bench/twin-ops.ts [--ops N] [--width-us W] [--settle-ms S]
 * `--spans` prints each device's full-loop span in ADC counts instead (docs/twin.md).
 * Settle 300 ms per op (so each device sees a pulse every 3 s, as under the thermal guard).
 * Prints ops/s for a realistic mix (ten channels, currents around the switching range) and for
 * the chain alone (vacant channel: no device work), so the chain's share is visible.
 */
import { cpus, loadavg } from 'os';
import { createTwin, mcp4822WordA, type BoardTwin } from '../board/twin';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const OPS = arg('--ops', 200000);
const WIDTH_US = arg('--width-us', 5);
const SETTLE_MS = arg('--settle-ms', 300);

interface Result {
  seconds: number;
  cpuSeconds: number;
  checksum: number;
}

function run(twin: BoardTwin, ops: number, channels: readonly number[], codes: Uint8Array[]): Result {
  const hw = twin.hardware;
  const pins = twin.definition.pins;
  const [s3, s2, s1, s0] = pins.select;
  // 300 ms per op: ≥ the lock-in's 99.9 % settle (9.2 τ = 92 ms) and, over ten channels, 3 s
  // between pulses on one device, as the thermal guard spaces them (PHYSICS §4). Closer spacing
  // overloads the devices (stress node) and measures damage, not speed.
  const settleMs = SETTLE_MS;
  let checksum = 0;
  hw.digitalWrite(pins.enable, 1);
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    const ch = channels[i % channels.length];
    hw.digitalWrite(s3, ((ch >> 3) & 1) as 0 | 1);
    hw.digitalWrite(s2, ((ch >> 2) & 1) as 0 | 1);
    hw.digitalWrite(s1, ((ch >> 1) & 1) as 0 | 1);
    hw.digitalWrite(s0, (ch & 1) as 0 | 1);
    hw.digitalWrite(pins.polarity, (i & 1) as 0 | 1);
    hw.spiWrite(pins.dacSpi, codes[i % codes.length], pins.dacCs);
    hw.digitalPulse(pins.gate, 1, WIDTH_US / 1000);
    twin.scheduler.advance(settleMs);
    checksum += hw.analogRead(pins.adc);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, checksum };
}

/** `--spans`: each device's full-loop span in ADC counts (noise off), seeds 1–3 (docs/twin.md). */
function spans(): void {
  for (const seed of [1, 2, 3]) {
    const twin = createTwin(`sim:seed=${seed},adcNoiseRmsCounts=0,lockinNoiseNvRtHz=0`, { idle: 'frozen' });
    const hw = twin.hardware;
    const pins = twin.definition.pins;
    hw.digitalWrite(pins.enable, 1);
    hw.spiWrite(pins.dacSpi, mcp4822WordA(4095), pins.dacCs);
    const out: string[] = [];
    for (const ch of twin.definition.populated) {
      for (let i = 0; i < 4; i++) hw.digitalWrite(pins.select[i], ((ch >> (3 - i)) & 1) as 0 | 1);
      const counts: number[] = [];
      for (const polarity of [1, 0] as const) {
        hw.digitalWrite(pins.polarity, polarity);
        hw.digitalPulse(pins.gate, 1, 0.005);
        twin.scheduler.advance(300);
        counts.push(Math.round(hw.analogRead(pins.adc) * 4095));
      }
      out.push(`ch${ch} ${counts[0]}..${counts[1]} = ${counts[1] - counts[0]}`);
    }
    process.stdout.write(`seed ${seed}: ${out.join(', ')}\n`);
    twin.dispose();
  }
}

function main(): void {
  if (process.argv.includes('--spans')) {
    spans();
    return;
  }
  // DAC words for 10..30 mA in 64 steps (precomputed: a firmware keeps its buffer too)
  const codes = Array.from({ length: 64 }, (_, k) => mcp4822WordA(Math.round(((10000 + (20000 * k) / 63) / 30000) * 4095)));
  const twin = createTwin('sim:seed=1', { idle: 'frozen' });
  const populated = twin.definition.populated;
  run(twin, 2000, populated, codes); // warm up: per-width tables, JIT
  const full = run(twin, OPS, populated, codes);
  const chainOnly = createTwin('sim:seed=1', { idle: 'frozen' });
  run(chainOnly, 2000, [12], codes);
  const chain = run(chainOnly, OPS, [12], codes);
  const rate = (n: number, s: number): string => Math.round(n / s).toLocaleString('en-US');
  const fmt = (r: Result): string => `${rate(OPS, r.seconds)} ops/s wall, ${rate(OPS, r.cpuSeconds)} ops/s CPU (${OPS} ops)`;
  process.stdout.write(`twin-ops: select+DAC+pulse(${WIDTH_US} µs)+settle(${SETTLE_MS} ms)+analogRead, 10 channels, 500 grains: ${fmt(full)}\n`);
  process.stdout.write(`twin-ops: same on a vacant channel (instrument chain only): ${fmt(chain)}\n`);
  process.stdout.write(`load average ${loadavg()[0].toFixed(2)} on ${cpus().length} cores (CPU figure = one-core speed when the machine is shared)\n`);
  process.stdout.write(`checksum ${full.checksum.toFixed(3)} ${chain.checksum.toFixed(3)}\n`);
  twin.dispose();
  chainOnly.dispose();
}

main();
