/**
 * Draws the twin's device behaviour next to the paper's figures, from the device model directly:
 *   loops-major.svg   R_H–I loops at 5, 20, 100, 300 µs (Fig. 1f)
 *   loops-minor.svg   minor loops with different maximum currents, 5 µs (Fig. 1e)
 *   delta-i99.svg     ΔI₉₉ against pulse width, with the PHYSICS table (Fig. 1g)
 *   moke-current.svg  MOKE sequence after single pulses of increasing current, H_x = 0 (Fig. 2b)
 *   moke-repeat.svg   MOKE sequence after N_p identical pulses, H_x = 0 and −1000 Oe (Fig. 2d–e)
 *   moke-19mA.png     one MOKE frame as a PNG
 *   summary.json      the figures printed below
 * Run: node -r ts-node/register/transpile-only bench/plot-loops.ts [out-dir]   (default out/twin-plots/)
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  DEVICE_DEFAULTS, HallBar, deltaI99Ma, midpointMa, renderMokePng, sweepLoop,
  type DeviceParams, type Loop,
} from '../board/twin/device';
import { renderMokeSequenceSvg, type MokeFrame } from '../board/twin/device/moke';
import { lineChart, type Series } from '../host/plot/svg-chart';

const outDir = process.argv[2] ?? join('out', 'twin-plots');
mkdirSync(outDir, { recursive: true });
const P: DeviceParams = { ...DEVICE_DEFAULTS };
const SEED = 2021;

/** Long pulses stop at ±25 mA (≈ the paper's 6·10⁷ A/cm²): ±30 mA at 300 µs damages the bar. */
const maxFor = (widthUs: number): number => (widthUs <= 20 ? 30 : 25);

function loopSeries(loop: Loop, label: string): Series {
  const pts = [...loop.up, ...loop.down];
  return { label, x: pts.map((p) => p.currentMa), y: pts.map((p) => p.rHallOhm) };
}

// ---- Fig. 1f: major loops at four widths (one device; 60 s between pulses, the guard's pace) ----
const widths = [5, 20, 100, 300];
const major: Series[] = [];
for (const w of widths) {
  const dev = new HallBar(P, SEED, 0);
  dev.saturateByField(-1);
  const max = maxFor(w);
  const loop = sweepLoop(dev, { widthS: w * 1e-6, minMa: -max, maxMa: max, stepMa: 0.2, startS: 0, intervalS: 60 });
  major.push(loopSeries(loop, `${w} µs`));
}
writeFileSync(join(outDir, 'loops-major.svg'), lineChart({
  title: 'Field-free switching loops at four pulse widths (twin, one device)',
  xLabel: 'pulse current I (mA)', yLabel: 'Hall resistance R_H (Ω)', series: major, width: 760, height: 480, legend: 'center',
}));

// ---- Fig. 1e: minor loops, 5 µs, all from −30 mA ----
const minorDev = new HallBar(P, SEED, 0);
minorDev.saturateByField(-1);
let t = 0;
const minor: Series[] = [];
for (const maxMa of [16, 18, 20, 22, 24, 30]) {
  const loop = sweepLoop(minorDev, { widthS: 5e-6, minMa: -30, maxMa, stepMa: 0.2, startS: t, intervalS: 3 });
  t = loop.endS;
  minor.push(loopSeries(loop, `I_max = ${maxMa} mA`));
}
writeFileSync(join(outDir, 'loops-minor.svg'), lineChart({
  title: 'Minor loops, 5 µs pulses: all return to the same R_H at −30 mA',
  xLabel: 'pulse current I (mA)', yLabel: 'Hall resistance R_H (Ω)', series: minor, width: 760, height: 480, legend: 'center',
}));

