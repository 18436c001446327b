import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PNG } from 'pngjs';
import { writeReport } from '../../host/trainer/report/write';
import { lineChart } from '../../host/plot/svg-chart';
import { svgToPng } from '../../host/plot/svg-png';
import type { RunSummary } from '../../host/trainer/report/material';
import type { Calibration } from '../../host/calibration/types';
import { LabelledProgress, ProgressPrinter, formatBar } from '../../host/trainer/progress';

function run(label: string, acc: number): RunSummary {
  return {
    activation: label,
    label,
    trainExamples: 60000,
    testExamples: 10000,
    trainRunningAcc: acc - 0.03,
    testAcc: acc,
    finalLoss: 0.1,
    wallS: 1,
    deviceTimeS: 7200,
    pulses: 123,
    evaluations: 600000,
    curve: { examples: [100, 200, 300], rate: [0.3, 0.5, 0.6], loss: [0.4, 0.3, 0.2] },
  };
}

function cal(channel: number, deltaI99Ua: number): Calibration {
  return {
    channel, widthUs: 5, iLowUa: 12000, iHighUa: 28000, resetUa: -30000, rLowOhm: -0.6, rHighOhm: 0.6, xMin: -4, xMax: 4, points: [],
    deltaI99Ua, loopDeltaROhm: 0.35, fieldDeltaROhm: 0.5, switchingRatio: 0.7, loopSaturation: 1, residual: 0.02, hysteresisUa: 30000, stored: true,
  };
}

describe('report', () => {
  test('a run over several boards lists every board\'s calibrations, each row naming its board (the loops stay the first board\'s)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-report-'));
    const file = writeReport(dir, {
      title: 't',
      runs: [run('live', 0.9)],
      notes: [],
      calibrationsByBoard: [
        { boardSpec: 'sim:seed=1', calibrations: [cal(0, 12100), cal(1, 12200)] },
        { boardSpec: 'sim:seed=2', calibrations: [cal(0, 13300)] },
      ],
      board: { boardSpec: 'sim:seed=1', majorLoops: [], minorLoops: [], deltaI: [], sigmoids: [], calibrations: [cal(0, 12100), cal(1, 12200)], notes: [] },
    });
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('<h2>Calibrations (2 boards)</h2>');
    expect(html).toMatch(/<tr><td>sim:seed=1<\/td><td>0<\/td><td>5<\/td><td>12\.00<\/td><td>28\.00<\/td><td>12\.10<\/td>/);
    expect(html).toMatch(/<tr><td>sim:seed=1<\/td><td>1<\/td>.*<td>12\.20<\/td>/);
    expect(html).toMatch(/<tr><td>sim:seed=2<\/td><td>0<\/td>.*<td>13\.30<\/td>/);
    expect(html).not.toContain('<h2>Calibrations (board ');
  });


  test('index.html has the table beside the paper and every figure exists as SVG and PNG', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-report-'));
    const file = writeReport(dir, {
      title: 't',
      runs: [run('ideal', 0.9), run('analog', 0.89), run('live', 0.885)],
      notes: ['a note'],
      board: {
        boardSpec: 'sim',
        majorLoops: [{ label: '5 µs', x: [-30, 0, 30, 0, -30], y: [-0.2, -0.2, 0.2, 0.2, -0.2] }],
        minorLoops: [],
        deltaI: [{ label: 'ch0', x: [5, 300], y: [13.5, 9.6] }],
        sigmoids: [{ label: 'ideal', x: [-5, 0, 5], y: [0, 0.5, 1] }],
        calibrations: [],
        notes: ['minor loop to 20000 µA failed, so it is missing from the minor-loop figure: THERMAL_GUARD'],
        mokeSvg: '<svg xmlns="http://www.w3.org/2000/svg"><text>after RESET</text></svg>',
      },
    });
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('<h2>Measurements that failed</h2>');
    expect(html).toContain('minor loop to 20000 µA failed');
    expect(html).toContain('src="moke.svg"');
    expect(fs.readFileSync(path.join(dir, 'moke.svg'), 'utf8')).toContain('after RESET');
    expect(html).toMatch(/<td>ideal<\/td><td>90\.0<\/td><td>87\.8<\/td>/);
    expect(html).toMatch(/<td>analog<\/td><td>89\.0<\/td><td>89\.1<\/td>/);
    expect(html).toMatch(/<td>live<\/td><td>88\.5<\/td><td>87\.5<\/td>/);
    const names = ['switching-loops', 'delta-i-vs-width', 'sigmoids', 'training-rate', 'training-loss'];
    for (const n of names) {
      expect(html).toContain(`src="${n}.svg"`);
      expect(fs.readFileSync(path.join(dir, `${n}.svg`), 'utf8')).toMatch(/^<svg/);
      const png = PNG.sync.read(fs.readFileSync(path.join(dir, `${n}.png`)));
      expect([png.width, png.height]).toEqual([640, 420]);
    }
    expect(fs.existsSync(path.join(dir, 'minor-loops.svg'))).toBe(false);
    expect(html).toContain('<a href="switching-loops.png">PNG</a>');
    expect(html).not.toContain('No PNG figures');
    // The written PNG is its SVG rendered with its text: without the text the title band is blank.
    const svg = fs.readFileSync(path.join(dir, 'delta-i-vs-width.svg'), 'utf8');
    const blank = PNG.sync.read(svgToPng(svg.replace(/<text\b[^>]*>[^<]*<\/text>/g, '')));
    const written = PNG.sync.read(fs.readFileSync(path.join(dir, 'delta-i-vs-width.png')));
    const darkInTitle = (p: PNG): number => {
      let n = 0;
      for (let i = 0; i < 640 * 30 * 4; i += 4) if (p.data[i] + p.data[i + 1] + p.data[i + 2] < 384) n++;
      return n;
    };
    expect(darkInTitle(blank)).toBe(0);
    expect(darkInTitle(written)).toBeGreaterThan(100);
  });

  test('without the fonts: SVGs and index.html are written, no PNGs, and the reason is said', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-report-'));
    const before = process.env.NUCLEON_FONT_DIR;
    process.env.NUCLEON_FONT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-nofonts-'));
    const warnings: string[] = [];
    try {
      const file = writeReport(dir, { title: 't', runs: [run('ideal', 0.9)], notes: [] }, (l) => warnings.push(l));
      const html = fs.readFileSync(file, 'utf8');
      expect(fs.existsSync(path.join(dir, 'training-rate.svg'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'training-rate.png'))).toBe(false);
      expect(html).toMatch(/No PNG figures: PNG figures need the DejaVu fonts/);
      expect(html).not.toContain('.png');
      expect(warnings).toEqual([expect.stringMatching(/^report: SVG figures only, no PNGs: .*fonts-dejavu-core/)]);
    } finally {
      if (before === undefined) delete process.env.NUCLEON_FONT_DIR;
      else process.env.NUCLEON_FONT_DIR = before;
    }
  });

  test('the PNG draws each series in its colour inside the plot area', () => {
    const buf = svgToPng(lineChart({ title: '', xLabel: '', yLabel: '', series: [{ label: 'a', x: [0, 1], y: [0, 1], color: '#ff0000' }] }));
    const png = PNG.sync.read(buf);
    let red = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] > 200 && png.data[i + 1] < 60 && png.data[i + 2] < 60) red++;
    expect(red).toBeGreaterThan(500);
    // The diagonal passes through the plot centre.
    const cx = Math.round(72 + (640 - 92) / 2);
    const cy = Math.round(40 + (420 - 96) / 2);
    let near = false;
    for (let dx = -3; dx <= 3; dx++) for (let dy = -3; dy <= 3; dy++) if (png.data[((cy + dy) * 640 + cx + dx) * 4 + 1] < 60) near = true;
    expect(near).toBe(true);
  });
});

