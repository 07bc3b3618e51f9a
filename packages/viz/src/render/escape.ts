/** Escaping text for markup: the SVG the renderer writes and the HTML page around it. */

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** In attributes, also keep whitespace characters that parsers would turn into spaces. */
const ATTR_ESCAPES: Readonly<Record<string, string>> = { ...TEXT_ESCAPES, '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

/** Text for SVG or HTML element content (quotes too, so it is also safe in a quoted attribute). */
export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => TEXT_ESCAPES[c]!);
}

/** A quoted attribute value, its line breaks and tabs kept. */
export function escapeAttr(value: string): string {
  return value.replace(/[&<>"'\n\r\t]/g, (c) => ATTR_ESCAPES[c]!);
}
