/**
 * Reading back the SVG that `toSvgString` writes, strictly: before the markdown-it plugin puts a
 * module's picture into a page, the CLI's output is parsed into the drawing model and written
 * again. Anything that is not such an SVG (a stray line a module printed, a script, an event
 * attribute, a link) is refused, so a page never embeds markup it did not make. Linear time.
 */
import { SVG_NS, type SvgNode } from '@gradviz/viz/internal/render/svg-node';

/** Elements a drawing is made of: none runs script, links elsewhere or embeds HTML. */
const ELEMENTS: ReadonlySet<string> = new Set(['svg', 'g', 'rect', 'text', 'tspan', 'title', 'desc', 'path', 'polygon', 'polyline', 'line', 'circle', 'ellipse']);

/** Plain names only: no namespace (so no `xlink:href`), no event handler, no link. */
const ATTRIBUTE_NAME = /^(?!on|href$)[a-z][a-z0-9-]*$/i;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#10': '\n', '#13': '\r', '#9': '\t' };

const OPEN_TAG = /<([a-z]+)((?: [^\s"=<>/]+="[^"<]*")*)(\/?)>/y;
const ATTRIBUTE = / ([^\s"=<>/]+)="([^"<]*)"/g;
const CLOSE_TAG = /<\/([a-z]+)>/y;
const TEXT = /[^<]*/y;

export class SvgReadError extends Error {
  override name = 'SvgReadError';
}

function unescape(text: string, at: number): string {
  if (text.includes('>')) throw new SvgReadError(`a bare '>' in text near character ${at}`);
  return text.replace(/&([a-z]+|#\d+);|&/g, (entity, name: string | undefined) => {
    const value = name === undefined ? undefined : ENTITIES[name];
    if (value === undefined) throw new SvgReadError(`an unknown entity ${JSON.stringify(entity)} near character ${at}`);
    return value;
  });
}

function readAttributes(text: string, tag: string, at: number): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(ATTRIBUTE)) {
    if (!ATTRIBUTE_NAME.test(name!)) throw new SvgReadError(`<${tag}> has an attribute '${name}' that a drawing does not use, near character ${at}`);
    if (name! in attrs) throw new SvgReadError(`<${tag}> has '${name}' twice, near character ${at}`);
    attrs[name!] = unescape(value!, at);
  }
  return attrs;
}

interface Open {
  readonly tag: string;
  readonly attrs: Record<string, string>;
  readonly children: SvgNode[];
  text?: string;
}

/** Parses `svg` into the drawing model; throws SvgReadError on anything `toSvgString` would not have written. */
export function readSvg(svg: string): SvgNode {
  const stack: Open[] = [];
  let root: SvgNode | undefined;
  let at = 0;
  const close = (node: Open) => {
    const done: SvgNode = { tag: node.tag, attrs: node.attrs, children: node.children, ...(node.text !== undefined ? { text: node.text } : {}) };
    if (stack.length === 0) root = done;
    else stack[stack.length - 1]!.children.push(done);
  };
  while (at < svg.length) {
    if (root !== undefined) throw new SvgReadError(`text after the </svg> that ends the drawing, at character ${at}`);
    OPEN_TAG.lastIndex = at;
    const open = OPEN_TAG.exec(svg);
    if (open !== null) {
      const [whole, tag, attrText, selfClosing] = open as unknown as [string, string, string, string];
      if (!ELEMENTS.has(tag)) throw new SvgReadError(`<${tag}> is not an element of a drawing, at character ${at}`);
      if (stack.length === 0 && tag !== 'svg') throw new SvgReadError(`the drawing must start with <svg>, not <${tag}>`);
      const parent = stack[stack.length - 1];
      if (parent?.text !== undefined) throw new SvgReadError(`<${parent.tag}> holds both text and elements, at character ${at}`);
      const node: Open = { tag, attrs: readAttributes(attrText, tag, at), children: [] };
      if ('xmlns' in node.attrs && (stack.length > 0 || node.attrs.xmlns !== SVG_NS)) throw new SvgReadError(`an xmlns other than the SVG namespace's, at character ${at}`);
      at += whole.length;
      if (selfClosing) close(node);
      else stack.push(node);
      continue;
    }
    CLOSE_TAG.lastIndex = at;
    const end = CLOSE_TAG.exec(svg);
    if (end !== null) {
      const node = stack.pop();
      if (node === undefined || node.tag !== end[1]) throw new SvgReadError(`</${end[1]}> closes ${node ? `<${node.tag}>` : 'nothing'}, at character ${at}`);
      at += end[0].length;
      // `<text></text>`: an element whose text is empty.
      if (node.children.length === 0) node.text ??= '';
      close(node);
      continue;
    }
    TEXT.lastIndex = at;
    const text = TEXT.exec(svg)![0];
    const parent = stack[stack.length - 1];
    if (text === '' || parent === undefined) throw new SvgReadError(`not a drawing's SVG at character ${at}: ${JSON.stringify(svg.slice(at, at + 40))}`);
    if (parent.children.length > 0 || parent.text !== undefined) throw new SvgReadError(`<${parent.tag}> holds both text and elements, at character ${at}`);
    parent.text = unescape(text, at);
    at += text.length;
  }
  if (root === undefined || stack.length > 0) throw new SvgReadError('the SVG ends before its </svg>');
  return root;
}
