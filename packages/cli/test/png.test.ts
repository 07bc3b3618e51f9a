import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { svgToPng } from '../src/png.js';
import { drawGraph, layoutGraph, toSvgString } from '@gradviz/viz';
import { FONT_FAMILY } from '@gradviz/viz/internal/layout/text-metrics';
import { seedGraph } from '../../viz/test/fixtures/graphs.js';

const seedSvg = toSvgString(drawGraph(layoutGraph(seedGraph), seedGraph));
const svgSize = (svg: string) => ({
  width: Number(/ width="([\d.]+)"/.exec(svg)![1]),
  height: Number(/ height="([\d.]+)"/.exec(svg)![1]),
});

/** Counts pixels by colour class: near-white background, dark (text, borders, edges), any non-white. */
function pixelCensus(png: PNG): { dark: number; nonWhite: number } {
  let dark = 0;
  let nonWhite = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (r < 250 || g < 250 || b < 250) nonWhite++;
    if (r < 80 && g < 80 && b < 80) dark++;
  }
  return { dark, nonWhite };
}

describe('svgToPng', () => {
  it('renders a PNG that decodes, at the SVG size times the scale', () => {
    const { width, height } = svgSize(seedSvg);
    for (const scale of [1, 2]) {
      const png = PNG.sync.read(Buffer.from(svgToPng(seedSvg, { scale })));
      expect(png.width).toBe(Math.round(width * scale));
      expect(png.height).toBe(Math.round(height * scale));
    }
  });

  it('draws on a white background with coloured boxes and dark text', () => {
    const png = PNG.sync.read(Buffer.from(svgToPng(seedSvg, { scale: 1 })));
    const { dark, nonWhite } = pixelCensus(png);
    expect(png.data.subarray(0, 4)).toEqual(Buffer.from([255, 255, 255, 255]));
    expect(nonWhite / (png.width * png.height)).toBeGreaterThan(0.05);
    expect(dark).toBeGreaterThan(500);
  });

  it('renders text with the bundled font, system fonts or not', () => {
    // Only text: if no font were found, resvg would draw nothing and the image would stay white.
    const text = (label: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="30" viewBox="0 0 200 30" font-family="${FONT_FAMILY}" font-size="10">` +
      `<rect width="200" height="30" fill="#ffffff"/><text x="10" y="20" fill="#000000">${label}</text></svg>`;
    const blank = pixelCensus(PNG.sync.read(Buffer.from(svgToPng(text(''), { scale: 1 }))));
    const written = pixelCensus(PNG.sync.read(Buffer.from(svgToPng(text('MulBackward0'), { scale: 1 }))));
    expect(blank.dark).toBe(0);
    expect(written.dark).toBeGreaterThan(40);
  });

  it("renders Japanese with Debian's Noto Sans CJK, and says what to install when no CJK font is found", () => {
    const text = (label: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="30" viewBox="0 0 200 30" font-family="${FONT_FAMILY}" font-size="10">` +
      `<rect width="200" height="30" fill="#ffffff"/><text x="10" y="20" fill="#000000">${label}</text></svg>`;
    // The glyphs are drawn: as many dark pixels as the latin ones give, at least.
    const japanese = pixelCensus(PNG.sync.read(Buffer.from(svgToPng(text('葉テンソルではない'), { scale: 1 }))));
    expect(japanese.dark).toBeGreaterThan(40);
    expect(() => svgToPng(text('勾配'), { scale: 1, cjkFonts: ['/nowhere/font.ttc'] })).toThrow(
      "svgToPng: the picture has Japanese (or other CJK) text, and no font with those glyphs was found (looked for /nowhere/font.ttc): install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), or set GRADVIZ_CJK_FONT to a .ttf, .otf or .ttc file that has them",
    );
    // English pictures need no CJK font.
    expect(svgToPng(text('MulBackward0'), { scale: 1, cjkFonts: [] }).length).toBeGreaterThan(0);
  });

  it('rejects a nonsensical scale', () => {
    expect(() => svgToPng(seedSvg, { scale: 0 })).toThrow(RangeError);
    expect(() => svgToPng(seedSvg, { scale: Number.NaN })).toThrow(RangeError);
  });
});
