/**
 * MOKE-style pictures of a device's magnetization map (paper Fig. 2b–e): the bar seen from
 * above, length horizontal, white = −M_z, dark = +M_z. Each pixel takes the colour of the
 * nearest grain centre, which looks like the grainy contrast of a Kerr microscope; the SVG
 * embeds that raster (or, with `vector`, draws one rectangle per grain cell).
 */
import { PNG } from 'pngjs';
import type { GrainLayout } from './geometry';
import type { HallBar } from './hall-bar';

export interface MokeOptions {
  /** Pixels (PNG) or SVG user units per µm. Default 20. */
  pxPerUm?: number;
  /** Caption above the bar (SVG only). */
  label?: string;
  /** Draw a 10 µm scale bar. Default true. */
  scaleBar?: boolean;
  /** SVG only: one vector rectangle per grain cell instead of the embedded grainy raster. */
  vector?: boolean;
}

const WHITE = 240; // −M_z
const DARK = 60; // +M_z
const MARGIN_PX = 12;

export interface MokeFrame {
  layout: GrainLayout;
  state: Int8Array;
  label?: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Small fixed brightness variation per grain, so grains read as grains. */
function grainShade(i: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1);
  h ^= h >>> 15;
  return ((h & 0xff) / 255 - 0.5) * 16;
}

function frameBody(f: MokeFrame, pxPerUm: number, yOffset: number, vector: boolean): { body: string; heightPx: number } {
  const { layout, state } = f;
  const out: string[] = [];
  let y = yOffset;
  if (f.label !== undefined) {
    out.push(`<text x="${MARGIN_PX}" y="${y + 13}" font-size="13">${escapeXml(f.label)}</text>`);
    y += 18;
  }
  const barW = layout.lengthUm * pxPerUm;
  const barH = layout.widthUm * pxPerUm;
  out.push(`<g transform="translate(${MARGIN_PX} ${y})">`);
  if (vector) {
    out.push('<g shape-rendering="crispEdges">');
    for (let i = 0; i < layout.count; i++) {
      const v = Math.round((state[i] > 0 ? DARK : WHITE) + grainShade(i));
      const hex = Math.max(0, Math.min(255, v)).toString(16).padStart(2, '0');
      const x = (layout.cellX0Um[i] * pxPerUm).toFixed(2);
      const yy = (layout.cellY0Um[i] * pxPerUm).toFixed(2);
      const w = (layout.cellLengthUm * pxPerUm).toFixed(2);
      const h = (layout.cellWidthUm[i] * pxPerUm).toFixed(2);
      out.push(`<rect x="${x}" y="${yy}" width="${w}" height="${h}" fill="#${hex}${hex}${hex}"/>`);
    }
    out.push('</g>');
  } else {
    const png = rasterize(layout, state, pxPerUm, 0, 0);
    const b64 = Buffer.from(PNG.sync.write(png, { filterType: 0 })).toString('base64');
    out.push(`<image class="moke-raster" x="0" y="0" width="${png.width}" height="${png.height}" href="data:image/png;base64,${b64}"/>`);
  }
  out.push(`<rect x="0" y="0" width="${barW}" height="${barH}" fill="none" stroke="#c00000" stroke-width="1"/>`);
  out.push('</g>');
  return { body: out.join('\n'), heightPx: y - yOffset + barH + 8 };
}

/** Several frames stacked top to bottom in one SVG (a Fig. 2b-style sequence). */
export function renderMokeSequenceSvg(frames: MokeFrame[], opts: MokeOptions = {}): string {
  const pxPerUm = opts.pxPerUm ?? 20;
  if (!(pxPerUm > 0)) throw new TypeError('renderMoke: pxPerUm must be > 0');
  const widthPx = Math.ceil(Math.max(10, ...frames.map((f) => f.layout.lengthUm)) * pxPerUm + 2 * MARGIN_PX);
  const parts: string[] = [];
  let y = MARGIN_PX;
  for (const f of frames) {
    const { body, heightPx } = frameBody(f, pxPerUm, y, opts.vector === true);
    parts.push(body);
    y += heightPx;
  }
  if (opts.scaleBar !== false) {
    const len = 10 * pxPerUm;
    parts.push(`<line x1="${MARGIN_PX}" y1="${y + 6}" x2="${MARGIN_PX + len}" y2="${y + 6}" stroke="#000000" stroke-width="3"/>`);
    parts.push(`<text x="${MARGIN_PX + len + 6}" y="${y + 10}" font-size="12">10 µm · white = −M_z, dark = +M_z</text>`);
    y += 20;
  }
  const heightPx = Math.ceil(y + MARGIN_PX / 2);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${widthPx} ${heightPx}" ` +
    `font-family="Helvetica, Arial, sans-serif">\n<rect x="0" y="0" width="${widthPx}" height="${heightPx}" fill="white"/>\n` +
    parts.join('\n') +
    '\n</svg>\n'
  );
}

