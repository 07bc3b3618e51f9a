import { describe, expect, it } from 'vitest';
import type { VizGraph } from '../src/graph.js';
import { layoutGraph } from '../src/layout/index.js';
import { X11_COLORS, darkTheme, drawGraph, lightTheme, toSvgString } from '../src/render/index.js';
import { wrapText } from '../src/render/wrap.js';
import { hostileGraph, marksGraph, seedGraph, squareGraph } from './fixtures/graphs.js';
import { childElements, elementsByTag, parseSvg } from './fixtures/svg-dom.js';

const svgOf = (graph: VizGraph, theme = lightTheme) => toSvgString(drawGraph(layoutGraph(graph), graph, { theme }));

function groups(svg: string, cls: 'node' | 'edge') {
  return elementsByTag(parseSvg(svg), 'g').filter((g) => g.getAttribute('class') === cls);
}

function nodeGroup(svg: string, id: string) {
  const group = groups(svg, 'node').find((g) => g.getAttribute('data-key') === id);
  if (group === undefined) throw new Error(`no box ${id}`);
  return group;
}

/** The box's own rectangle: the first rect child (the badge's comes later). */
const boxRect = (svg: string, id: string) => childElements(nodeGroup(svg, id)).find((e) => e.tagName === 'rect')!;

