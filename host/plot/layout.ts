/**
 * The geometry of a line chart for the SVG renderer (host/plot/svg-chart.ts; PNGs are that SVG
 * rendered by host/plot/svg-png.ts): margins, data extent, nice ticks, the data → pixel maps and
 * where the legend sits.
 */
import { niceTicks } from './ticks';

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  markers?: boolean;
  dashed?: boolean;
}

export type LegendPlace = 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'center' | 'none';

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
  legend?: LegendPlace;
}

/** Colour-blind-safe palette (Okabe–Ito), in the order series get them. */
export const PALETTE: readonly string[] = [
  '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442',
];

export const MARGIN = { left: 72, right: 20, top: 40, bottom: 56 } as const;
export const DEFAULT_WIDTH = 640;
export const DEFAULT_HEIGHT = 420;
/** Height of one legend row, px. */
export const LEGEND_ROW_PX = 16;

export interface ChartLayout {
  width: number;
  height: number;
  plotW: number;
  plotH: number;
  /** Plot-area edges in px. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  xTicks: number[];
  yTicks: number[];
  /** Axis ranges in data units. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  px(x: number): number;
  py(y: number): number;
}

export interface LegendBox {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Vertical centre of series k's row. */
  rowY(k: number): number;
}

/** The colour series k is drawn in. */
export function seriesColor(s: Series, k: number): string {
  return s.color ?? PALETTE[k % PALETTE.length];
}

/** Smallest and largest finite value on one axis over points whose other coordinate is finite too. */
export function dataExtent(series: readonly Series[], axis: 'x' | 'y'): [number, number] {
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

function validate(opts: ChartOptions): void {
  if (!Array.isArray(opts.series)) throw new TypeError('lineChart: series must be an array');
  for (const r of [opts.xRange, opts.yRange]) {
    if (r !== undefined && !(Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[1] > r[0])) {
      throw new TypeError('lineChart: a range must be two finite numbers [lo, hi] with hi > lo');
    }
  }
  for (const [name, v] of [['width', opts.width], ['height', opts.height]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > MARGIN.left + MARGIN.right + 10 && v <= 10000)) {
      throw new TypeError(`lineChart: ${name} must be a number of px in (${MARGIN.left + MARGIN.right + 10}, 10000], got ${v}`);
    }
  }
}

/** Validates the options and lays the chart out; throws TypeError naming a bad range or size. */
export function chartLayout(opts: ChartOptions): ChartLayout {
  validate(opts);
  const width = opts.width ?? DEFAULT_WIDTH;
  const height = opts.height ?? DEFAULT_HEIGHT;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const xData = opts.xRange ?? dataExtent(opts.series, 'x');
  const yData = opts.yRange ?? dataExtent(opts.series, 'y');
  const xTicks = niceTicks(xData[0], xData[1], Math.max(3, Math.round(plotW / 90)));
  const yTicks = niceTicks(yData[0], yData[1], Math.max(3, Math.round(plotH / 60)));
  // An explicit range is kept as given; otherwise the axis extends to the outer nice ticks.
  const [x0, x1] = opts.xRange ?? [xTicks[0], xTicks[xTicks.length - 1]];
  const [y0, y1] = opts.yRange ?? [yTicks[0], yTicks[yTicks.length - 1]];
  return {
    width,
    height,
    plotW,
    plotH,
    left: MARGIN.left,
    right: MARGIN.left + plotW,
    top: MARGIN.top,
    bottom: MARGIN.top + plotH,
    xTicks,
    yTicks,
    x0,
    x1,
    y0,
    y1,
    px: (x) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW,
    py: (y) => MARGIN.top + plotH - ((y - y0) / (y1 - y0)) * plotH,
  };
}

/** Where the legend box goes, or null when there is none (no series, or legend 'none'). */
export function legendBox(layout: ChartLayout, opts: ChartOptions): LegendBox | null {
  const place = opts.legend ?? 'top-right';
  if (opts.series.length === 0 || place === 'none') return null;
  const { plotW, plotH, left, top } = layout;
  const longest = opts.series.reduce((m, s) => Math.max(m, s.label.length), 0);
  const w = Math.min(plotW - 10, 34 + longest * 6.6);
  const h = opts.series.length * LEGEND_ROW_PX + 8;
  const x =
    place === 'center' ? left + (plotW - w) / 2
    : place.endsWith('left') ? left + 6
    : left + plotW - w - 6;
  const y =
    place === 'center' ? top + (plotH - h) / 2
    : place.startsWith('bottom') ? top + plotH - h - 6
    : top + 6;
  return { x, y, w, h, rowY: (k) => y + 4 + LEGEND_ROW_PX * k + LEGEND_ROW_PX / 2 };
}
