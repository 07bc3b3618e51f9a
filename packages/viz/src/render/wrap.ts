/**
 * Greedy word wrap to at most `width` characters per line; a word longer than a line is cut.
 * Characters are code points, as in text-metrics.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current: string[] = [];
  let currentLength = 0;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let rest = [...word];
    const needed = currentLength === 0 ? rest.length : currentLength + 1 + rest.length;
    if (needed <= width) {
      current.push(word);
      currentLength = needed;
      continue;
    }
    if (currentLength > 0) lines.push(current.join(' '));
    while (rest.length > width) {
      lines.push(rest.slice(0, width).join(''));
      rest = rest.slice(width);
    }
    current = [rest.join('')];
    currentLength = rest.length;
  }
  if (currentLength > 0) lines.push(current.join(' '));
  return lines;
}
