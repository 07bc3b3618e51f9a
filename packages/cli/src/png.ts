/** Node only: SVG to PNG with resvg and a font shipped from npm, so text renders on any machine. */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);

/** The family FONT_FAMILY names first; the files come from the `dejavu-fonts-ttf` package. */
const FONT_NAME = 'DejaVu Sans Mono';
const FONT_FILES = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf'),
];

export interface PngOptions {
  /** Pixels per SVG unit. Default 2, sharp on high-density screens. */
  readonly scale?: number;
}

/**
 * Renders an SVG (from toSvgString) to PNG bytes. System fonts are not loaded: every family,
 * `monospace` included, resolves to the bundled DejaVu Sans Mono, so the output is the same everywhere.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`svgToPng: scale must be a positive number, got ${scale}`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: FONT_FILES,
      defaultFontFamily: FONT_NAME,
      monospaceFamily: FONT_NAME,
      sansSerifFamily: FONT_NAME,
      serifFamily: FONT_NAME,
    },
  });
  return resvg.render().asPng();
}
