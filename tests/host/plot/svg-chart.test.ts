import { lineChart, PALETTE } from '../../../host/plot/svg-chart';
import { niceTicks, formatTick } from '../../../host/plot/ticks';

/** Minimal well-formedness check: tags balance, attributes are quoted, text has no raw '<' or '&'. */
function checkWellFormed(xml: string): void {
  const stack: string[] = [];
  const tagRe = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(xml)) !== null) {
    const between = xml.slice(last, m.index);
    expect(between).not.toMatch(/[<>]/);
    expect(between).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    last = tagRe.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name);
  }
  expect(xml.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

describe('niceTicks', () => {
  it('covers the range with 1/2/2.5/5 steps', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(-30, 30, 6)).toEqual([-30, -20, -10, 0, 10, 20, 30]);
    const t = niceTicks(0.013, 0.97, 5);
    expect(t[0]).toBeLessThanOrEqual(0.013);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(0.97);
    expect(t).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it('handles a degenerate range and formats without float noise', () => {
    const t = niceTicks(5, 5);
    expect(t[0]).toBeLessThan(5);
    expect(t[t.length - 1]).toBeGreaterThan(5);
    const small = niceTicks(0.1, 0.3, 2);
    expect(small.map((v) => formatTick(v, small))).toEqual(['0.1', '0.2', '0.3']);
  });
});

describe('lineChart', () => {
  const svg = lineChart({
    title: 'R_H <loop> & "minor" loops',
    xLabel: 'I (mA)',
    yLabel: 'R_H (Ω)',
    series: [
      { label: '5 µs', x: [-30, -10, 0, 10, 30], y: [-0.2, -0.2, 0, 0.2, 0.2] },
      { label: 'a<b & c', x: [0, 1, NaN, 2, 3], y: [1, 2, 3, 4, 5], markers: true, dashed: true, color: '#123456' },
    ],
  });

  it('is a standalone, well-formed SVG', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    checkWellFormed(svg);
  });

  it('escapes the title and labels', () => {
    expect(svg).toContain('R_H &lt;loop&gt; &amp; &quot;minor&quot; loops');
    expect(svg).toContain('a&lt;b &amp; c');
    expect(svg).not.toContain('a<b');
  });

  it('draws nice ticks spanning the data', () => {
    const xt = [...svg.matchAll(/class="xtick"[^>]*>([^<]*)</g)].map((m) => Number(m[1]));
    expect(xt).toEqual([-30, -20, -10, 0, 10, 20, 30]);
    const yt = [...svg.matchAll(/class="ytick"[^>]*>([^<]*)</g)].map((m) => Number(m[1]));
    expect(yt.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...yt)).toBeLessThanOrEqual(-0.2);
    expect(Math.max(...yt)).toBeGreaterThanOrEqual(5);
  });

  it('has one legend entry per series, with its colour and style', () => {
    const labels = [...svg.matchAll(/class="legend-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['5 µs', 'a&lt;b &amp; c']);
    expect(svg).toContain(`stroke="${PALETTE[0]}"`);
    expect(svg).toContain('stroke="#123456"');
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect((svg.match(/<circle /g) ?? []).length).toBe(4); // NaN point gets no marker
  });

  it('breaks the line at NaN points', () => {
    const paths = [...svg.matchAll(/class="series" d="([^"]*)"/g)].map((m) => m[1]);
    expect(paths).toHaveLength(2);
    expect((paths[0].match(/M/g) ?? []).length).toBe(1);
    expect((paths[1].match(/M/g) ?? []).length).toBe(2);
  });

  it('places or hides the legend on request', () => {
    const base = { title: 't', xLabel: 'x', yLabel: 'y', series: [{ label: 'only', x: [0, 1], y: [0, 1] }] };
    const boxX = (svg: string): number => Number(/<g class="legend">\n<rect x="([^"]+)"/.exec(svg)?.[1]);
    expect(boxX(lineChart({ ...base, legend: 'top-left' }))).toBeLessThan(boxX(lineChart({ ...base, legend: 'top-right' })));
    expect(boxX(lineChart({ ...base, legend: 'center' }))).toBeLessThan(boxX(lineChart({ ...base, legend: 'bottom-right' })));
    const none = lineChart({ ...base, legend: 'none' });
    expect(none).not.toContain('class="legend"');
    checkWellFormed(none);
  });

  it('keeps an explicit range and rejects a bad one', () => {
    const fixed = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', xRange: [0, 100], yRange: [-1, 1], series: [] });
    const xt = [...fixed.matchAll(/class="xtick"[^>]*>([^<]*)</g)].map((m) => Number(m[1]));
    expect(xt[0]).toBe(0);
    expect(xt[xt.length - 1]).toBe(100);
    checkWellFormed(fixed);
    expect(() => lineChart({ title: 't', xLabel: 'x', yLabel: 'y', xRange: [1, 1], series: [] })).toThrow(TypeError);
  });
});
