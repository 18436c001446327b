/**
 * Rasterises a line chart (the same ChartOptions as host/plot's SVG lineChart, same layout and
 * axis ranges) to PNG with pngjs: grid, frame, series and legend swatches. No text: there is no
 * font rasteriser here, so titles, tick labels and legend labels appear only in the SVG.
 */
import { PNG } from 'pngjs';
import { PALETTE, type ChartOptions } from '../../plot/svg-chart';
import { niceTicks } from '../../plot/ticks';

const MARGIN = { left: 72, right: 20, top: 40, bottom: 56 };

type Rgb = [number, number, number];

function parseColor(c: string): Rgb {
  const m = /^#([0-9a-f]{6})$/i.exec(c.trim());
  if (!m) return [0, 0, 0];
  const v = parseInt(m[1], 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

class Canvas {
  readonly png: PNG;
  constructor(readonly width: number, readonly height: number) {
    this.png = new PNG({ width, height });
    this.png.data.fill(255);
  }
  set(x: number, y: number, c: Rgb): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const o = (yi * this.width + xi) * 4;
    this.png.data[o] = c[0];
    this.png.data[o + 1] = c[1];
    this.png.data[o + 2] = c[2];
    this.png.data[o + 3] = 255;
  }
  /** A line of `thick` px, optionally dashed (6 on, 4 off), clipped to `clip`. */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thick: number, dashed: boolean, clip?: [number, number, number, number]): void {
    const len = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.ceil(len * 2));
    const r = (thick - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      if (dashed && (t * len) % 10 > 6) continue;
      const x = x0 + (x1 - x0) * t;
      const y = y0 + (y1 - y0) * t;
      if (clip && (x < clip[0] || x > clip[2] || y < clip[1] || y > clip[3])) continue;
      for (let dx = -r; dx <= r; dx += 0.5) for (let dy = -r; dy <= r; dy += 0.5) this.set(x + dx, y + dy, c);
    }
  }
}

function extent(opts: ChartOptions, axis: 'x' | 'y'): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of opts.series) {
    const n = Math.min(s.x.length, s.y.length);
    for (let i = 0; i < n; i++) {
      const v = s[axis][i];
      if (Number.isFinite(s.x[i]) && Number.isFinite(s.y[i])) {
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

export function lineChartPng(opts: ChartOptions): Buffer {
  const width = opts.width ?? 640;
  const height = opts.height ?? 420;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const xd = opts.xRange ?? extent(opts, 'x');
  const yd = opts.yRange ?? extent(opts, 'y');
  const xTicks = niceTicks(xd[0], xd[1], Math.max(3, Math.round(plotW / 90)));
  const yTicks = niceTicks(yd[0], yd[1], Math.max(3, Math.round(plotH / 60)));
  const [x0, x1] = opts.xRange ?? [xTicks[0], xTicks[xTicks.length - 1]];
  const [y0, y1] = opts.yRange ?? [yTicks[0], yTicks[yTicks.length - 1]];
  const px = (x: number): number => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y: number): number => MARGIN.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  const cv = new Canvas(width, height);
  const grid: Rgb = [227, 227, 227];
  const frame: Rgb = [51, 51, 51];
  const left = MARGIN.left;
  const right = MARGIN.left + plotW;
  const top = MARGIN.top;
  const bottom = MARGIN.top + plotH;
  for (const t of xTicks) if (t >= x0 && t <= x1) cv.line(px(t), top, px(t), bottom, grid, 1, false);
  for (const t of yTicks) if (t >= y0 && t <= y1) cv.line(left, py(t), right, py(t), grid, 1, false);
  for (const t of xTicks) if (t >= x0 && t <= x1) cv.line(px(t), bottom, px(t), bottom + 5, frame, 1, false);
  for (const t of yTicks) if (t >= y0 && t <= y1) cv.line(left - 5, py(t), left, py(t), frame, 1, false);
  const clip: [number, number, number, number] = [left, top, right, bottom];
  opts.series.forEach((s, k) => {
    const c = parseColor(s.color ?? PALETTE[k % PALETTE.length]);
    const n = Math.min(s.x.length, s.y.length);
    let prev: [number, number] | null = null;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(s.x[i]) || !Number.isFinite(s.y[i])) {
        prev = null;
        continue;
      }
      const p: [number, number] = [px(s.x[i]), py(s.y[i])];
      if (prev) cv.line(prev[0], prev[1], p[0], p[1], c, 2, s.dashed === true, clip);
      else cv.line(p[0], p[1], p[0], p[1], c, 2, false, clip);
      if (s.markers) for (let d = -2; d <= 2; d++) cv.line(p[0] - 2, p[1] + d, p[0] + 2, p[1] + d, c, 1, false, clip);
      prev = p;
    }
    // Legend swatch (top-right), in series order: the SVG carries the labels.
    const yy = top + 12 + 16 * k;
    cv.line(right - 40, yy, right - 14, yy, c, 3, s.dashed === true);
  });
  cv.line(left, top, right, top, frame, 1, false);
  cv.line(left, bottom, right, bottom, frame, 1, false);
  cv.line(left, top, left, bottom, frame, 1, false);
  cv.line(right, top, right, bottom, frame, 1, false);
  // Filter type 0 (none): the adaptive filter search is slow in pure JS and gains little on
  // flat line art.
  return PNG.sync.write(cv.png, { filterType: 0 });
}
