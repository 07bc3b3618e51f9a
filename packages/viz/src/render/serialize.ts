import { escapeAttr, escapeText } from './escape.js';
import type { SvgNode } from './svg-node.js';

function openTag(node: SvgNode): string {
  let tag = `<${node.tag}`;
  for (const [name, value] of Object.entries(node.attrs)) tag += ` ${name}="${escapeAttr(value)}"`;
  return tag;
}

/** Serializes the drawing model as standalone SVG text. Iterative: no recursion, however big the tree. */
export function toSvgString(tree: SvgNode): string {
  const parts: string[] = [];
  // Each entry is a node to open, or the closing tag of a node whose children are queued above it.
  const stack: (SvgNode | string)[] = [tree];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next === 'string') {
      parts.push(next);
    } else if (next.text !== undefined) {
      parts.push(`${openTag(next)}>${escapeText(next.text)}</${next.tag}>`);
    } else if (next.children.length === 0) {
      parts.push(`${openTag(next)}/>`);
    } else {
      parts.push(`${openTag(next)}>`);
      stack.push(`</${next.tag}>`);
      for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
    }
  }
  return parts.join('');
}
