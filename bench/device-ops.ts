/**
 * Device model speed: pulse + rHall operations per second of wall time on one core, 500 grains
 * (issue 3 target ≥ 100 000/s). Run:
 *   node -r ts-node/register/transpile-only bench/device-ops.ts [seconds-per-case]
 * Cases: random SET/RESET-like currents at 5 µs (the live-training pattern), a loop sweep at
 * 5 µs, and the wall-propagation mode. Pulses are spaced in device time as the thermal guard would
 * space them (3 s for random currents, PHYSICS §4), so each starts cold (the fast form) and the
 * device is not damaged; a case with pulses 20 µs apart shows the integrated (warm) path.
 */
import { loadavg } from 'os';
import { DEVICE_DEFAULTS, HallBar, type DeviceParams } from '../board/twin/device';

interface Case {
  name: string;
  params: DeviceParams;
  gapS: number;
  current: (k: number, rand: () => number) => number;
}

function makeRand(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const cases: Case[] = [
  {
    name: 'random ±(13–27) mA, 5 µs, 3 s apart',
    params: { ...DEVICE_DEFAULTS },
    gapS: 3,
    current: (_k, rand) => (rand() < 0.3 ? -30e-3 : (13 + 14 * rand()) * 1e-3),
  },
  {
    name: 'loop sweep ±30 mA in 0.1 mA steps, 5 µs, 1 s apart',
    params: { ...DEVICE_DEFAULTS },
    gapS: 1,
    current: (k) => {
      const phase = k % 1200;
      return (phase < 600 ? -30 + phase * 0.1 : 30 - (phase - 600) * 0.1) * 1e-3;
    },
  },
  {
    name: 'wall mode (H_x = −1000 Oe), random, 3 s apart',
    params: { ...DEVICE_DEFAULTS, inPlaneFieldOe: -1000 },
    gapS: 3,
    current: (_k, rand) => (rand() < 0.3 ? -30e-3 : (13 + 14 * rand()) * 1e-3),
  },
  {
    name: 'pulses 20 µs apart (warm: integrated path)',
    params: { ...DEVICE_DEFAULTS, model: 'physical' },
    gapS: 20e-6,
    current: (_k, rand) => (rand() < 0.3 ? -30e-3 : (13 + 14 * rand()) * 1e-3),
  },
];

function run(c: Case, seconds: number): { opsPerS: number; opsPerCpuS: number; ops: number; damage: number } {
  const dev = new HallBar(c.params, 1, 0);
  const rand = makeRand(7);
  let t = 0;
  let sink = 0;
  // Warm-up: builds the width cache and lets the JIT settle.
  for (let k = 0; k < 2000; k++) {
    dev.pulse(c.current(k, rand), 5e-6, t);
    sink += dev.rHallOhm(t + c.gapS / 2);
    t += c.gapS;
  }
  let ops = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const budgetNs = BigInt(Math.round(seconds * 1e9));
  for (;;) {
    for (let k = 0; k < 1000; k++) {
      dev.pulse(c.current(ops + k, rand), 5e-6, t);
      sink += dev.rHallOhm(t + c.gapS / 2);
      t += c.gapS;
    }
    ops += 1000;
    const elapsed = process.hrtime.bigint() - start;
    if (elapsed >= budgetNs) {
      if (!Number.isFinite(sink)) throw new Error('non-finite R_H');
      const cpu = process.cpuUsage(cpu0);
      const cpuS = (cpu.user + cpu.system) / 1e6;
      return { opsPerS: ops / (Number(elapsed) / 1e9), opsPerCpuS: ops / cpuS, ops, damage: dev.damage() };
    }
  }
}

const seconds = Number(process.argv[2] ?? 2);
console.log(`device pulse+rHall operations per second (500 grains, one core, ${seconds} s per case)`);
console.log('  (per second of wall time, and per second of this process\'s CPU time: the CPU figure is the');
console.log('   single-core speed when other processes share the machine; load average now ' +
  loadavg()[0].toFixed(2) + ')');
for (const c of cases) {
  const r = run(c, seconds);
  const fmt = (v: number): string => Math.round(v).toLocaleString('en-US').padStart(9);
  console.log(`  ${c.name.padEnd(52)} ${fmt(r.opsPerS)} /s wall ${fmt(r.opsPerCpuS)} /s CPU  (${r.ops} ops, D = ${r.damage.toFixed(3)})`);
}
