/**
 * Issue 10, items 3 and 9: text of any length or content in a snapshot is handled in linear time,
 * shown cut with an ellipsis (the whole of it in the hover details), and written as DOT that
 * Graphviz accepts.
 */
import { spawnSync } from 'node:child_process';
import { snapshot, tensor } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { describe, expect, it } from 'vitest';
import { MAX_LABEL_CHARS, MAX_LABEL_LINES, MAX_LEGEND_CHARS, clipText } from '../src/graph.js';
import { makeDot } from '../src/make-dot.js';
import { columnsOf } from '../src/layout/text-metrics.js';
import { wrapText } from '../src/render/wrap.js';
import { parseSvg } from './fixtures/svg-dom.js';

const MIB = 1 << 20;

/** Runs Graphviz on `dot`; its complaint, or undefined when it drew the graph. */
function graphvizRefusal(dot: string): string | undefined {
  const run = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8', maxBuffer: 1 << 30 });
  return run.status === 0 ? undefined : run.stderr || `dot exited with ${run.status}`;
}

/** x, copied to float64 on the way (a non-leaf param, as the seed's), and the snapshot of its sum. */
function copiedParamSnapshot(name = 'x'): GraphSnapshot {
  const x = tensor([1, 2], { requiresGrad: true }).double();
  return JSON.parse(JSON.stringify(snapshot(x.mul(2).sum(), { params: { [name]: x } }))) as GraphSnapshot;
}

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

describe('linear-time text', () => {
  it('wraps a 1 MiB word into lines of the width (it was quadratic: 566 s in the CLI)', () => {
    const word = 'w'.repeat(MIB);
    const lines = wrapText(`a ${word} b`, 64);
    expect(lines).toHaveLength(2 + MIB / 64);
    expect(lines[0]).toBe('a');
    expect(lines.slice(1, -1).every((line) => line === 'w'.repeat(64))).toBe(true);
    expect(lines.at(-1)).toBe('b');
  });

  it('wraps Japanese between characters, two columns each, never starting a line with 、 or 。', () => {
    const text = 'x が葉テンソル (leaf) ではないため、x.grad は null です。勾配はその先の葉テンソルに入ります。';
    const lines = wrapText(text, 12);
    expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
    for (const line of lines) {
      expect(columnsOf(line), line).toBeLessThanOrEqual(13);
      expect(line).not.toMatch(/^[、。]/);
    }
    expect(lines[0]).toBe('x が葉テンソ');
    expect(columnsOf('葉テンソル (leaf)')).toBe(17);
  });

  it('cuts by code points, never inside a surrogate pair', () => {
    expect(clipText('abcd', 3)).toBe('ab…');
    expect(clipText('abc', 3)).toBe('abc');
    expect(clipText('😀😀😀😀', 3)).toBe('😀😀…');
    expect(clipText('😀😀😀', 3)).toBe('😀😀😀');
  });

  it('a 1 MiB source file name in the legend: the sentence is cut, its whole text is the entry’s hover title', () => {
    const json = copiedParamSnapshot() as Mutable<GraphSnapshot>;
    const x = json.tensors.find((t) => t.params?.includes('x'))!;
    const file = `${'f'.repeat(MIB)}.ts`;
    x.origin = { kind: 'dtypeCopy', of: x.origin!.kind === 'dtypeCopy' ? x.origin!.of : undefined, from: 'float32', to: 'float64', source: { file, line: 3, column: 1 } };
    const graph = makeDot(json as GraphSnapshot);
    expect(graph.diagnostics[0]!.text).toContain(file);
    const svg = graph.toSVG();
    const document = parseSvg(svg);
    const entry = document.getElementsByTagName('g').item([...document.getElementsByTagName('g')].findIndex((g) => g.getAttribute('class') === 'legend-entry'))!;
    const texts = [...entry.getElementsByTagName('text')].slice(1).map((t) => t.textContent!);
    expect(texts.join(' ').length).toBeLessThan(2 * MAX_LEGEND_CHARS);
    expect(texts.join(' ')).toContain('…');
    expect(entry.getElementsByTagName('title').item(0)!.textContent).toBe(`${graph.diagnostics[0]!.text}\nFix: ${graph.diagnostics[0]!.fix}`);
    // Linear: the name is in two hover texts (the legend entry's and the box's source row), nowhere else.
    expect(svg.length).toBeLessThan(3 * MIB);
    expect(graphvizRefusal(graph.toDOT())).toBeUndefined();
  });

  it('a 1 MiB params name: the box shows it cut, the hover and the DOT tooltip have it whole', () => {
    const name = `${'n'.repeat(MIB)}<b>&`;
    const graph = makeDot(copiedParamSnapshot(name));
    const box = graph.graph.nodes.find((n) => n.id.startsWith('p:'))!;
    expect(box.lines[0]).toBe(`${'n'.repeat(MAX_LABEL_CHARS - 1)}…`);
    expect(box.details).toContainEqual(['full label', `${name}\n (2)`]);
    const title = [...parseSvg(graph.toSVG()).getElementsByTagName('title')].map((t) => t.textContent!).find((t) => t.startsWith('nnnn'))!;
    expect(title).toContain(`full label: ${name}\n (2)`);
    const dot = graph.toDOT();
    expect(dot).toContain(`tooltip="${'n'.repeat(8000)}" + "`);
    expect(graphvizRefusal(dot)).toBeUndefined();
  });

  it('200,000 saved values with showAttrs: no stack overflow, at most MAX_LABEL_LINES lines in the box', () => {
    const json = copiedParamSnapshot() as Mutable<GraphSnapshot>;
    const node = json.nodes.find((n) => n.name === 'MulBackward0')!;
    node.saved = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, { type: 'int', value: i }]));
    const graph = makeDot(json as GraphSnapshot, { showAttrs: true });
    const box = graph.graph.nodes.find((n) => n.node === node.id)!;
    expect(box.lines).toHaveLength(MAX_LABEL_LINES);
    expect(box.lines.at(-1)).toBe('… 199,953 more lines');
    expect(graph.layout().nodes).toHaveLength(graph.graph.nodes.length);
  });
});

describe('DOT that Graphviz accepts', () => {
  it('a NUL and other control characters in names become U+FFFD (dot refused the NUL)', () => {
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    const graph = makeDot(copiedParamSnapshot(`a${controls}\u007f\ud800b`));
    const dot = graph.toDOT();
    expect(dot).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(dot).toContain('a\uFFFD');
    expect(graphvizRefusal(dot)).toBeUndefined();
  });

  it('a legend over 16 KB (150 findings) is written in pieces dot joins', () => {
    const leaves = Array.from({ length: 150 }, (_, i) => [`unused_${i}`, tensor([i])] as const);
    const used = tensor([1], { requiresGrad: true });
    const graph = makeDot(used.mul(2).sum(), { params: Object.fromEntries([['used', used], ...leaves]) });
    expect(graph.graph.legend).toHaveLength(150);
    expect(graph.graph.legend.map((e) => `${e.text} Fix: ${e.fix}`).join('\n').length).toBeGreaterThan(16_384);
    const dot = graph.toDOT();
    expect(dot).toMatch(/label="[^"]{100,}" \+ "/);
    expect(graphvizRefusal(dot)).toBeUndefined();
  });
});
