/**
 * A dependency-free line chart that renders to standalone SVG text. Used for switching loops,
 * ΔI₉₉ against pulse width, the trainer report and `nucleon sweep --plot`.
 *
 * NaN (or non-finite) points break a series' line, so one series can hold several branches.
 */
import { niceTicks, formatTick } from './ticks';
import { escapeXml } from './escape';

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  markers?: boolean;
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  width?: number;
  height?: number;
  xRange?: [number, number];
  yRange?: [number, number];
  /** Where the legend sits inside the plot area (default 'top-right'); 'none' hides it. */
  legend?: 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'center' | 'none';
}

/** Colour-blind-safe palette (Okabe–Ito), in the order series get them. */
export const PALETTE: readonly string[] = [
  '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442',
];

const MARGIN = { left: 72, right: 20, top: 40, bottom: 56 };

function dataExtent(series: Series[], axis: 'x' | 'y'): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    const values = s[axis];
    const other = axis === 'x' ? s.y : s.x;
    const n = Math.min(values.length, other.length);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (Number.isFinite(v) && Number.isFinite(other[i])) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

function fmt(v: number): string {
  return (Math.round(v * 100) / 100).toString();
}

function validate(opts: ChartOptions): void {
  if (!Array.isArray(opts.series)) throw new TypeError('lineChart: series must be an array');
  for (const r of [opts.xRange, opts.yRange]) {
    if (r !== undefined && !(Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[1] > r[0])) {
      throw new TypeError('lineChart: a range must be two finite numbers [lo, hi] with hi > lo');
    }
  }
}

export function lineChart(opts: ChartOptions): string {
  validate(opts);
  const width = opts.width ?? 640;
  const height = opts.height ?? 420;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;

  const xData = opts.xRange ?? dataExtent(opts.series, 'x');
  const yData = opts.yRange ?? dataExtent(opts.series, 'y');
  const xTicks = niceTicks(xData[0], xData[1], Math.max(3, Math.round(plotW / 90)));
  const yTicks = niceTicks(yData[0], yData[1], Math.max(3, Math.round(plotH / 60)));
  // An explicit range is kept as given; otherwise the axis extends to the outer nice ticks.
  const [x0, x1] = opts.xRange ?? [xTicks[0], xTicks[xTicks.length - 1]];
  const [y0, y1] = opts.yRange ?? [yTicks[0], yTicks[yTicks.length - 1]];
  const px = (x: number): number => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y: number): number => MARGIN.top + plotH - ((y - y0) / (y1 - y0)) * plotH;

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
  const bottom = MARGIN.top + plotH;
  out.push('<g class="ticks" stroke="#e3e3e3" stroke-width="1">');
  for (const t of xTicks) {
    if (t < x0 || t > x1) continue;
    out.push(`<line x1="${fmt(px(t))}" y1="${MARGIN.top}" x2="${fmt(px(t))}" y2="${bottom}"/>`);
  }
  for (const t of yTicks) {
    if (t < y0 || t > y1) continue;
    out.push(`<line x1="${MARGIN.left}" y1="${fmt(py(t))}" x2="${MARGIN.left + plotW}" y2="${fmt(py(t))}"/>`);
  }
  out.push('</g>');
  out.push('<g class="tick-labels" fill="#333333">');
  for (const t of xTicks) {
    if (t < x0 || t > x1) continue;
    out.push(`<text class="xtick" x="${fmt(px(t))}" y="${bottom + 16}" text-anchor="middle">${escapeXml(formatTick(t, xTicks))}</text>`);
  }
  for (const t of yTicks) {
    if (t < y0 || t > y1) continue;
    out.push(`<text class="ytick" x="${MARGIN.left - 6}" y="${fmt(py(t) + 4)}" text-anchor="end">${escapeXml(formatTick(t, yTicks))}</text>`);
  }
  out.push('</g>');
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333333"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 14}" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`);
  out.push(
    `<text x="16" y="${MARGIN.top + plotH / 2}" text-anchor="middle" ` +
      `transform="rotate(-90 16 ${MARGIN.top + plotH / 2})">${escapeXml(opts.yLabel)}</text>`,
  );

  // Series, clipped to the plot area.
  // A clip id unique to this chart's content, so several charts can be inlined in one page.
  const clipId = `plot-area-${hashText(opts.title + '|' + opts.series.map((s) => s.label).join('|'))}`;
  out.push(`<clipPath id="${clipId}"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}"/></clipPath>`);
  out.push(`<g clip-path="url(#${clipId})">`);
  opts.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
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

  // Legend, top-right inside the plot.
  const legend = opts.legend ?? 'top-right';
  if (opts.series.length > 0 && legend !== 'none') {
    const rowH = 16;
    const longest = opts.series.reduce((m, s) => Math.max(m, s.label.length), 0);
    const boxW = Math.min(plotW - 10, 34 + longest * 6.6);
    const boxH = opts.series.length * rowH + 8;
    const boxX =
      legend === 'center' ? MARGIN.left + (plotW - boxW) / 2
      : legend.endsWith('left') ? MARGIN.left + 6
      : MARGIN.left + plotW - boxW - 6;
    const boxY =
      legend === 'center' ? MARGIN.top + (plotH - boxH) / 2
      : legend.startsWith('bottom') ? MARGIN.top + plotH - boxH - 6
      : MARGIN.top + 6;
    out.push('<g class="legend">');
    out.push(
      `<rect x="${fmt(boxX)}" y="${fmt(boxY)}" width="${fmt(boxW)}" height="${boxH}" ` +
        `fill="#ffffff" fill-opacity="0.85" stroke="#999999"/>`,
    );
    opts.series.forEach((s, k) => {
      const color = s.color ?? PALETTE[k % PALETTE.length];
      const yy = boxY + 4 + rowH * k + rowH / 2;
      const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
      out.push(`<line x1="${fmt(boxX + 6)}" y1="${yy}" x2="${fmt(boxX + 26)}" y2="${yy}" stroke="${escapeXml(color)}" stroke-width="2"${dash}/>`);
      out.push(`<text class="legend-label" x="${fmt(boxX + 30)}" y="${yy + 4}">${escapeXml(s.label)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
