/**
 * Greedy word wrap to at most `width` characters per line; a word longer than a line is cut.
 * Characters are code points, as in text-metrics. Linear in the text's length: each word is split
 * into code points once, and a long word is cut at offsets, never by copying what is left of it.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  let currentLength = 0;
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const chars = [...word];
    if (currentLength > 0 && currentLength + 1 + chars.length <= width) {
      current += ` ${word}`;
      currentLength += 1 + chars.length;
      continue;
    }
    if (currentLength > 0) lines.push(current);
    let start = 0;
    for (; chars.length - start > width; start += width) lines.push(chars.slice(start, start + width).join(''));
    current = start === 0 ? word : chars.slice(start).join('');
    currentLength = chars.length - start;
  }
  if (currentLength > 0) lines.push(current);
  return lines;
}
