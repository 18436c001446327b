/**
 * Bring-up report: `report.md` (readable in any viewer) and `index.html` with the charts
 * inline, plus one SVG per chart, written to a folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { escapeXml } from '../plot/escape';
import { lineChart } from '../plot/svg-chart';
import type { BringupResult } from './types';

function status(s: { passed: boolean; skipped: boolean }): string {
  return s.skipped ? 'skipped' : s.passed ? 'PASS' : 'FAIL';
}

/** The plain-text table the CLI prints. */
export function formatTable(r: BringupResult): string {
  const lines = [`bring-up of ${r.boardId ?? '?'} (${r.spec}), firmware ${r.firmwareVersion ?? '?'}: ${r.passed ? 'PASSED' : 'FAILED'}`];
  for (const s of r.stages) {
    lines.push(`  ${status(s).padEnd(7)} ${s.name.padEnd(16)} ${s.figure}`);
    if (!s.passed && !s.skipped) lines.push(`          ${''.padEnd(16)} → ${s.message}`);
  }
  return lines.join('\n');
}

/** The `--json` object: {passed, stages: [{name, passed, figure, message}]} plus context. */
export function toJson(r: BringupResult): object {
  return {
    passed: r.passed,
    spec: r.spec,
    boardId: r.boardId,
    firmwareVersion: r.firmwareVersion,
    startedAt: r.startedAt,
    wallMs: Math.round(r.wallMs),
    stages: r.stages.map((s) => ({ name: s.name, passed: s.passed, skipped: s.skipped, figure: s.figure, message: s.message, wallMs: Math.round(s.wallMs), values: s.values })),
  };
}

export function writeReport(dir: string, r: BringupResult): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const md: string[] = [
    `# Bring-up report: ${r.boardId ?? 'unknown board'}`,
    '',
    `- board spec: \`${r.spec}\``,
    `- firmware: ${r.firmwareVersion ?? 'unknown'}`,
    `- started: ${r.startedAt}, took ${(r.wallMs / 1000).toFixed(1)} s`,
    `- result: **${r.passed ? 'PASSED' : 'FAILED'}**`,
    '',
    '| stage | result | figure |',
    '|---|---|---|',
    ...r.stages.map((s) => `| ${s.name} | ${status(s)} | ${s.figure.replace(/\|/g, '\\|')} |`),
    '',
  ];
  const html: string[] = [
    '<!doctype html><html><head><meta charset="utf-8"><title>Nucleon bring-up</title>',
    '<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:.3em .6em;border-bottom:1px solid #ccc;text-align:left;vertical-align:top}.PASS{color:#096}.FAIL{color:#c30}.skipped{color:#888}</style></head><body>',
    `<h1>Bring-up report: ${escapeXml(r.boardId ?? 'unknown board')}</h1>`,
    `<p>board spec <code>${escapeXml(r.spec)}</code>, firmware ${escapeXml(r.firmwareVersion ?? 'unknown')}, started ${escapeXml(r.startedAt)}, took ${(r.wallMs / 1000).toFixed(1)} s: <b class="${r.passed ? 'PASS' : 'FAIL'}">${r.passed ? 'PASSED' : 'FAILED'}</b></p>`,
    '<table><tr><th>stage</th><th>result</th><th>figure</th><th>message</th></tr>',
    ...r.stages.map(
      (s) => `<tr><td>${s.name}</td><td class="${status(s)}">${status(s)}</td><td>${escapeXml(s.figure)}</td><td>${escapeXml(s.message)}</td></tr>`,
    ),
    '</table>',
  ];
  for (const s of r.stages) {
    md.push(`## ${s.name}: ${status(s)}`, '', s.figure, '', s.message, '');
    html.push(`<h2>${s.name}: <span class="${status(s)}">${status(s)}</span></h2>`);
    s.charts.forEach((chart, i) => {
      const file = `${s.name}-${i + 1}.svg`;
      const svg = lineChart(chart);
      fs.writeFileSync(path.join(dir, file), svg);
      written.push(path.join(dir, file));
      md.push(`![${chart.title}](${file})`, '');
      html.push(svg);
    });
  }
  html.push('</body></html>');
  fs.writeFileSync(path.join(dir, 'report.md'), md.join('\n'));
  fs.writeFileSync(path.join(dir, 'index.html'), html.join('\n'));
  written.push(path.join(dir, 'report.md'), path.join(dir, 'index.html'));
  return written;
}
