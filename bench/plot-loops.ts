/**
 * Draws the twin's device behaviour next to the paper's figures, from the device model directly:
 *   loops-major.svg   R_H–I loops at 5, 20, 100, 300 µs (Fig. 1f)
 *   loops-minor.svg   minor loops with different maximum currents, 5 µs (Fig. 1e)
 *   delta-i99.svg     ΔI₉₉ against pulse width, with the PHYSICS table (Fig. 1g)
 *   moke-current.svg  MOKE sequence after single pulses of increasing current, H_x = 0 (Fig. 2b)
 *   moke-repeat.svg   MOKE sequence after N_p identical pulses, H_x = 0 and −1000 Oe (Fig. 2d–e)
 *   moke-19mA.png     one MOKE frame as a PNG
 *   sigmoid.svg       analog sigmoid from one 5 µs loop against the ideal sigmoid (Fig. 3d)
 *   damage.svg        damage D against examples for the overloaded neuron (Fig. 5c–d)
 *   summary.json      the figures printed below (also: fast vs integrated form, centre-first
 *                     switching, ten identical pulses)
 * Run: node -r ts-node/register/transpile-only bench/plot-loops.ts [out-dir]   (default out/twin-plots/)
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  DEVICE_DEFAULTS, HallBar, deltaI99Ma, deltaIWindow, midpointMa, renderMokePng, sweepLoop,
  type DeviceParams, type Loop, type LoopPoint,
} from '../board/twin/device';
import { countSwitchedByBand, emptyBandCounts } from '../board/twin/device/bands';
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

// ---- Fig. 3d: analog sigmoid from one 5 µs loop ----
const L199 = Math.log(199);
const sigmoidDeviation: number[] = [];
let sigmoidSeries: Series[] = [];
for (let k = 0; k < 4; k++) {
  const dev = new HallBar(P, SEED + 2, k);
  dev.saturateByField(-1);
  const up = sweepLoop(dev, { widthS: 5e-6, minMa: -30, maxMa: 30, stepMa: 0.1, startS: 0, intervalS: 3 }).up;
  const w = deltaIWindow(up);
  if (w === null) continue;
  const r = up.map((p) => p.rHallOhm);
  const lo = Math.min(...r);
  const hi = Math.max(...r);
  const xs: number[] = [];
  const ys: number[] = [];
  let worst = 0;
  for (let j = w.startIndex; j <= w.endIndex; j++) {
    const x = -L199 + (2 * L199 * (up[j].currentMa - up[w.startIndex].currentMa)) / w.widthMa;
    const y = (up[j].rHallOhm - lo) / (hi - lo);
    xs.push(x);
    ys.push(y);
    worst = Math.max(worst, Math.abs(y - 1 / (1 + Math.exp(-x))));
  }
  sigmoidDeviation.push(worst);
  if (k === 0) {
    const ideal = xs.map((x) => 1 / (1 + Math.exp(-x)));
    sigmoidSeries = [
      { label: 'analog sigmoid (twin, 5 µs loop)', x: xs, y: ys, markers: true },
      { label: 'ideal sigmoid', x: xs, y: ideal, dashed: true },
    ];
  }
}
writeFileSync(join(outDir, 'sigmoid.svg'), lineChart({
  title: 'Analog sigmoid from one 5 µs loop vs ideal (Fig. 3d)', xLabel: 'X', yLabel: 'Y',
  series: sigmoidSeries, legend: 'top-left',
}));

// ---- Fig. 5c–d: the overloaded neuron (one device for ten neurons, one evaluation per 1.5 s) ----
function lcg(seed: number): () => number {
  let st = seed >>> 0;
  return () => {
    st = (Math.imul(st, 1664525) + 1013904223) >>> 0;
    return st / 4294967296;
  };
}
/** Evaluations as in the paper's live training: a current in the 5 µs ΔI window; RESET (−30 mA) first when it is below the previous one. */
function useDevice(dev: HallBar, examples: number, evalsPerExample: number, intervalS: number, seed: number): { d: number[]; onset: number; peakStressMj: number; pulses: number } {
  const rand = lcg(seed);
  let prev = -Infinity;
  let tt = 0;
  let onset = -1;
  let peakStressMj = 0;
  let pulses = 0;
  const d: number[] = [];
  for (let ex = 1; ex <= examples; ex++) {
    for (let k = 0; k < evalsPerExample; k++) {
      const iMa = 13.25 + 13.5 * rand();
      if (iMa < prev) {
        dev.pulse(-30e-3, 5e-6, tt);
        pulses++;
      }
      dev.pulse(iMa * 1e-3, 5e-6, tt + 0.01);
      pulses++;
      dev.rHallOhm(tt + 0.5);
      peakStressMj = Math.max(peakStressMj, dev.stressMj(tt + 0.02));
      prev = iMa;
      tt += intervalS;
    }
    if (onset < 0 && dev.damage() > 0.01) onset = ex;
    d.push(dev.damage());
  }
  return { d, onset, peakStressMj, pulses };
}
const overload = [0, 1, 2].map((k) => useDevice(new HallBar(P, SEED + 3, k), 4000, 10, 1.5, 100 + k));
const overloadPhysical = useDevice(new HallBar({ ...P, model: 'physical' }, SEED + 3, 0), 4000, 10, 1.5, 100);
const normal = useDevice(new HallBar(P, SEED + 3, 0), 160000, 1, 20, 200);
const exampleAxis = overload[0].d.map((_, k) => k + 1);
writeFileSync(join(outDir, 'damage.svg'), lineChart({
  title: 'Overloaded neuron: damage D against training examples (Fig. 5c–d)',
  xLabel: 'examples (10 evaluations each, one per 1.5 s, one device)', yLabel: 'damage D',
  yRange: [0, 0.8], legend: 'bottom-right',
  series: [
    ...overload.map((o, k) => ({ label: `default preset, device ${k}`, x: exampleAxis, y: o.d })),
    { label: "'physical' preset (no stress node)", x: exampleAxis, y: overloadPhysical.d, dashed: true },
  ],
}));

