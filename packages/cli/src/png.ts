/** Node only: SVG to PNG with resvg and a font shipped from npm, so text renders on any machine. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { isWide } from '@gradviz/viz/internal/layout/text-metrics';

const require = createRequire(import.meta.url);

/** The family FONT_FAMILY names first; the files come from the `dejavu-fonts-ttf` package. */
const FONT_NAME = 'DejaVu Sans Mono';
const FONT_FILES = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf'),
];

/**
 * Where a font with Japanese (and Chinese, Korean) glyphs is looked for, for pictures in Japanese:
 * `GRADVIZ_CJK_FONT`, then Debian's and Ubuntu's `fonts-noto-cjk`, then other distributions' Noto CJK.
 */
const CJK_FONTS = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
];

export interface PngOptions {
  /** Pixels per SVG unit. Default 2, sharp on high-density screens. */
  readonly scale?: number;
  /** Font files to draw Japanese (CJK) text with, the first found used. Default: `GRADVIZ_CJK_FONT`, then Noto Sans CJK where distributions install it. */
  readonly cjkFonts?: readonly string[];
}

function hasWideText(svg: string): boolean {
  for (const char of svg) if (isWide(char.codePointAt(0)!)) return true;
  return false;
}

function defaultCjkFonts(): string[] {
  const configured = process.env.GRADVIZ_CJK_FONT;
  return [...(configured ? [configured] : []), ...CJK_FONTS];
}

/** The CJK font file to draw wide characters with; a clear error when there is none. */
function cjkFont(candidates: readonly string[]): string {
  const found = candidates.find((path) => existsSync(path));
  if (found !== undefined) return found;
  throw new Error(
    `svgToPng: the picture has Japanese (or other CJK) text, and no font with those glyphs was found (looked for ${candidates.join(', ')}): install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), or set GRADVIZ_CJK_FONT to a .ttf, .otf or .ttc file that has them`,
  );
}

/**
 * Renders an SVG (from toSvgString) to PNG bytes. System fonts are not loaded: every family,
 * `monospace` included, resolves to the bundled DejaVu Sans Mono, so the output is the same
 * everywhere; Japanese text falls back to Noto Sans CJK (see CJK_FONTS), one em wide per character.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`svgToPng: scale must be a positive number, got ${scale}`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: hasWideText(svg) ? [...FONT_FILES, cjkFont(options.cjkFonts ?? defaultCjkFonts())] : FONT_FILES,
      defaultFontFamily: FONT_NAME,
      monospaceFamily: FONT_NAME,
      sansSerifFamily: FONT_NAME,
      serifFamily: FONT_NAME,
    },
  });
  return resvg.render().asPng();
}