export function renderMokeSvg(device: HallBar, opts: MokeOptions = {}): string {
  return renderMokeSequenceSvg([{ layout: device.layout, state: device.grains().state, label: opts.label }], opts);
}

/** Row-major grain order: the first grain of each row of cells. */
function rowStarts(layout: GrainLayout): number[] {
  const starts = [0];
  for (let i = 1; i < layout.count; i++) if (layout.cellX0Um[i] !== layout.cellX0Um[i - 1]) starts.push(i);
  starts.push(layout.count);
  return starts;
}

/** The bar as an RGBA raster, nearest-grain-centre colouring, with `margin` white pixels around and `extraBottom` below. */
function rasterize(layout: GrainLayout, state: Int8Array, pxPerUm: number, margin: number, extraBottom: number): PNG {
  const barW = Math.round(layout.lengthUm * pxPerUm);
  const barH = Math.round(layout.widthUm * pxPerUm);
  const width = barW + 2 * margin;
  const height = barH + 2 * margin + extraBottom;
  const png = new PNG({ width, height });
  png.data.fill(255);
  const starts = rowStarts(layout);
  const rows = starts.length - 1;
  for (let py = 0; py < barH; py++) {
    const yUm = (py + 0.5) / pxPerUm;
    for (let px = 0; px < barW; px++) {
      const xUm = (px + 0.5) / pxPerUm;
      const r = Math.min(rows - 1, Math.floor(xUm / layout.cellLengthUm));
      let best = 0;
      let bestD = Infinity;
      for (let rr = Math.max(0, r - 1); rr <= Math.min(rows - 1, r + 1); rr++) {
        for (let i = starts[rr]; i < starts[rr + 1]; i++) {
          const dx = layout.xUm[i] - xUm;
          const dy = layout.yUm[i] - yUm;
          const d = dx * dx + dy * dy;
          if (d < bestD) {
            bestD = d;
            best = i;
          }
        }
      }
      const v = Math.max(0, Math.min(255, Math.round((state[best] > 0 ? DARK : WHITE) + grainShade(best))));
      const o = ((py + margin) * width + px + margin) * 4;
      png.data[o] = v;
      png.data[o + 1] = v;
      png.data[o + 2] = v;
    }
  }
  return png;
}

/** The bar as a PNG image with a red outline (the paper's marked rectangle) and a 10 µm scale bar. */
export function renderMokePng(device: HallBar, opts: MokeOptions = {}): Uint8Array {
  const pxPerUm = opts.pxPerUm ?? 20;
  if (!(pxPerUm > 0)) throw new TypeError('renderMoke: pxPerUm must be > 0');
  const layout = device.layout;
  const scaleH = opts.scaleBar === false ? 0 : 10;
  const png = rasterize(layout, device.grains().state, pxPerUm, MARGIN_PX, scaleH);
  const width = png.width;
  const barW = Math.round(layout.lengthUm * pxPerUm);
  const barH = Math.round(layout.widthUm * pxPerUm);
  const set = (px: number, py: number, r: number, g: number, b: number): void => {
    const o = (py * width + px) * 4;
    png.data[o] = r;
    png.data[o + 1] = g;
    png.data[o + 2] = b;
    png.data[o + 3] = 255;
  };
  for (let px = MARGIN_PX - 1; px <= MARGIN_PX + barW; px++) {
    set(px, MARGIN_PX - 1, 200, 0, 0);
    set(px, MARGIN_PX + barH, 200, 0, 0);
  }
  for (let py = MARGIN_PX - 1; py <= MARGIN_PX + barH; py++) {
    set(MARGIN_PX - 1, py, 200, 0, 0);
    set(MARGIN_PX + barW, py, 200, 0, 0);
  }
  if (scaleH > 0) {
    const len = Math.round(10 * pxPerUm);
    for (let px = MARGIN_PX; px < MARGIN_PX + len; px++) for (let k = 0; k < 3; k++) set(px, MARGIN_PX + barH + 6 + k, 0, 0, 0);
  }
  return new Uint8Array(PNG.sync.write(png, { filterType: 0 }));
}
