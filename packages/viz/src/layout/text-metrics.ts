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

/** Width of `text` in user units: one advance per code point. */
export function textWidth(text: string, fontSize: number): number {
  let codePoints = 0;
  for (const _ of text) codePoints++;
  return codePoints * ADVANCE_PER_EM * fontSize;
}

/** How many characters fit in `width`. */
export function charsThatFit(width: number, fontSize: number): number {
  return Math.max(1, Math.floor(width / (ADVANCE_PER_EM * fontSize)));
}

/** Baseline that centres a line of text vertically in a slot starting at `top`. */
export function centredBaseline(top: number, slotHeight: number, fontSize: number): number {
  return top + (slotHeight + CAP_HEIGHT_PER_EM * fontSize) / 2;
}
