/** MOKE-style pictures: white = −M_z, dark = +M_z, one cell per grain, a PNG that decodes. */
import { PNG } from 'pngjs';
import { renderMokePng, renderMokeSequenceSvg, renderMokeSvg } from '../../../board/twin/device';
import { device } from './helpers';

describe('MOKE rendering', () => {
  const dev = device({}, 3, 0);
  dev.saturateByField(1);
  dev.pulse(-19e-3, 5e-6, 0); // partly switched to −M_z
  const state = dev.grains().state;
  const down = state.filter((v) => v < 0).length;

  it('embeds the grainy raster in the SVG, white for −M_z and dark for +M_z', () => {
    const svg = renderMokeSvg(dev, { label: 'I = −19 mA <5 µs>', pxPerUm: 10 });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('I = −19 mA &lt;5 µs&gt;');
    const m = /href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(svg);
    expect(m).not.toBeNull();
    const png = PNG.sync.read(Buffer.from(m ? m[1] : '', 'base64'));
    expect(png.width).toBe(400);
    expect(png.height).toBe(30);
    let white = 0;
    for (let k = 0; k < png.width * png.height; k++) if (png.data[4 * k] > 180) white++;
    // The white area is the −M_z fraction of the bar (cells vary in size: ±5 %).
    expect(white / (png.width * png.height)).toBeCloseTo(down / state.length, 1);
  });

  it('draws one vector cell per grain with `vector`', () => {
    const svg = renderMokeSvg(dev, { label: 'I = −19 mA <5 µs>', vector: true });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('I = −19 mA &lt;5 µs&gt;');
    const fills = [...svg.matchAll(/<rect x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="#([0-9a-f]{2})\1\1"\/>/g)].map((m) => parseInt(m[1], 16));
    expect(fills).toHaveLength(state.length);
    expect(fills.filter((v) => v > 180).length).toBe(down);
    expect(fills.filter((v) => v < 100).length).toBe(state.length - down);
    expect(down).toBeGreaterThan(20);
    expect(down).toBeLessThan(state.length - 20);
  });

  it('stacks a sequence of frames into one SVG', () => {
    const frames = [0, 1, 2].map((k) => ({ layout: dev.layout, state: dev.grains().state, label: `frame ${k}` }));
    const svg = renderMokeSequenceSvg(frames, { vector: true });
    expect((svg.match(/<rect x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="#/g) ?? []).length).toBe(3 * state.length);
    expect(svg).toContain('frame 2');
    expect((renderMokeSequenceSvg(frames).match(/<image /g) ?? []).length).toBe(3);
  });

  it('renders a PNG whose pixel at each grain centre has that grain’s colour', () => {
    const pxPerUm = 20;
    const bytes = renderMokePng(dev, { pxPerUm });
    const png = PNG.sync.read(Buffer.from(bytes));
    expect(png.width).toBe(40 * pxPerUm + 24);
    expect(png.height).toBeGreaterThanOrEqual(3 * pxPerUm + 24);
    const g = dev.grains();
    let agree = 0;
    for (let i = 0; i < g.state.length; i++) {
      const px = Math.floor(g.xUm[i] * pxPerUm) + 12;
      const py = Math.floor(g.yUm[i] * pxPerUm) + 12;
      const v = png.data[(py * png.width + px) * 4];
      if ((g.state[i] < 0 && v > 180) || (g.state[i] > 0 && v < 100)) agree++;
    }
    // Nearest-centre rendering: the pixel under a grain's centre belongs to that grain.
    expect(agree).toBe(g.state.length);
  });
});
