import { select } from 'd3-selection';
import { SVG_NS, type SvgNode } from './svg-node.js';

/** Rewrites an element's attributes in the model's order, so its serialization matches toSvgString. */
function applyAttrs(target: Element, node: SvgNode): void {
  while (target.attributes.length > 0) target.removeAttributeNode(target.attributes[0]!);
  // d3's attr puts `xmlns` in the XMLNS namespace, as an XML parser would, so serializers write it once.
  const selected = select(target);
  for (const [name, value] of Object.entries(node.attrs)) selected.attr(name, value);
}

/**
 * Builds (or updates) the drawing in a browser's DOM with d3 data joins: one join per element,
 * matching children by tag and position. Replaces an `<svg>` the container already holds and
 * leaves its other children alone. Iterative, so the graph's size does not grow the call stack.
 */
export function renderInto(container: Element, tree: SvgNode): SVGSVGElement {
  const document = container.ownerDocument;
  const pending: { parent: Element; children: readonly SvgNode[]; selector: string | undefined }[] = [
    { parent: container, children: [tree], selector: tree.tag },
  ];
  let root: Element | null = null;
  while (pending.length > 0) {
    const { parent, children, selector } = pending.pop()!;
    const joined = select(parent)
      .selectChildren<Element, SvgNode | undefined>(selector ?? '*')
      // Elements this function did not make have no datum: they never match and are replaced.
      .data<SvgNode>(children, (d: SvgNode | undefined, i) => `${d?.tag}:${i}`)
      .join((enter) => enter.append((d) => document.createElementNS(SVG_NS, d.tag)))
      .order();
    joined.each(function (node) {
      applyAttrs(this, node);
      if (node.text !== undefined) this.textContent = node.text;
      else pending.push({ parent: this, children: node.children, selector: undefined });
    });
    root ??= joined.node();
  }
  return root as SVGSVGElement;
}
