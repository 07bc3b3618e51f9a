/** makeDot's API: inputs, outputs, escaping, bad input, saving. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshot, tensor } from '@gradviz/engine';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { makeDot, SnapshotError } from '../src/index.js';

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

  it('save() picks the format from the extension', async () => {
    const { x, z } = seed();
    const g = makeDot(z, { params: { x } });
    const dir = mkdtempSync(join(tmpdir(), 'gradviz-'));
    await g.save(join(dir, 'g.svg'));
    await g.save(join(dir, 'g.dot'));
    await g.save(join(dir, 'g.json'));
    await g.save(join(dir, 'g.png'));
    expect(readFileSync(join(dir, 'g.svg'), 'utf8')).toBe(g.toSVG());
    expect(readFileSync(join(dir, 'g.dot'), 'utf8')).toBe(g.toDOT());
    expect(JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8')).snapshot.format).toBe('gradviz.graph');
    expect([...readFileSync(join(dir, 'g.png')).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    await expect(g.save(join(dir, 'g.pdf'))).rejects.toThrow("save(): cannot tell the format of");
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
    ['snapshot text instead of JSON', () => makeDot('{"format":"gradviz.graph"}' as never), /got a string; to draw a snapshot file, JSON\.parse its text first/],
  ];
  for (const [what, call, message] of cases) {
    it(what, () => {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
    });
  }

  it('a malformed snapshot says where', () => {
    const json = JSON.parse(JSON.stringify(snapshot(z, { params: { x } })));
    json.nodes[2].next[0][0] = 99;
    expect(() => makeDot(json)).toThrow(SnapshotError);
    expect(() => makeDot(json)).toThrow('makeDot(): malformed snapshot: nodes[2].next[0][0] must be a node id from 0 to 5, got 99');
    expect(() => makeDot({ ...json, version: 7 })).toThrow(/version 7 is not one this gradviz reads/);
  });
});
