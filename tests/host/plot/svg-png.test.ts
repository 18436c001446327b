/** PNGs rendered from the chart SVGs by resvg carry the SVG's text; a missing renderer or font is a clear error. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PNG } from 'pngjs';
import { lineChart } from '../../../host/plot/svg-chart';
import { chartLayout, legendBox, type ChartOptions } from '../../../host/plot/layout';
import { loadResvg, pngUnavailable, svgToPng } from '../../../host/plot/svg-png';
import { isNucleonError } from '../../../host/errors';

const opts: ChartOptions = {
  title: 'Switching loops at different pulse widths',
  xLabel: 'pulse current (mA)',
  yLabel: 'R_H (Ω)',
  series: [
    { label: '5 µs', x: [-30, -10, 10, 30], y: [-0.2, -0.2, 0.2, 0.2], color: '#0072B2' },
    { label: '300 µs', x: [-30, -5, 5, 30], y: [-0.2, -0.19, 0.19, 0.2], color: '#D55E00' },
  ],
  legend: 'bottom-right',
};

/** The same SVG with every <text> element taken out. */
function withoutText(svg: string): string {
  return svg.replace(/<text\b[^>]*>[^<]*<\/text>/g, '');
}

interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Pixels in `r` whose colour differs between a and b, and dark pixels (sum < 384) of a in `r`. */
function compare(a: PNG, b: PNG, r: Region): { differ: number; darkA: number; darkB: number } {
  let differ = 0;
  let darkA = 0;
  let darkB = 0;
  for (let y = Math.round(r.y0); y < Math.round(r.y1); y++) {
    for (let x = Math.round(r.x0); x < Math.round(r.x1); x++) {
      const o = (y * a.width + x) * 4;
      if (a.data[o] !== b.data[o] || a.data[o + 1] !== b.data[o + 1] || a.data[o + 2] !== b.data[o + 2]) differ++;
      if (a.data[o] + a.data[o + 1] + a.data[o + 2] < 384) darkA++;
      if (b.data[o] + b.data[o + 1] + b.data[o + 2] < 384) darkB++;
    }
  }
  return { differ, darkA, darkB };
}

describe('svgToPng (resvg + DejaVu fonts)', () => {
  const svg = lineChart(opts);
  const withText = PNG.sync.read(svgToPng(svg));
  const noText = PNG.sync.read(svgToPng(withoutText(svg)));
  const l = chartLayout(opts);

  it('renders at the SVG’s own size', () => {
    expect([withText.width, withText.height]).toEqual([l.width, l.height]);
    expect(withoutText(svg)).not.toContain('<text');
    expect(svg.match(/<text\b/g)?.length).toBeGreaterThan(8);
  });

  it('draws the title, the axis labels, the tick labels and the legend labels as dark pixels where the layout puts them', () => {
    const box = legendBox(l, opts);
    if (!box) throw new Error('expected a legend');
    const regions: { [name: string]: Region } = {
      title: { x0: 0, y0: 0, x1: l.width, y1: l.top - 8 },
      'x label': { x0: l.left, y0: l.height - 28, x1: l.right, y1: l.height },
      'y label': { x0: 0, y0: l.top, x1: 24, y1: l.bottom },
      'x tick labels': { x0: l.left - 20, y0: l.bottom + 6, x1: l.right + 10, y1: l.bottom + 22 },
      'y tick labels': { x0: 26, y0: l.top - 6, x1: l.left - 6, y1: l.bottom + 6 },
      'legend labels': { x0: box.x + 28, y0: box.y + 2, x1: box.x + box.w - 1, y1: box.y + box.h - 2 },
    };
    for (const [name, r] of Object.entries(regions)) {
      const c = compare(withText, noText, r);
      // Glyphs: tens to hundreds of dark, antialiased pixels per label, none without the text.
      expect({ name, darkEnough: c.darkA > 40, differs: c.differ > 80, blankWithout: c.darkB }).toEqual({ name, darkEnough: true, differs: true, blankWithout: 0 });
    }
  });

  it('changes nothing but text: the plot interior away from the legend is the same pixels', () => {
    const c = compare(withText, noText, { x0: l.left + 2, y0: l.top + 2, x1: l.left + l.plotW / 2, y1: l.bottom - 2 });
    expect(c.differ).toBe(0);
  });

  it('draws different text as different pixels (the labels are rendered, not a fixed stamp)', () => {
    const other = PNG.sync.read(svgToPng(lineChart({ ...opts, title: 'ΔI₉₉ against pulse width' })));
    const title = { x0: 0, y0: 0, x1: l.width, y1: l.top - 8 };
    expect(compare(withText, other, title).differ).toBeGreaterThan(100);
    expect(compare(withText, other, { x0: 0, y0: l.top, x1: l.width, y1: l.height }).differ).toBe(0);
  });

  it('without the DejaVu fonts: PNG_UNAVAILABLE naming the font file and the Debian package', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-nofonts-'));
    const err = pngUnavailable({ fontDir: empty });
    expect(isNucleonError(err, 'PNG_UNAVAILABLE')).toBe(true);
    expect(err?.message).toContain(path.join(empty, 'DejaVuSans.ttf'));
    expect(err?.message).toContain('fonts-dejavu-core');
    expect(() => svgToPng(svg, { fontDir: empty })).toThrow(/fonts-dejavu-core/);
    expect(pngUnavailable()).toBeNull();
  });

  it('without resvg’s prebuilt addon: PNG_UNAVAILABLE naming the package and the loader’s reason', () => {
    const err = loadResvg(() => {
      throw new Error("Cannot find module '@resvg/resvg-js-linux-x64-gnu'");
    });
    expect(isNucleonError(err, 'PNG_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toMatch(/@resvg\/resvg-js-linux-x64-gnu.*did not load: Cannot find module/);
    expect(isNucleonError(loadResvg(() => ({})), 'PNG_UNAVAILABLE')).toBe(true);
    expect(isNucleonError(loadResvg(() => require('@resvg/resvg-js')))).toBe(false);
  });

  it('rejects a non-string with a TypeError', () => {
    expect(() => svgToPng(42 as unknown as string)).toThrow(TypeError);
  });
});
