import { chartLayout, legendBox } from '../../../host/plot/layout';
import { lineChart } from '../../../host/plot/svg-chart';
import { svgToPng } from '../../../host/plot/svg-png';
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

describe('the SVG and its PNG follow the layout', () => {
  it('puts the legend where opts.legend says, in the SVG and in the PNG rendered from it', () => {
    const opts = { title: 't', xLabel: 'x', yLabel: 'y', series, legend: 'bottom-left' as const };
    const box = legendBox(chartLayout(opts), opts);
    if (!box) throw new Error('expected a legend box');
    const svg = lineChart(opts);
    expect(svg).toContain(`<rect x="${Math.round(box.x * 100) / 100}" y="${Math.round(box.y * 100) / 100}"`);
    const png = PNG.sync.read(svgToPng(svg));
    // The swatch is a 2 px line centred on rowY: the pixel row it covers most is its colour.
    const nearest = (x: number, y: number): number[] => {
      let best = [255, 255, 255];
      for (const yy of [Math.floor(y) - 1, Math.floor(y), Math.ceil(y)]) {
        const o = (yy * png.width + Math.round(x)) * 4;
        const c = [png.data[o], png.data[o + 1], png.data[o + 2]];
        if (c[0] + c[1] + c[2] < best[0] + best[1] + best[2]) best = c;
      }
      return best;
    };
    // Each swatch's middle, in its series' colour, inside the bottom-left legend box.
    expect(nearest(box.x + 16, box.rowY(0))).toEqual([255, 0, 0]);
    expect(nearest(box.x + 16, box.rowY(1))).toEqual([0, 0, 255]);
    expect(box.y).toBeGreaterThan(chartLayout(opts).top + chartLayout(opts).plotH / 2);
  });

  it('draws no legend with legend none', () => {
    const opts = { title: 't', xLabel: 'x', yLabel: 'y', series, legend: 'none' as const };
    expect(legendBox(chartLayout(opts), opts)).toBeNull();
    expect(lineChart(opts)).not.toContain('class="legend"');
  });
});
