/**
 * The scaling table of docs/trainer.md: 784-N-10 on the twin with N = 10, 30, 100 hidden
 * neurons over 1, 3, 10 boards (twins with seeds 1..B in this process), ideal, analog and live,
 * beside the paper's; writes scaling.md, scaling.json and the figure (test rate against N,
 * SVG + PNG through host/plot) into --out.
 *
 *   node -r ts-node/register/transpile-only bench/scaling.ts [--train N] [--test N] [--configs 10x1,30x3,100x10]
 *       [--activations ideal,analog,live] [--out DIR]
 *   … bench/scaling.ts --from a/scaling.json,b/scaling.json --out DIR
 *       renders the rows of earlier runs (a later file's row replaces an earlier one's for the
 *       same N, boards and activation) without training
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadMnist, headOf } from '../host/trainer/mnist';
import { runScalingRow, scalingMarkdown, type ScalingConfig, type ScalingRow } from '../host/trainer/scaling';
import { ACTIVATION_KINDS } from '../host/trainer/activation';
import { lineChart } from '../host/plot/svg-chart';
import { pngUnavailable, svgToPng } from '../host/plot/svg-png';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

export async function main(): Promise<void> {
  const trainN = Number(arg('train', 'Infinity'));
  const testN = Number(arg('test', 'Infinity'));
  const out = arg('out', 'report/scaling');
  const configs: ScalingConfig[] = arg('configs', '10x1,30x3,100x10')
    .split(',')
    .map((c) => {
      const [h, b] = c.split('x').map(Number);
      return { hidden: h, boards: b };
    });
  const kinds = arg('activations', ACTIVATION_KINDS.join(',')).split(',') as (typeof ACTIVATION_KINDS)[number][];
  const from = arg('from', '');
  if (from !== '') {
    const merged: ScalingRow[] = [];
    let counts = '';
    for (const f of from.split(',')) {
      const j = JSON.parse(fs.readFileSync(f, 'utf8')) as { trainExamples: number; testExamples: number; rows: ScalingRow[] };
      counts = `${j.trainExamples} training examples (one pass), ${j.testExamples} test examples`;
      for (const r of j.rows) {
        const i = merged.findIndex((m) => m.hidden === r.hidden && m.boards === r.boards && m.activation === r.activation);
        if (i >= 0) merged[i] = r;
        else merged.push(r);
      }
    }
    const order = (r: ScalingRow): number => r.hidden * 10 + ACTIVATION_KINDS.indexOf(r.activation);
    merged.sort((a, b) => order(a) - order(b));
    render(merged, counts, out, ACTIVATION_KINDS);
    return;
  }
  const data = loadMnist();
  const sets = { train: headOf(data.train, trainN), test: headOf(data.test, testN) };
  fs.mkdirSync(out, { recursive: true });
  const rows: ScalingRow[] = [];
  const quiet = (line: string): void => {
    if (line.startsWith('map:')) console.error(`  ${line}`);
  };
  for (const cfg of configs) {
    for (const kind of kinds) {
      const row = await runScalingRow(cfg, kind, sets, quiet);
      rows.push(row);
      console.error(`784-${cfg.hidden}-10 over ${cfg.boards} ${kind}: test ${(100 * row.testAcc).toFixed(2)} %, wall ${row.wallS.toFixed(1)} s, device ${row.deviceSPerExample.toFixed(3)} s/example${row.oneBoardSPerExample ? ` (one board ${row.oneBoardSPerExample.toFixed(3)})` : ''}`);
      fs.writeFileSync(path.join(out, 'scaling.json'), JSON.stringify({ trainExamples: sets.train.count, testExamples: sets.test.count, rows }, null, 1));
    }
  }
  render(rows, `${sets.train.count} training examples (one pass), ${sets.test.count} test examples`, out, kinds);
}

function render(rows: ScalingRow[], counts: string, out: string, kinds: readonly string[]): void {
  fs.mkdirSync(out, { recursive: true });
  const md = `${counts}; twins sim:seed=1..B in one process, seed 1, lr 0.1\n\n${scalingMarkdown(rows)}\n`;
  fs.writeFileSync(path.join(out, 'scaling.md'), md);
  process.stdout.write(md);
  const series = kinds.map((k) => {
    const rs = rows.filter((r) => r.activation === k);
    return { label: k, x: rs.map((r) => r.hidden), y: rs.map((r) => 100 * r.testAcc), markers: true };
  });
  const paperLive = { label: 'paper live (784-10-10)', x: [10], y: [87.5], markers: true };
  const svg = lineChart({ title: 'Test rate against hidden neurons N (twin, N over N/10 boards)', xLabel: 'hidden neurons N', yLabel: 'test rate %', series: [...series, paperLive], legend: 'bottom-right' });
  fs.writeFileSync(path.join(out, 'scaling.svg'), svg);
  const noPng = pngUnavailable();
  if (noPng) console.error(`no PNG: ${noPng.message}`);
  else fs.writeFileSync(path.join(out, 'scaling.png'), svgToPng(svg));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
