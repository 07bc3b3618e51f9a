/** makeDot's API: inputs, outputs, escaping, bad input. */
import { snapshot, tensor } from '@gradviz/engine';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { darkTheme, lightTheme, makeDot, SnapshotError } from '../src/index.js';

function seed() {
  const x = tensor(Float64Array.from({ length: 17 }, (_, i) => -2 + 0.25 * i), { requiresGrad: true }).float();
  return { x, z: x.pow(2).mul(2).add(2).sum() };
}

function parseSvg(svg: string) {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(svg, 'image/svg+xml');
  return { doc, errors };
}

describe('makeDot', () => {
  it('gives well-formed standalone SVG with no scripts', () => {
    const { x, z } = seed();
    const svg = makeDot(z, { params: { x } }).toSVG();
    const { doc, errors } = parseSvg(svg);
    expect(errors).toEqual([]);
    const root = doc.documentElement!;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.getAttribute('viewBox')).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
    expect(doc.getElementsByTagName('script').length).toBe(0);
    expect(svg).not.toMatch(/<style|href=|url\(/);
  });

  it('escapes every label: markup in a param name stays text', () => {
    const evil = tensor(Float64Array.of(1, 2), { requiresGrad: true }).float();
    const odd = tensor([3], { requiresGrad: true });
    const names = { '<script>alert(1)</script>': evil, 'a&b"c': odd };
    const g = makeDot(evil.mul(odd).sum(), { params: names });
    const svg = g.toSVG();
    const { doc, errors } = parseSvg(svg);
    expect(errors).toEqual([]);
    expect(doc.getElementsByTagName('script').length).toBe(0);
    expect(svg).not.toContain('<script>');
    const texts = Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent);
    expect(texts).toContain('<script>alert(1)</script>');
    expect(texts).toContain('a&b"c');
    expect(g.toDOT()).toContain('label="a&b\\"c\\n (1)"');
  });

  it('draws a snapshot JSON the same as the tensors it came from', () => {
    const { x, z } = seed();
    const fromTensors = makeDot(z, { params: { x } });
    const json = JSON.parse(JSON.stringify(snapshot(z, { params: { x } })));
    const fromJson = makeDot(json);
    expect(fromJson.toSVG()).toBe(fromTensors.toSVG());
    expect(fromJson.toDOT()).toBe(fromTensors.toDOT());
    expect(fromJson.diagnostics).toEqual(fromTensors.diagnostics);
  });

  it('takes [name, tensor] pairs as params, like namedParameters()', () => {
    const { x, z } = seed();
    expect(makeDot(z, { params: [['x', x]] }).toDOT()).toBe(makeDot(z, { params: { x } }).toDOT());
  });

  it('toJSON() holds the snapshot, the picture, the layout and the diagnosis', () => {
    const { x, z } = seed();
    const json = makeDot(z, { params: { x } }).toJSON();
    expect(json.snapshot.format).toBe('gradviz.graph');
    expect(json.layout.nodes.map((n) => n.id).sort()).toEqual(json.graph.nodes.map((n) => n.id).sort());
    expect(json.diagnostics.map((d) => d.kind)).toEqual(['nonLeafParam']);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('draws with the exported themes, or a theme of its own', () => {
    const { x, z } = seed();
    expect(makeDot(z, { params: { x }, theme: darkTheme }).toSVG()).toContain(`fill="${darkTheme.background}"`);
    expect(makeDot(z, { params: { x }, theme: { ...lightTheme, background: '#123456' } }).toSVG()).toContain('fill="#123456"');
  });
});

describe('makeDot bad input: a TypeError that says what was passed and what is expected', () => {
  const { x, z } = seed();
  const cases: [string, () => unknown, RegExp][] = [
    ['a number', () => makeDot(3 as never), /^makeDot\(\): the output must be a Tensor, got 3$/],
    ['a method instead of its result', () => makeDot(z.mean as never), /got a function \(mean\); did you pass a method instead of calling it/],
    [
      'a module instead of its output',
      () => makeDot({ forward: () => z, parameters: () => [] } as never),
      /this is a module \(Object\), not its output: pass the tensor it computes, e\.g\. makeDot\(model\.forward\(x\)\)/,
    ],
    ['a list with a non-tensor', () => makeDot([z, 'loss'] as never), /^makeDot\(\): outputs\[1\] must be a Tensor, got "loss"$/],
    ['an object that is not a snapshot', () => makeDot({ nodes: [] } as never), /malformed snapshot: format must be 'gradviz\.graph', got undefined/],
    ['a param that is not a tensor', () => makeDot(z, { params: { x, lr: 0.1 } as never }), /^makeDot\(\): params\['lr'\] must be a Tensor, got 0\.1$/],
    ['a torchviz spelling', () => makeDot(z, { show_attrs: true } as never), /unknown option 'show_attrs' \(gradviz spells it 'showAttrs'\)/],
    [
      'a theme missing fields',
      () => makeDot(z, { theme: { background: 'red' } as never }),
      /^makeDot\(\): theme must be lightTheme, darkTheme or an object with every field a Theme has: theme\.edge must be a string, got undefined$/,
    ],
    ['a theme field of the wrong type', () => makeDot(z, { theme: { ...lightTheme, severity: { ...lightTheme.severity, info: 3 } } as never }), /: theme\.severity\.info must be a string, got 3$/],
    ['a theme given by name', () => makeDot(z, { theme: 'dark' as never }), /: theme must be an object, got "dark"$/],
    ['snapshot text instead of JSON', () => makeDot('{"format":"gradviz.graph"}' as never), /got a string; to draw a snapshot file, JSON\.parse its text first/],
  ];
  for (const [what, call, message] of cases) {
    it(what, () => {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
    });
  }

  /** Each mutation of the seed's snapshot JSON, and what makeDot says about it. */
  const malformed: [string, (json: any) => void, string][] = [
    ['a dangling gradFn node', (j) => (j.tensors[2].gradFn.node = 99), 'tensors[2].gradFn.node must be a node id from 0 to 5, got 99'],
    ['a gradFn without a name', (j) => (j.tensors[2].gradFn = { node: 4 }), 'tensors[2].gradFn.name must be a string, got undefined'],
    ['a dangling view base', (j) => (j.tensors[0].base = 4), 'tensors[0].base must be a tensor id from 0 to 3, got 4'],
    ['a dangling cut source', (j) => (j.tensors[3].cutSources = [{ tensor: 7, cut: 'detach', at: 3 }]), 'tensors[3].cutSources[0].tensor must be a tensor id from 0 to 3, got 7'],
    ['a dangling cut point', (j) => (j.tensors[3].cutSources = [{ tensor: 1, cut: 'detach', at: -1 }]), 'tensors[3].cutSources[0].at must be a tensor id from 0 to 3, got -1'],
    ['an unknown cut', (j) => (j.tensors[3].cutSources = [{ tensor: 1, cut: 'stop', at: 3 }]), 'tensors[3].cutSources[0].cut must be one of "detach", "noGrad", "values", "nonDifferentiable", got "stop"'],
    ['an unknown way out of the graph', (j) => (j.tensors[3].cutSources = [{ tensor: 1, cut: 'values', via: 'print', at: 3 }]), 'tensors[3].cutSources[0].via must be one of "numpy", "tolist", "item", "tensor", "data", got "print"'],
    ['a dangling origin', (j) => (j.tensors[2].origin.of = 12), 'tensors[2].origin.of must be a tensor id from 0 to 3, got 12'],
    ['an origin kind it does not know', (j) => (j.tensors[0].origin = { kind: 'magic' }), 'tensors[0].origin.kind must be one of "created", "op", "noGrad", "detach", "dtypeCopy", "number", "internal", got "magic"'],
    ['a source without a file', (j) => (j.tensors[2].origin.source = { line: 1, column: 1 }), 'tensors[2].origin.source.file must be a string, got undefined'],
    ['params that are not a list', (j) => (j.tensors[2].params = 'x'), 'tensors[2].params must be an array, got "x"'],
    ['params that are not names', (j) => (j.tensors[2].params = [1]), 'tensors[2].params must hold param names (strings), got an array of length 1'],
    ['requiresGrad that is not a boolean', (j) => (j.tensors[1].requiresGrad = 'yes'), 'tensors[1].requiresGrad must be true or false, got "yes"'],
    ['constants not aligned with next', (j) => (j.nodes[1].constants = [{ number: 2 }]), 'nodes[1].constants must have one entry per next entry (2), got an array of length 1'],
    ['a constant where next is a node', (j) => (j.nodes[1].constants[0] = { number: 1 }), 'nodes[1].constants[0] must be null: next[0] is a node, got an object'],
    ['a dangling constant tensor', (j) => (j.nodes[1].constants[1] = { tensor: 9 }), 'nodes[1].constants[1].tensor must be a tensor id from 0 to 3, got 9'],
    ['a constant of no known shape', (j) => (j.nodes[1].constants[1] = { value: 2 }), 'nodes[1].constants[1] must be null, { tensor }, { number } or { absent: true }, got an object'],
    ['a constant number that is not a number', (j) => (j.nodes[1].constants[1] = { number: '2' }), 'nodes[1].constants[1].number must be a number, got "2"'],
    ['saved ints that are not a list', (j) => (j.nodes[0].saved.self_sym_sizes.value = 17), 'nodes[0].saved.self_sym_sizes.value must be an array, got 17'],
    ['saved ints that are not whole', (j) => (j.nodes[0].saved.self_sym_sizes.value = [1.5]), 'nodes[0].saved.self_sym_sizes.value must hold whole numbers, got an array of length 1'],
    ['a saved int that is text', (j) => (j.nodes[1].saved.alpha.value = '1'), 'nodes[1].saved.alpha.value must be a whole number, got "1"'],
    ['a saved float that is text', (j) => (j.nodes[1].saved.alpha = { type: 'float', value: 'x' }), `nodes[1].saved.alpha.value must be a number, 'nan', 'inf' or '-inf', got "x"`],
    ['a saved bool that is a number', (j) => (j.nodes[1].saved.alpha = { type: 'bool', value: 1 }), 'nodes[1].saved.alpha.value must be true or false, got 1'],
    ['a saved string that is a number', (j) => (j.nodes[1].saved.alpha = { type: 'string', value: 3 }), 'nodes[1].saved.alpha.value must be a string, got 3'],
    ['a dangling saved tensor', (j) => (j.nodes[2].saved.other.tensor = 9), 'nodes[2].saved.other.tensor must be a tensor id from 0 to 3, got 9'],
    ['a saved type it does not know', (j) => (j.nodes[2].saved.self = { type: 'list' }), 'nodes[2].saved.self.type must be one of "none", "int", "float", "bool", "ints", "string", "tensor", "tensors", got "list"'],
    ['a saved tuple with a dangling tensor', (j) => (j.nodes[2].saved.self = { type: 'tensors', tensors: [null, 9] }), 'nodes[2].saved.self.tensors[1] must be a tensor id from 0 to 3, got 9'],
    ['a node output without a shape', (j) => (j.nodes[0].output = { dtype: 'float32' }), 'nodes[0].output.shape must be an array, got undefined'],
  ];
  it.each(malformed)('a malformed snapshot: %s', (_, mutate, message) => {
    const json = JSON.parse(JSON.stringify(snapshot(z, { params: { x } })));
    mutate(json);
    expect(() => makeDot(json)).toThrow(SnapshotError);
    expect(() => makeDot(json)).toThrow(`makeDot(): malformed snapshot: ${message}`);
  });

  it('a malformed snapshot says where', () => {
    const json = JSON.parse(JSON.stringify(snapshot(z, { params: { x } })));
    json.nodes[2].next[0][0] = 99;
    expect(() => makeDot(json)).toThrow(SnapshotError);
    expect(() => makeDot(json)).toThrow('makeDot(): malformed snapshot: nodes[2].next[0][0] must be a node id from 0 to 5, got 99');
    expect(() => makeDot({ ...json, version: 7 })).toThrow(
      'makeDot(): this snapshot is version 7, newer than version 1, the newest this gradviz reads: upgrade gradviz (npm install @gradviz/viz@latest), or export it with the gradviz that reads version 1',
    );
    expect(() => makeDot({ ...json, version: 0 })).toThrow('makeDot(): malformed snapshot: version must be a whole number from 1 to 1, got 0');
  });
});