describe('progress', () => {
  const p = { trained: 500, total: 1000, rate: 0.5, loss: 0.25, examplesPerS: 1234, phase: 'train' as const };
  test('a TTY gets a bar redrawn in place, at most every 100 ms', () => {
    const out: string[] = [];
    let now = 0;
    const pr = new ProgressPrinter({ write: (t: string) => out.push(t), isTTY: true }, 'ideal', () => now);
    pr.update(p);
    now = 50;
    pr.update({ ...p, trained: 600 });
    now = 200;
    pr.update({ ...p, trained: 700 });
    pr.finish();
    expect(out.length).toBe(3);
    expect(out[0]).toMatch(/^\rideal train \[#{12}-{12}\] 500\/1000 1234 ex\/s {2}rate 50\.0% {2}loss 0\.2500/);
    expect(out[2]).toBe('\n');
    expect(formatBar('x', { ...p, trained: 1000 })).toContain('#'.repeat(24));
  });
  test('not a TTY: plain lines every lineEveryS seconds and at the end', () => {
    const out: string[] = [];
    let now = 0;
    const pr = new ProgressPrinter({ write: (t: string) => out.push(t), isTTY: false }, 'live', () => now, 10);
    pr.update(p);
    now = 5000;
    pr.update({ ...p, trained: 600 });
    now = 11000;
    pr.update({ ...p, trained: 700 });
    now = 11001;
    pr.update({ ...p, trained: 1000 });
    expect(out.map((l) => l.split(' ')[2])).toEqual(['500/1000', '700/1000', '1000/1000']);
    expect(out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
  });
  test('labelled progress keeps one printer per label and ends every open bar', () => {
    const out: string[] = [];
    const lp = new LabelledProgress({ write: (t: string) => out.push(t), isTTY: true }, () => 0);
    lp.update('overload guard off', p);
    lp.update('overload guard on', p);
    // Same label again within 100 ms: that printer throttles it.
    lp.update('overload guard off', { ...p, trained: 600 });
    lp.finish();
    expect(out.filter((t) => t.startsWith('\r')).map((t) => t.slice(1, t.indexOf(' train')))).toEqual(['overload guard off', 'overload guard on']);
    expect(out.filter((t) => t === '\n').length).toBe(2);
  });
});
