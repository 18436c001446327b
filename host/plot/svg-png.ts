/**
 * SVG → PNG with a real SVG renderer: resvg (`@resvg/resvg-js`, a Rust library shipped as a
 * prebuilt Node addon per platform) and the DejaVu fonts from Debian's `fonts-dejavu-core`, so
 * the PNGs carry the SVGs' titles, axis labels, tick labels and legends.
 *
 * Both are looked for when a PNG is first asked for, not at import: a machine without them can
 * still write SVGs, and `svgToPng` throws NucleonError('PNG_UNAVAILABLE') naming what is missing
 * and how to get it.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Resvg as ResvgClass, ResvgRenderOptions } from '@resvg/resvg-js';
import { HostErrorCode, NucleonError } from '../errors';

/** Where Debian's fonts-dejavu-core puts its fonts. */
export const DEFAULT_FONT_DIR = '/usr/share/fonts/truetype/dejavu';
/** The font the charts' `Helvetica, Arial, sans-serif` falls back to (neither of the first two is loaded). */
export const SANS_FONT_FAMILY = 'DejaVu Sans';
const SANS_FONT_FILE = 'DejaVuSans.ttf';

export interface SvgToPngOptions {
  /** Folder with DejaVuSans.ttf (and its bold face); default $NUCLEON_FONT_DIR or DEFAULT_FONT_DIR. */
  fontDir?: string;
}

type ResvgModule = { Resvg: typeof ResvgClass };

/**
 * Loads resvg through `loader` (tests hand in one that throws, as a machine without the
 * prebuild does) and turns a failure into the error to report.
 */
export function loadResvg(loader: () => unknown): ResvgModule | NucleonError {
  try {
    const mod = loader() as Partial<ResvgModule> | null;
    if (!mod || typeof mod.Resvg !== 'function') throw new Error('the module has no Resvg class');
    return mod as ResvgModule;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return new NucleonError(
      HostErrorCode.PNG_UNAVAILABLE,
      `PNG figures need @resvg/resvg-js and its prebuilt addon for ${process.platform}-${process.arch} ` +
        `(on Linux x64: @resvg/resvg-js-linux-x64-gnu), which did not load: ${why}. ` +
        'Run `npm ci` on a platform resvg ships a prebuild for; the SVG figures do not need it.',
      { cause: err },
    );
  }
}

let loaded: ResvgModule | NucleonError | null = null;

/** The resvg module, or the error saying why it cannot be loaded (tried once, on first use). */
function resvgModule(): ResvgModule | NucleonError {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, so a missing prebuild is an error here, not at import
  if (loaded === null) loaded = loadResvg(() => require('@resvg/resvg-js'));
  return loaded;
}

function fontDirOf(options: SvgToPngOptions): string {
  return options.fontDir ?? process.env.NUCLEON_FONT_DIR ?? DEFAULT_FONT_DIR;
}

/** Null when PNGs can be rendered with these options, else the error svgToPng would throw. */
export function pngUnavailable(options: SvgToPngOptions = {}): NucleonError | null {
  const mod = resvgModule();
  if (mod instanceof NucleonError) return mod;
  const dir = fontDirOf(options);
  if (!fs.existsSync(path.join(dir, SANS_FONT_FILE))) {
    return new NucleonError(
      HostErrorCode.PNG_UNAVAILABLE,
      `PNG figures need the DejaVu fonts: ${path.join(dir, SANS_FONT_FILE)} does not exist. ` +
        "Install Debian's fonts-dejavu-core (`make deps-system` does), or set NUCLEON_FONT_DIR to a folder holding " +
        `${SANS_FONT_FILE}; the SVG figures do not need it.`,
    );
  }
  return null;
}

/**
 * Renders a standalone SVG (as host/plot/svg-chart.ts writes) to PNG bytes at its own size,
 * with the DejaVu fonts only (no system font scan: the same pixels on every machine that has
 * the same fonts). Throws NucleonError('PNG_UNAVAILABLE') when resvg or the fonts are missing.
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Buffer {
  if (typeof svg !== 'string') throw new TypeError('svgToPng: svg must be a string of SVG text');
  const missing = pngUnavailable(options);
  if (missing) throw missing;
  const { Resvg } = resvgModule() as ResvgModule;
  const renderOptions: ResvgRenderOptions = {
    font: {
      loadSystemFonts: false,
      fontDirs: [fontDirOf(options)],
      defaultFontFamily: SANS_FONT_FAMILY,
      sansSerifFamily: SANS_FONT_FAMILY,
    },
    fitTo: { mode: 'original' },
    background: '#ffffff',
    logLevel: 'off',
  };
  return new Resvg(svg, renderOptions).render().asPng();
}
