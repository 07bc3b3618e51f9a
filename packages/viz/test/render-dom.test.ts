import { describe, expect, it } from 'vitest';
import type { VizGraph } from '../src/graph.js';
import { layoutGraph } from '../src/layout/index.js';
import { drawGraph, renderInto, toSvgString } from '../src/render/index.js';
import { hostileGraph, marksGraph, seedGraph, squareGraph } from './fixtures/graphs.js';
import { canonicalForm, htmlPage } from './fixtures/svg-dom.js';

const treeOf = (graph: VizGraph) => drawGraph(layoutGraph(graph), graph);

describe('renderInto (d3-selection on a DOM)', () => {
  it('builds a graph as a DOM that serializes to exactly the string toSvgString writes', () => {
    const tree = treeOf(marksGraph);
    const { container, serialize } = htmlPage();
    expect(serialize(renderInto(container, tree))).toBe(toSvgString(tree));
  });

  it.each([
    ['seed', seedGraph],
    ['hostile', hostileGraph],
  ])('builds the same elements, attributes (in order) and text for the %s graph, quotes in its text', (_, graph) => {
    // Serializers differ only in which quotes they escape in text; the parsed SVGs are the same.
    const tree = treeOf(graph);
    const { container, serialize } = htmlPage();
    expect(canonicalForm(serialize(renderInto(container, tree)))).toEqual(canonicalForm(toSvgString(tree)));
  });

  it('creates elements in the SVG namespace', () => {
    const { container } = htmlPage();
    const svg = renderInto(container, treeOf(squareGraph));
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(svg.querySelector('rect')!.namespaceURI).toBe('http://www.w3.org/2000/svg');
  });

  it('updates an existing drawing in place and leaves the container’s other children alone', () => {
    const { document, container, serialize } = htmlPage();
    const note = container.appendChild(document.createElement('p'));
    note.textContent = 'caption';
    const first = renderInto(container, treeOf(seedGraph));
    const next = treeOf(marksGraph);
    const second = renderInto(container, next);
    expect(second).toBe(first);
    expect(container.querySelectorAll('svg')).toHaveLength(1);
    expect(container.querySelector('p')!.textContent).toBe('caption');
    expect(serialize(second)).toBe(toSvgString(next));
  });
});