describe('drawGraph + toSvgString', () => {
  it('writes a standalone SVG: xmlns, viewBox, size, white background, the bundled font first', () => {
    const svg = svgOf(seedGraph);
    const root = parseSvg(svg).documentElement!;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    const [width, height] = [Number(root.getAttribute('width')), Number(root.getAttribute('height'))];
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
    expect(root.getAttribute('viewBox')).toBe(`0 0 ${width} ${height}`);
    expect(root.getAttribute('font-family')).toMatch(/^DejaVu Sans Mono,/);
    const background = childElements(root)[0]!;
    expect(background.tagName).toBe('rect');
    expect(background.getAttribute('fill')).toBe('#ffffff');
    expect(background.getAttribute('width')).toBe(String(width));
  });

  it('is checked by a strict XML parser (broken markup is rejected)', () => {
    expect(() => parseSvg('<svg><g></svg>')).toThrow(/not well-formed/);
  });

  it('has no scripts, styles, links or external resources', () => {
    for (const graph of [seedGraph, marksGraph, hostileGraph]) {
      const doc = parseSvg(svgOf(graph));
      for (const tag of ['script', 'style', 'a', 'image', 'foreignObject', 'use']) expect(elementsByTag(doc, tag)).toEqual([]);
      for (const el of elementsByTag(doc, '*')) {
        for (const attr of Array.from(el.attributes)) {
          expect(attr.name).not.toMatch(/^(on|href|xlink:)/);
          if (attr.name !== 'xmlns') expect(attr.value).not.toMatch(/url\(|https?:/);
        }
      }
    }
  });

  it('contains every label line and the legend, as text', () => {
    const svg = svgOf(seedGraph);
    const texts = elementsByTag(parseSvg(svg), 'text').map((t) => t.textContent);
    for (const node of seedGraph.nodes) {
      for (const line of node.lines.filter((l) => l !== '')) expect(texts).toContain(line);
      if (node.badge !== undefined) expect(texts).toContain(node.badge);
    }
    const legendText = texts.join(' ');
    expect(legendText).toContain('x.grad is null because x is not a leaf');
    expect(legendText).toContain("Fix: Pass the dtype when you create it — tensor(values, { requiresGrad: true, dtype: 'float32' })");
  });

  it('gives each box its key, kind and torchviz fill, drawn in the X11 colour', () => {
    const svg = svgOf(marksGraph);
    expect(groups(svg, 'node')).toHaveLength(marksGraph.nodes.length);
    for (const node of marksGraph.nodes) {
      const group = nodeGroup(svg, node.id);
      expect(group.getAttribute('data-kind')).toBe(node.kind);
      expect(group.getAttribute('data-fill')).toBe(node.fill);
      expect(boxRect(svg, node.id).getAttribute('fill')).toBe(X11_COLORS[node.fill]);
    }
    expect(X11_COLORS).toEqual({
      lightgrey: '#d3d3d3',
      lightblue: '#add8e6',
      darkolivegreen1: '#caff70',
      darkolivegreen3: '#a2cd5a',
      orange: '#ffa500',
      white: '#ffffff',
    });
  });

  it('draws one path per edge, parallel edges included, each tagged with its ends', () => {
    for (const graph of [seedGraph, squareGraph, marksGraph]) {
      const svg = svgOf(graph);
      const edges = groups(svg, 'edge');
      expect(edges).toHaveLength(graph.edges.length);
      edges.forEach((group, i) => {
        expect(group.getAttribute('data-from')).toBe(graph.edges[i]!.from);
        expect(group.getAttribute('data-to')).toBe(graph.edges[i]!.to);
        expect(group.getAttribute('data-kind')).toBe(graph.edges[i]!.kind);
        expect(elementsByTag(group, 'path')).toHaveLength(1);
      });
      expect(elementsByTag(parseSvg(svg), 'path')).toHaveLength(graph.edges.length);
    }
    const parallel = groups(svgOf(squareGraph), 'edge').filter((g) => g.getAttribute('data-from') === 'acc');
    expect(parallel).toHaveLength(2);
    const [first, second] = parallel.map((g) => elementsByTag(g, 'path')[0]!.getAttribute('d'));
    expect(first).not.toBe(second);
  });

  it('draws arrowheads except on dir=none edges, dotted views, dashed cuts', () => {
    const svg = svgOf(marksGraph);
    const edge = (from: string, to: string) => groups(svg, 'edge').find((g) => g.getAttribute('data-from') === from && g.getAttribute('data-to') === to)!;
    const path = (from: string, to: string) => elementsByTag(edge(from, to), 'path')[0]!;
    expect(elementsByTag(edge('acc', 'mm'), 'polygon')).toHaveLength(1);
    expect(elementsByTag(edge('saved', 'mm'), 'polygon')).toHaveLength(0);
    expect(path('acc', 'mm').getAttribute('stroke-dasharray')).toBeNull();
    expect(path('base', 'out').getAttribute('stroke-dasharray')).toBe('1.5,3');
    expect(path('ghost', 'const').getAttribute('stroke-dasharray')).toBe('5,3');
    expect(path('ghost', 'const').getAttribute('stroke')).toBe(lightTheme.broken);
    expect(path('acc', 'mm').getAttribute('stroke')).toBe(lightTheme.edge);
  });

  it('shows the marks: red broken border and badge, highlighted receiver, dashed dimmed ghost', () => {
    const svg = svgOf(seedGraph);
    expect(boxRect(svg, 'param-x').getAttribute('stroke')).toBe(lightTheme.broken);
    expect(nodeGroup(svg, 'param-x').getAttribute('data-broken')).toBe('true');
    const badge = elementsByTag(nodeGroup(svg, 'param-x'), 'rect').find((r) => r.getAttribute('class') === 'badge')!;
    expect(badge.getAttribute('fill')).toBe(lightTheme.broken);
    expect(boxRect(svg, 'leaf').getAttribute('stroke')).toBe(lightTheme.receivesGrad);
    expect(Number(boxRect(svg, 'leaf').getAttribute('stroke-width'))).toBeGreaterThan(1);
    expect(boxRect(svg, 'acc').getAttribute('stroke')).toBe(lightTheme.boxStroke);

    const marks = svgOf(marksGraph);
    expect(boxRect(marks, 'ghost').getAttribute('stroke-dasharray')).toBeTruthy();
    expect(Number(nodeGroup(marks, 'ghost').getAttribute('opacity'))).toBeLessThan(1);
    expect(nodeGroup(marks, 'acc').getAttribute('opacity')).toBeNull();
  });

  it('puts hover details in <title> elements', () => {
    const title = childElements(nodeGroup(svgOf(seedGraph), 'param-x')).find((e) => e.tagName === 'title')!;
    expect(title.textContent).toBe('x\n(17)\ndtype: float32\nshape: (17)\nleaf: false\ngrad_fn: ToCopyBackward0\nmade by: copy of a float64 tensor, float64 to float32');
  });

  it('escapes hostile labels, ids, badges, details and legend text: they stay text', () => {
    const svg = svgOf(hostileGraph);
    expect(svg).not.toMatch(/<script|<img|<b>/);
    const doc = parseSvg(svg);
    expect(elementsByTag(doc, 'script')).toEqual([]);
    const texts = elementsByTag(doc, 'text').map((t) => t.textContent);
    expect(texts).toContain('<script>alert(1)</script>');
    expect(texts).toContain('a&b"c');
    expect(texts).toContain("it's <b>");
    expect(texts).toContain('</text><script>');
    expect(texts.join(' ')).toContain('<script>alert("legend")</script> & more');
    expect(nodeGroup(svg, 'evil"<id>&\'').getAttribute('data-kind')).toBe('leaf');
    const titles = elementsByTag(doc, 'title').map((t) => t.textContent);
    expect(titles.join('\n')).toContain('source: <img src=x onerror=alert(1)>');
    // Characters XML cannot hold are replaced, so the SVG still parses.
    expect(texts).toContain('bell\uFFFD and lone \uFFFD surrogate');
  });

  it('writes numbers with at most two decimals, and the same SVG every time', () => {
    const svg = svgOf(marksGraph);
    expect(svgOf(marksGraph)).toBe(svg);
    const numbers = svg.match(/-?\d+\.\d+/g) ?? [];
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) expect(n).toMatch(/^-?\d+\.\d{1,2}$/);
  });

  it('wraps the legend to the drawing width, under the graph', () => {
    const long: VizGraph = { ...squareGraph, legend: [{ severity: 'warning', text: 'word '.repeat(200).trim(), fix: 'Do the thing.' }] };
    const svg = svgOf(long);
    const root = parseSvg(svg).documentElement!;
    const width = Number(root.getAttribute('width'));
    const legend = elementsByTag(root, 'g').find((g) => g.getAttribute('class') === 'legend')!;
    const entry = elementsByTag(legend, 'g')[0]!;
    expect(entry.getAttribute('data-severity')).toBe('warning');
    const lines = elementsByTag(entry, 'text').slice(1);
    expect(lines.length).toBeGreaterThan(5);
    const laid = layoutGraph(long);
    for (const line of lines) {
      expect(Number(line.getAttribute('y'))).toBeGreaterThan(laid.height);
      expect(Number(line.getAttribute('x')) + line.textContent!.length * 10 * (1233 / 2048)).toBeLessThanOrEqual(width);
    }
    expect(Number(root.getAttribute('height'))).toBeGreaterThan(laid.height + lines.length * 10);
    expect(lines.at(-1)!.textContent).toBe('Fix: Do the thing.');
  });

  it('has a dark theme that changes the background, not torchviz fills', () => {
    const svg = svgOf(seedGraph, darkTheme);
    expect(childElements(parseSvg(svg).documentElement!)[0]!.getAttribute('fill')).toBe(darkTheme.background);
    expect(boxRect(svg, 'acc').getAttribute('fill')).toBe('#d3d3d3');
  });

  it('refuses a layout made for another graph', () => {
    expect(() => drawGraph(layoutGraph(squareGraph), seedGraph)).toThrow(/another graph/);
  });
});

describe('wrapText', () => {
  it('keeps words whole and lines within the width, and cuts over-long words', () => {
    const text = 'the quick brown fox jumps over the lazy dog';
    const lines = wrapText(text, 10);
    expect(lines.join(' ')).toBe(text);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(10);
    expect(wrapText('abcdefghijklmnopqrstuvwxyz', 10)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
    expect(wrapText('  ', 10)).toEqual([]);
  });
});
