/** What the web component accepts: toJSON() output checked part by part, or a bare snapshot drawn in the page. */
import { tensor } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';
import { drawableGraph } from '../src/browser/graph-data.js';
import { makeDot, SnapshotError } from '../src/index.js';

function seedJson() {
  const x = tensor(Float64Array.from({ length: 17 }, (_, i) => -2 + 0.25 * i), { requiresGrad: true }).float();
  return JSON.parse(JSON.stringify(makeDot(x.pow(2).mul(2).add(2).sum(), { params: { x } }).toJSON()));
}

describe('drawableGraph', () => {
  it('takes toJSON() output as it is, and lays out a bare snapshot', () => {
    const json = seedJson();
    expect(drawableGraph(json)).toBe(json);
    const fromSnapshot = drawableGraph(json.snapshot);
    expect(fromSnapshot.graph).toEqual(makeDot(json.snapshot).graph);
    expect(fromSnapshot.layout.nodes).toHaveLength(json.graph.nodes.length);
  });

  it('checks the snapshot inside toJSON() output', () => {
    const json = seedJson();
    json.snapshot.tensors[2].gradFn.node = 99;
    expect(() => drawableGraph(json)).toThrow(SnapshotError);
    expect(() => drawableGraph(json)).toThrow('graph JSON: malformed snapshot: tensors[2].gradFn.node must be a node id from 0 to 5, got 99');
  });

  const malformed: [string, (json: any) => void, string][] = [
    ['a box without lines', (j) => delete j.graph.nodes[0].lines, 'graph.nodes[0].lines must be an array, got undefined'],
    ['a box with a fill torchviz never uses', (j) => (j.graph.nodes[1].fill = 'red'), 'graph.nodes[1].fill must be one of "lightgrey", "lightblue", "darkolivegreen1", "darkolivegreen3", "orange", "white", got "red"'],
    ['details that are not text', (j) => (j.graph.nodes[0].details[0] = ['dtype', 32]), 'graph.nodes[0].details[0] must be a [name, value] pair of strings, got an array of length 2'],
    // Issue 10, item 10: such a row showed `undefined` in the hover details.
    ['a details row without its value', (j) => j.graph.nodes[0].details[0].pop(), 'graph.nodes[0].details[0] must be a [name, value] pair of strings, got an array of length 1'],
    ['more lines than a box shows', (j) => (j.graph.nodes[0].lines = Array(51).fill('x')), 'graph.nodes[0].lines must hold at most 50 lines, got an array of length 51'],
    ['a box the layout does not place', (j) => j.layout.nodes.pop(), 'layout.nodes must have one entry per graph.nodes entry (9), got an array of length 8'],
    ['an arrow without an end', (j) => delete j.graph.edges[0].to, 'graph.edges[0].to must be a string, got undefined'],
    ['a legend entry without text', (j) => (j.graph.legend[0].text = null), 'graph.legend[0].text must be a string, got null'],
    // Found by the fuzz test: the legend's words were looked up in a catalogue that does not exist.
    ['a language gradviz has no words for', (j) => (j.graph.lang = 'xx'), 'graph.lang must be one of "en", "ja", got "xx"'],
    ['no layout boxes', (j) => (j.layout.nodes = {}), 'layout.nodes must be an array, got an object'],
    ['a box without a position', (j) => delete j.layout.nodes[0].x, 'layout.nodes[0].x must be a number, got undefined'],
    ['a route without points', (j) => (j.layout.edges[0].points = []), 'layout.edges[0].points must hold at least one point, got an array of length 0'],
    ['no diagnostics', (j) => delete j.diagnostics, 'diagnostics must be an array, got undefined'],
    ['a finding without its tensors', (j) => delete j.diagnostics[0].tensors, 'diagnostics[0].tensors must be an array, got undefined'],
  ];
  it.each(malformed)('rejects toJSON() output with %s, saying where', (_, mutate, message) => {
    const json = seedJson();
    mutate(json);
    expect(() => drawableGraph(json)).toThrow(new TypeError(`malformed graph JSON: ${message}`));
  });

  it('rejects JSON that is neither', () => {
    expect(() => drawableGraph({ nodes: [] })).toThrow("expected the JSON that makeDot().toJSON() or 'gradviz render --out graph.json' writes, or a snapshot (format 'gradviz.graph')");
  });
});
