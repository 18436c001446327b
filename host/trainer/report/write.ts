/**
 * Writes a report folder: index.html, one SVG and one PNG per figure. The PNGs are the SVGs
 * rendered by resvg with the DejaVu fonts (host/plot/svg-png.ts), text included; where that
 * renderer or the fonts are missing, the SVGs and index.html are still written and the reason
 * is said in index.html and to `warn`.
 */
import { mapBlocks } from '../neuron-map';
import * as fs from 'fs';
import * as path from 'path';
import type { Calibration } from '../../calibration/types';
import { lineChart } from '../../plot/svg-chart';
import { escapeXml } from '../../plot/escape';
import { pngUnavailable, svgToPng } from '../../plot/svg-png';
import { buildFigures } from './figures';
import type { ReportMaterial } from './material';
import { PAPER_RUNNING_RATE, PAPER_TEST_RATE } from '../summary';

function pct(v: number): string {
  return Number.isFinite(v) ? (100 * v).toFixed(1) : '–';
}

function tableHtml(m: ReportMaterial): string {
  const rows = m.runs.map((r) => {
    const key = r.activation as keyof typeof PAPER_TEST_RATE;
    return `<tr><td>${escapeXml(r.label)}</td><td>${pct(r.testAcc)}</td><td>${
      PAPER_TEST_RATE[key] !== undefined ? pct(PAPER_TEST_RATE[key]) : '–'
    }</td><td>${pct(r.trainRunningAcc)}</td><td>${PAPER_RUNNING_RATE[key] !== undefined ? pct(PAPER_RUNNING_RATE[key]) : '–'}</td><td>${
      r.trainExamples
    }</td><td>${r.testExamples}</td><td>${Number.isFinite(r.finalLoss) ? r.finalLoss.toFixed(4) : '–'}</td><td>${r.wallS.toFixed(1)}</td><td>${(
      r.deviceTimeS / 3600
    ).toFixed(2)}</td><td>${r.pulses}</td></tr>`;
  });
  return `<table>
<tr><th>activation</th><th>test rate %</th><th>paper test %</th><th>running rate N_R/N_T %</th><th>paper highest running %</th><th>train examples</th><th>test examples</th><th>final loss</th><th>wall s</th><th>device time h</th><th>pulses</th></tr>
${rows.join('\n')}
</table>`;
}

/** `warn` gets a line when the PNGs cannot be rendered on this machine (default: none). */
export function writeReport(dir: string, m: ReportMaterial, warn: (line: string) => void = () => undefined): string {
  fs.mkdirSync(dir, { recursive: true });
  const figs = buildFigures(m);
  const parts: string[] = [];
  const noPng = figs.length > 0 ? pngUnavailable() : null;
  if (noPng) warn(`report: SVG figures only, no PNGs: ${noPng.message}`);
  for (const f of figs) {
    const svg = lineChart(f.chart);
    fs.writeFileSync(path.join(dir, `${f.name}.svg`), svg);
    if (!noPng) fs.writeFileSync(path.join(dir, `${f.name}.png`), svgToPng(svg));
    parts.push(
      `<figure><img src="${f.name}.svg" alt="${escapeXml(f.chart.title)}"><figcaption>${escapeXml(f.caption)}` +
        (noPng ? '' : ` <a href="${f.name}.png">PNG</a>`) +
        `</figcaption></figure>`,
    );
  }
  const pngNote = noPng ? `<p>No PNG figures: ${escapeXml(noPng.message)}</p>` : '';
  const overloadNotes = m.overload ? `<h2>Overloaded neuron</h2><ul>${m.overload.notes.map((n) => `<li>${escapeXml(n)}</li>`).join('')}</ul>` : '';
  const calRow = (c: Calibration, board: string | null): string =>
    `<tr>${board === null ? '' : `<td>${escapeXml(board)}</td>`}<td>${c.channel}</td><td>${c.widthUs}</td><td>${(c.iLowUa / 1000).toFixed(2)}</td><td>${(c.iHighUa / 1000).toFixed(2)}</td><td>${(
      c.deltaI99Ua / 1000
    ).toFixed(2)}</td><td>${Number.isFinite(c.switchingRatio) ? c.switchingRatio.toFixed(3) : '—'}</td><td>${c.residual.toFixed(3)}</td></tr>`;
  const calHead = '<th>channel</th><th>width µs</th><th>I low mA</th><th>I high mA</th><th>ΔI₉₉ mA</th><th>switching ratio</th><th>max |y − logistic|</th>';
  const byBoard = m.calibrationsByBoard ?? [];
  const allRows = byBoard.flatMap((b) => b.calibrations.map((c) => calRow(c, b.boardSpec)));
  const calRows = (m.board?.calibrations ?? []).map((c) => calRow(c, null));
  const calTable =
    byBoard.length > 1 && allRows.length > 0
      ? `<h2>Calibrations (${byBoard.length} boards)</h2><table><tr><th>board</th>${calHead}</tr>${allRows.join('')}</table>`
      : calRows.length > 0
        ? `<h2>Calibrations (board ${escapeXml(m.board?.boardSpec ?? '')})</h2><table><tr>${calHead}</tr>${calRows.join('')}</table>`
        : '';
  if (m.board?.mokeSvg) {
    fs.writeFileSync(path.join(dir, 'moke.svg'), m.board.mokeSvg);
    parts.push(
      `<figure><img src="moke.svg" alt="MOKE-style magnetization maps"><figcaption>The twin's device after a RESET pulse and ` +
        `single pulses rising through ΔI₉₉ (white = −M_z), as the paper's Fig. 2b: nucleation, dispersed, starting at the centre of the width.</figcaption></figure>`,
    );
  }
  const mapTable = m.neuronMap
    ? `<h2>Neuron-to-channel map (${m.neuronMap.length} hidden neurons)</h2><table><tr><th>neurons</th><th>board</th><th>channels</th></tr>${mapBlocks(m.neuronMap)
        .map((b) => `<tr><td>${b.first}–${b.first + b.channels.length - 1}</td><td>${escapeXml(b.board)}</td><td>${b.channels.join(', ')}</td></tr>`)
        .join('')}</table>`
    : '';
  const boardNotes = m.board && m.board.notes.length > 0 ? `<h2>Measurements that failed</h2><ul>${m.board.notes.map((n) => `<li>${escapeXml(n)}</li>`).join('')}</ul>` : '';
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeXml(m.title)}</title>
<style>body{font-family:Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}
figure{display:inline-block;margin:1em}figcaption{max-width:640px;font-size:13px}</style></head>
<body><h1>${escapeXml(m.title)}</h1>
<h2>Results beside the paper (Zhou et al., Adv. Mater. 2021)</h2>
${tableHtml(m)}
<ul>${m.notes.map((n) => `<li>${escapeXml(n)}</li>`).join('')}</ul>
${overloadNotes}
${mapTable}
${calTable}
${boardNotes}
<h2>Figures</h2>
${pngNote}
${parts.join('\n')}
</body></html>
`;
  const file = path.join(dir, 'index.html');
  fs.writeFileSync(file, html);
  return file;
}