// ---- Fast form against the integrated form (PHYSICS §2), 5 µs, 8 devices ----
function upBranch(integrated: boolean, index: number): LoopPoint[] {
  const dev = new HallBar({ ...P, coldThresholdK: 1e-3, model: 'physical' }, SEED + 4, index);
  dev.saturateByField(-1);
  const out: LoopPoint[] = [];
  let tt = 1;
  for (let k = 0; k <= 200; k++) {
    const iMa = 10 + 0.1 * k;
    if (integrated) dev.pulse(0.5e-3, 5e-6, tt - 10e-6); // leaves ≈ 0.01 K: the next pulse is "warm"
    dev.pulse(iMa * 1e-3, 5e-6, tt);
    out.push({ currentMa: iMa, rHallOhm: dev.rHallOhm(tt + 0.5), m: dev.magnetization() });
    tt += 1;
  }
  return out;
}
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const ff = [false, true].map((integrated) => {
  const b = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => upBranch(integrated, k));
  return { i50: mean(b.map(midpointMa)), dI99: mean(b.map((x) => deltaI99Ma(x))) };
});

// ---- Centre-first switching (Fig. 2b), 8 devices, one pulse at −19 mA ----
function centreEdge(centreCurrentRatio: number): { centre: number; edge: number } {
  const counts = emptyBandCounts();
  for (let k = 0; k < 8; k++) {
    const dev = new HallBar({ ...P, centreCurrentRatio }, SEED + 5, k);
    dev.saturateByField(1);
    dev.pulse(-19e-3, 5e-6, 0);
    countSwitchedByBand(dev.grains(), counts);
  }
  return { centre: counts.centreSwitched / counts.centreTotal, edge: counts.edgeSwitched / counts.edgeTotal };
}
const centre = { default: centreEdge(P.centreCurrentRatio), uniform: centreEdge(1) };

