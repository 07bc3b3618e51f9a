/**
 * Greedy word wrap to at most `width` monospace columns per line (a wide character, as Japanese
 * ones, takes two). Lines break at spaces, and between two wide characters, as Japanese text
 * breaks, but never before closing punctuation (`、。）」`); a word longer than a line is cut.
 * Linear in the text's length: each code point is read once, and a long word is cut as it is read.
 */
import { isWide } from '../layout/text-metrics.js';

/** Japanese punctuation a line must not start with: it stays with what it follows. */
const CLOSING = new Set([...'、。，．）」』】〕］｝〉》・：；！？ー']);

export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lineColumns = 0;
  let token = '';
  let tokenColumns = 0;
  // Whether a space separates the token being read from the line before it.
  let spaced = false;

  const place = () => {
    if (tokenColumns === 0) return;
    const gap = lineColumns > 0 && spaced ? 1 : 0;
    if (lineColumns > 0 && lineColumns + gap + tokenColumns <= width) {
      line += (gap ? ' ' : '') + token;
      lineColumns += gap + tokenColumns;
    } else {
      if (lineColumns > 0) lines.push(line);
      line = token;
      lineColumns = tokenColumns;
    }
    token = '';
    tokenColumns = 0;
    spaced = false;
  };

  for (const char of text) {
    if (/\s/.test(char)) {
      place();
      spaced = lineColumns > 0;
      continue;
    }
    const wide = isWide(char.codePointAt(0)!);
    // A wide character starts a token of its own (a place to break), unless it must stay with the one before.
    if (wide && !CLOSING.has(char)) place();
    else if (!wide && tokenColumns > 0 && isWide(token.codePointAt(token.length - 1) ?? 0)) place();
    const columns = wide ? 2 : 1;
    // A word longer than a line is cut where it reaches the end of one.
    if (tokenColumns + columns > width && tokenColumns > 0) {
      place();
      if (lineColumns > 0) {
        lines.push(line);
        line = '';
        lineColumns = 0;
      }
    }
    token += char;
    tokenColumns += columns;
  }
  place();
  if (lineColumns > 0) lines.push(line);
  return lines;
}
