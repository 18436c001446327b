/**
 * Rasterises a line chart (the same ChartOptions and the same layout as host/plot's SVG
 * lineChart: host/plot/layout.ts) to PNG with pngjs: grid, frame, series and legend swatches.
 * No text: there is no font rasteriser here, so titles, tick labels and legend labels appear
 * only in the SVG.
 */
import { PNG } from 'pngjs';
import { chartLayout, legendBox, seriesColor, type ChartOptions } from '../../plot/layout';

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
  /** Fills the rectangle [x, x + w] × [y, y + h]. */
  fill(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let yi = Math.round(y); yi <= Math.round(y + h); yi++) for (let xi = Math.round(x); xi <= Math.round(x + w); xi++) this.set(xi, yi, c);
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

export function lineChartPng(opts: ChartOptions): Buffer {
  const layout = chartLayout(opts);
  const { width, height, left, right, top, bottom, xTicks, yTicks, x0, x1, y0, y1, px, py } = layout;
  const cv = new Canvas(width, height);
  const grid: Rgb = [227, 227, 227];
  const frame: Rgb = [51, 51, 51];
  for (const t of xTicks) if (t >= x0 && t <= x1) cv.line(px(t), top, px(t), bottom, grid, 1, false);
  for (const t of yTicks) if (t >= y0 && t <= y1) cv.line(left, py(t), right, py(t), grid, 1, false);
  for (const t of xTicks) if (t >= x0 && t <= x1) cv.line(px(t), bottom, px(t), bottom + 5, frame, 1, false);
  for (const t of yTicks) if (t >= y0 && t <= y1) cv.line(left - 5, py(t), left, py(t), frame, 1, false);
  const clip: [number, number, number, number] = [left, top, right, bottom];
  const box = legendBox(layout, opts);
  opts.series.forEach((s, k) => {
    const c = parseColor(seriesColor(s, k));
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
  });
  if (box) {
    // The SVG's legend box and swatches, in series order; the SVG carries the labels.
    cv.fill(box.x, box.y, box.w, box.h, [255, 255, 255]);
    const edge: Rgb = [153, 153, 153];
    cv.line(box.x, box.y, box.x + box.w, box.y, edge, 1, false);
    cv.line(box.x, box.y + box.h, box.x + box.w, box.y + box.h, edge, 1, false);
    cv.line(box.x, box.y, box.x, box.y + box.h, edge, 1, false);
    cv.line(box.x + box.w, box.y, box.x + box.w, box.y + box.h, edge, 1, false);
    opts.series.forEach((s, k) => {
      cv.line(box.x + 6, box.rowY(k), box.x + 26, box.rowY(k), parseColor(seriesColor(s, k)), 3, s.dashed === true);
    });
  }
  cv.line(left, top, right, top, frame, 1, false);
  cv.line(left, bottom, right, bottom, frame, 1, false);
  cv.line(left, top, left, bottom, frame, 1, false);
  cv.line(right, top, right, bottom, frame, 1, false);
  // Filter type 0 (none): the adaptive filter search is slow in pure JS and gains little on
  // flat line art.
  return PNG.sync.write(cv.png, { filterType: 0 });
}
