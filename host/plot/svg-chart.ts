/**
 * A dependency-free line chart that renders to standalone SVG text. Used for switching loops,
 * ΔI₉₉ against pulse width, the trainer report and `nucleon sweep --plot`.
 *
 * NaN (or non-finite) points break a series' line, so one series can hold several branches.
 */
import { formatTick } from './ticks';
import { escapeXml } from './escape';
import { chartLayout, legendBox, seriesColor, type ChartOptions } from './layout';

export { PALETTE, type ChartOptions, type Series } from './layout';

function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

function fmt(v: number): string {
  return (Math.round(v * 100) / 100).toString();
}

export function lineChart(opts: ChartOptions): string {
  const layout = chartLayout(opts);
  const { width, height, plotW, plotH, left, right, top, bottom, xTicks, yTicks, x0, x1, y0, y1, px, py } = layout;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">` +
      `${escapeXml(opts.title)}</text>`,
  );

  // Grid and ticks.
  out.push('<g class="ticks" stroke="#e3e3e3" stroke-width="1">');
  for (const t of xTicks) {
    if (t < x0 || t > x1) continue;
    out.push(`<line x1="${fmt(px(t))}" y1="${top}" x2="${fmt(px(t))}" y2="${bottom}"/>`);
  }
  for (const t of yTicks) {
    if (t < y0 || t > y1) continue;
    out.push(`<line x1="${left}" y1="${fmt(py(t))}" x2="${right}" y2="${fmt(py(t))}"/>`);
  }
  out.push('</g>');
  out.push('<g class="tick-labels" fill="#333333">');
  for (const t of xTicks) {
    if (t < x0 || t > x1) continue;
    out.push(`<text class="xtick" x="${fmt(px(t))}" y="${bottom + 16}" text-anchor="middle">${escapeXml(formatTick(t, xTicks))}</text>`);
  }
  for (const t of yTicks) {
    if (t < y0 || t > y1) continue;
    out.push(`<text class="ytick" x="${left - 6}" y="${fmt(py(t) + 4)}" text-anchor="end">${escapeXml(formatTick(t, yTicks))}</text>`);
  }
  out.push('</g>');
  out.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333333"/>`);
  out.push(`<text x="${left + plotW / 2}" y="${height - 14}" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`);
  out.push(
    `<text x="16" y="${top + plotH / 2}" text-anchor="middle" ` +
      `transform="rotate(-90 16 ${top + plotH / 2})">${escapeXml(opts.yLabel)}</text>`,
  );

  // Series, clipped to the plot area.
  // A clip id unique to this chart's content, so several charts can be inlined in one page.
  const clipId = `plot-area-${hashText(opts.title + '|' + opts.series.map((s) => s.label).join('|'))}`;
  out.push(`<clipPath id="${clipId}"><rect x="${left}" y="${top}" width="${plotW}" height="${plotH}"/></clipPath>`);
  out.push(`<g clip-path="url(#${clipId})">`);
  opts.series.forEach((s, k) => {
    const color = seriesColor(s, k);
    const n = Math.min(s.x.length, s.y.length);
    let d = '';
    let penDown = false;
    const marks: string[] = [];
    for (let i = 0; i < n; i++) {
      const xv = s.x[i];
      const yv = s.y[i];
      if (!Number.isFinite(xv) || !Number.isFinite(yv)) {
        penDown = false;
        continue;
      }
      d += `${penDown ? 'L' : 'M'}${fmt(px(xv))} ${fmt(py(yv))}`;
      penDown = true;
      if (s.markers) marks.push(`<circle cx="${fmt(px(xv))}" cy="${fmt(py(yv))}" r="3" fill="${escapeXml(color)}"/>`);
    }
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (d !== '') {
      out.push(`<path class="series" d="${d}" fill="none" stroke="${escapeXml(color)}" stroke-width="1.8"${dash}/>`);
    }
    out.push(...marks);
  });
  out.push('</g>');

  // Legend, inside the plot where opts.legend puts it.
  const box = legendBox(layout, opts);
  if (box) {
    out.push('<g class="legend">');
    out.push(
      `<rect x="${fmt(box.x)}" y="${fmt(box.y)}" width="${fmt(box.w)}" height="${box.h}" ` +
        `fill="#ffffff" fill-opacity="0.85" stroke="#999999"/>`,
    );
    opts.series.forEach((s, k) => {
      const color = seriesColor(s, k);
      const yy = box.rowY(k);
      const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
      out.push(`<line x1="${fmt(box.x + 6)}" y1="${yy}" x2="${fmt(box.x + 26)}" y2="${yy}" stroke="${escapeXml(color)}" stroke-width="2"${dash}/>`);
      out.push(`<text class="legend-label" x="${fmt(box.x + 30)}" y="${yy + 4}">${escapeXml(s.label)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
