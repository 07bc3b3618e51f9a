/**
 * Text measured by arithmetic, not by a DOM: the same numbers in Node and in a browser. Sound because
 * every label is monospace, and the PNG renderer is given the font these numbers come from.
 */

/**
 * First family: DejaVu Sans Mono, which png.ts loads from npm; then look-alikes for browsers.
 * Unquoted (valid CSS) so the attribute needs no escaped quotes: a browser serializes it as written.
 */
export const FONT_FAMILY = 'DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace';

/** torchviz's node fontsize. */
export const LABEL_FONT_SIZE = 10;

/** DejaVu Sans Mono's advance width (1233 of 2048 units per em); Menlo's is the same. */
const ADVANCE_PER_EM = 1233 / 2048;

/** Height above the baseline of capitals and digits, per em: centres a line in its slot. */
const CAP_HEIGHT_PER_EM = 0.73;

/**
 * Whether a code point is drawn twice as wide as a monospace column: Japanese, Chinese and Korean
 * characters, full-width forms, emoji. A CJK font gives them one em (two columns are a little more:
 * the text always fits).
 */
export function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint !== 0x303f) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

/** Monospace columns `text` takes: two for a wide character, one for any other code point. */
export function columnsOf(text: string): number {
  let columns = 0;
  for (const char of text) columns += isWide(char.codePointAt(0)!) ? 2 : 1;
  return columns;
}

/** Width of `text` in user units: one advance per column. */
export function textWidth(text: string, fontSize: number): number {
  return columnsOf(text) * ADVANCE_PER_EM * fontSize;
}

/** How many columns fit in `width`. */
export function charsThatFit(width: number, fontSize: number): number {
  return Math.max(1, Math.floor(width / (ADVANCE_PER_EM * fontSize)));
}

/** Baseline that centres a line of text vertically in a slot starting at `top`. */
export function centredBaseline(top: number, slotHeight: number, fontSize: number): number {
  return top + (slotHeight + CAP_HEIGHT_PER_EM * fontSize) / 2;
}