const r3 = (x: number): number => Number(x.toFixed(3));
const summary = {
  seed: SEED,
  devices: DEVICES,
  widthsUs: sweepWidths,
  deltaI99Ma: dI.map((v) => Number(v.toFixed(2))),
  deltaI99SdMa: dISd.map((v) => Number(v.toFixed(2))),
  i50Ma: i50.map((v) => Number(v.toFixed(2))),
  repeatedPulsesM: Object.fromEntries(Object.entries(repeat).map(([k, v]) => [k, v.map(r3)])),
  analogSigmoidMaxDeviation: sigmoidDeviation.map(r3),
  overload: {
    onsetExamples: overload.map((o) => o.onset),
    dAt1500: overload.map((o) => r3(o.d[1499])),
    dAt2000: overload.map((o) => r3(o.d[1999])),
    dAt3500: overload.map((o) => r3(o.d[3499])),
    physicalPresetDAt4000: r3(overloadPhysical.d[3999]),
    normalSchedule: { pulses: normal.pulses, d: r3(normal.d[normal.d.length - 1]), peakStressOverMax: r3(normal.peakStressMj / P.stressMaxMj) },
  },
  fastVsIntegrated5Us: { i50Ma: ff.map((x) => r3(x.i50)), deltaI99Ma: ff.map((x) => r3(x.dI99)) },
  centreFirstAt19Ma: { default: { centre: r3(centre.default.centre), edge: r3(centre.default.edge) }, uniformCurrent: { centre: r3(centre.uniform.centre), edge: r3(centre.uniform.edge) } },
};
writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
console.log(`wrote ${outDir}/{loops-major,loops-minor,delta-i99,moke-current,moke-repeat,sigmoid,damage}.svg, moke-19mA.png, summary.json`);
console.log('width (µs)   ΔI99 (mA, mean ± sd of ' + DEVICES + ' devices)   I50 (mA)');
sweepWidths.forEach((w, k) => console.log(`${String(w).padStart(10)}   ${dI[k].toFixed(2)} ± ${dISd[k].toFixed(2)}`.padEnd(52) + i50[k].toFixed(2)));
for (const [k, v] of Object.entries(repeat)) console.log(`ten identical pulses, ${k}: m after 1 pulse ${v[0].toFixed(3)}, after 10 ${v[9].toFixed(3)}, after 16 ${v[15].toFixed(3)}`);
console.log(`analog sigmoid, largest deviation from the ideal: ${sigmoidDeviation.map((v) => v.toFixed(3)).join(', ')}`);
console.log(`overload (1.5 s, 10 per example): onset ${summary.overload.onsetExamples.join(', ')} examples; D at 1500 ${summary.overload.dAt1500.join(', ')}; at 2000 ${summary.overload.dAt2000.join(', ')}; at 3500 ${summary.overload.dAt3500.join(', ')}`);
console.log(`  physical preset D at 4000: ${summary.overload.physicalPresetDAt4000}; normal schedule (${normal.pulses} pulses, 20 s): D ${summary.overload.normalSchedule.d}, peak S/S_max ${summary.overload.normalSchedule.peakStressOverMax}`);
console.log(`fast vs integrated form (5 µs, 8 devices): I50 ${ff[0].i50.toFixed(3)} vs ${ff[1].i50.toFixed(3)} mA, ΔI99 ${ff[0].dI99.toFixed(2)} vs ${ff[1].dI99.toFixed(2)} mA`);
console.log(`switched at −19 mA: centre third ${centre.default.centre.toFixed(3)}, outer thirds ${centre.default.edge.toFixed(3)} (uniform current: ${centre.uniform.centre.toFixed(3)} / ${centre.uniform.edge.toFixed(3)})`);
