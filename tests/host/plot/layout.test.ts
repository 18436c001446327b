import { chartLayout, legendBox } from '../../../host/plot/layout';
import { lineChart } from '../../../host/plot/svg-chart';
import { lineChartPng } from '../../../host/trainer/report/png-chart';
import { PNG } from 'pngjs';

const series = [
  { label: 'up', x: [0, 10], y: [0, 1], color: '#ff0000' },
  { label: 'down', x: [0, 10], y: [1, 0], color: '#0000ff' },
];

describe('chartLayout', () => {
  it('maps the axis ends to the plot edges and extends the data to nice ticks', () => {
    const l = chartLayout({ title: '', xLabel: '', yLabel: '', series: [{ label: 'a', x: [0.3, 9.2], y: [-0.4, 0.9] }] });
    expect([l.x0, l.x1]).toEqual([0, 10]);
    expect(l.y0).toBeLessThanOrEqual(-0.4);
    expect(l.y1).toBeGreaterThanOrEqual(0.9);
    expect(l.px(l.x0)).toBe(l.left);
    expect(l.px(l.x1)).toBe(l.right);
    expect(l.py(l.y0)).toBe(l.bottom);
    expect(l.py(l.y1)).toBe(l.top);
  });

  it('rejects a bad range or size with a TypeError naming it', () => {
    expect(() => chartLayout({ title: '', xLabel: '', yLabel: '', series, xRange: [1, 1] })).toThrow(/range must be two finite numbers/);
    expect(() => chartLayout({ title: '', xLabel: '', yLabel: '', series, width: 50 })).toThrow(/width must be a number of px/);
    expect(() => chartLayout({ title: '', xLabel: '', yLabel: '', series, height: Number.NaN })).toThrow(/height must be a number of px/);
  });
});

describe('the SVG and the PNG share one layout', () => {
  it('puts the legend where opts.legend says, in both renderers', () => {
    const opts = { title: 't', xLabel: 'x', yLabel: 'y', series, legend: 'bottom-left' as const };
    const box = legendBox(chartLayout(opts), opts);
    if (!box) throw new Error('expected a legend box');
    const svg = lineChart(opts);
    expect(svg).toContain(`<rect x="${Math.round(box.x * 100) / 100}" y="${Math.round(box.y * 100) / 100}"`);
    const png = PNG.sync.read(lineChartPng(opts));
    const at = (x: number, y: number): number[] => {
      const o = (Math.round(y) * png.width + Math.round(x)) * 4;
      return [png.data[o], png.data[o + 1], png.data[o + 2]];
    };
    // Each swatch's middle, in its series' colour, inside the bottom-left legend box.
    expect(at(box.x + 16, box.rowY(0))).toEqual([255, 0, 0]);
    expect(at(box.x + 16, box.rowY(1))).toEqual([0, 0, 255]);
    expect(box.y).toBeGreaterThan(chartLayout(opts).top + chartLayout(opts).plotH / 2);
  });

  it('draws no legend with legend none', () => {
    const opts = { title: 't', xLabel: 'x', yLabel: 'y', series, legend: 'none' as const };
    expect(legendBox(chartLayout(opts), opts)).toBeNull();
    expect(lineChart(opts)).not.toContain('class="legend"');
  });
});