// ---- Fig. 1g: ΔI99 against pulse width, mean of 6 devices ----
const sweepWidths = [5, 10, 20, 50, 100, 200, 300];
const DEVICES = 6;
const dI: number[] = [];
const dISd: number[] = [];
const i50: number[] = [];
for (const w of sweepWidths) {
  const v: number[] = [];
  const mids: number[] = [];
  for (let k = 0; k < DEVICES; k++) {
    const dev = new HallBar(P, SEED + 1, k);
    dev.saturateByField(-1);
    const max = maxFor(w);
    const loop = sweepLoop(dev, { widthS: w * 1e-6, minMa: -max, maxMa: max, stepMa: 0.1, startS: 0, intervalS: 60 });
    v.push(deltaI99Ma(loop.up));
    mids.push(midpointMa(loop.up));
  }
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  dI.push(m);
  dISd.push(Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)));
  i50.push(mids.reduce((a, b) => a + b, 0) / mids.length);
}
writeFileSync(join(outDir, 'delta-i99.svg'), lineChart({
  title: `ΔI99 against pulse width (twin: mean of ${DEVICES} devices)`,
  xLabel: 'pulse width (µs)', yLabel: 'ΔI99 (mA)', width: 640, height: 420,
  series: [
    { label: 'twin', x: sweepWidths, y: dI, markers: true },
    { label: 'PHYSICS.md table', x: [5, 20, 100, 300], y: [13.5, 11.4, 10.2, 9.6], dashed: true, markers: true },
  ],
}));

// ---- Fig. 2b: single pulses of increasing current, nucleation mode ----
function frame(dev: HallBar, label: string): MokeFrame {
  return { layout: dev.layout, state: dev.grains().state, label };
}
const nuc = new HallBar(P, SEED, 1);
nuc.saturateByField(1);
const byCurrent: MokeFrame[] = [frame(nuc, 'initialised to +M_z')];
let tm = 0;
for (const iMa of [15, 16, 17, 18, 19, 20, 21, 22]) {
  nuc.pulse(-iMa * 1e-3, 5e-6, tm);
  tm += 3;
  byCurrent.push(frame(nuc, `after one −${iMa} mA, 5 µs pulse (m = ${nuc.magnetization().toFixed(2)})`));
  if (iMa === 19) writeFileSync(join(outDir, 'moke-19mA.png'), renderMokePng(nuc));
}
writeFileSync(join(outDir, 'moke-current.svg'), renderMokeSequenceSvg(byCurrent));

// ---- Fig. 2d–e: N_p identical pulses, H_x = 0 and −1000 Oe ----
const repeatFrames: MokeFrame[] = [];
const repeat: Record<string, number[]> = {};
for (const [hx, iMa] of [[0, 18], [-1000, 18]] as const) {
  const dev = new HallBar({ ...P, inPlaneFieldOe: hx }, SEED, 2);
  dev.saturateByField(1);
  const ms: number[] = [];
  let tp = 0;
  for (let np = 1; np <= 16; np++) {
    dev.pulse(-iMa * 1e-3, 5e-6, tp);
    tp += 3;
    ms.push(dev.magnetization());
    if ([1, 2, 4, 8, 16].includes(np)) repeatFrames.push(frame(dev, `H_x = ${hx} Oe, I = −${iMa} mA, N_p = ${np} (m = ${dev.magnetization().toFixed(2)})`));
  }
  repeat[`Hx=${hx}Oe`] = ms;
}
writeFileSync(join(outDir, 'moke-repeat.svg'), renderMokeSequenceSvg(repeatFrames));

const summary = {
  seed: SEED,
  devices: DEVICES,
  widthsUs: sweepWidths,
  deltaI99Ma: dI.map((v) => Number(v.toFixed(2))),
  deltaI99SdMa: dISd.map((v) => Number(v.toFixed(2))),
  i50Ma: i50.map((v) => Number(v.toFixed(2))),
  repeatedPulsesM: Object.fromEntries(Object.entries(repeat).map(([k, v]) => [k, v.map((x) => Number(x.toFixed(3)))])),
};
writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
console.log(`wrote ${outDir}/{loops-major,loops-minor,delta-i99,moke-current,moke-repeat}.svg, moke-19mA.png, summary.json`);
console.log('width (µs)   ΔI99 (mA, mean ± sd of ' + DEVICES + ' devices)   I50 (mA)');
sweepWidths.forEach((w, k) => console.log(`${String(w).padStart(10)}   ${dI[k].toFixed(2)} ± ${dISd[k].toFixed(2)}`.padEnd(52) + i50[k].toFixed(2)));
for (const [k, v] of Object.entries(repeat)) console.log(`${k}: m after 1 pulse ${v[0].toFixed(3)}, after 10 ${v[9].toFixed(3)}, after 16 ${v[15].toFixed(3)}`);
