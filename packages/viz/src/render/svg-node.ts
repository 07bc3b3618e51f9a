/**
 * The one drawing model: a plain tree that `toSvgString` serializes in Node and `renderInto` builds
 * with d3 in a browser, so both come out the same. Attribute order is the insertion order of `attrs`.
 */
export interface SvgNode {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly SvgNode[];
  /** Text content; an element has text or children, never both. */
  readonly text?: string;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Characters XML 1.0 forbids (controls, lone surrogates): they would make the SVG unreadable. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Replaces characters XML cannot carry with U+FFFD, so a hostile label still yields a valid SVG. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD');
}

export function element(tag: string, attrs: Record<string, string | number>, children: readonly SvgNode[] = []): SvgNode {
  return { tag, attrs: cleanAttrs(attrs), children };
}

export function textElement(tag: string, attrs: Record<string, string | number>, text: string): SvgNode {
  return { tag, attrs: cleanAttrs(attrs), children: [], text: xmlSafe(text) };
}

function cleanAttrs(attrs: Record<string, string | number>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(attrs)) clean[name] = typeof value === 'number' ? num(value) : xmlSafe(value);
  return clean;
}

/** At most two decimals, no exponent, no locale, no `-0`: identical wherever it runs. */
export function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}
