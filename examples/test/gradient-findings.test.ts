/**
 * makeDot's `gradients`: the learners' programs of examples/gradient-flow.ts (whose numbers
 * examples/test/gradient-flow.test.ts checks against PyTorch) give one finding each, naming the
 * param, the op and the line; the picture colours arrows and leaves and keeps the flat drawing as
 * it was without the option; the same programs through the Python package get the same findings.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { F, manualSeed, nn, optim, randn, recordGradients, snapshot } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { makeDot } from '@gradviz/viz';
import { describe, expect, it } from 'vitest';
import { GRADIENT_PROGRAMS } from '../gradient-flow.js';

const source = readFileSync(new URL('../gradient-flow.ts', import.meta.url), 'utf8').split('\n');
const lineOf = (text: string) => source.findIndex((line) => line.includes(text)) + 1;

const snapshots = Object.fromEntries(
  Object.entries(GRADIENT_PROGRAMS).map(([id, run]) => {
    const { loss, params } = run();
    return [id, snapshot(loss, { params })];
  }),
) as Record<string, GraphSnapshot>;

const draw = (id: string, lang: 'en' | 'ja' = 'en') => makeDot(snapshots[id]!, { gradients: true, lang });

describe('gradient findings', () => {
  it('a deep sigmoid MLP: the first layers vanish, through six sigmoids', () => {
    const [finding, ...rest] = draw('deep_sigmoid').diagnostics;
    expect(rest).toEqual([]);
    expect(finding!.kind).toBe('gradientVanishing');
    expect(finding!.severity).toBe('warning');
    expect(finding!.params).toEqual(['model.0.bias', 'model.0.weight', 'model.2.bias', 'model.2.weight', 'model.4.bias', 'model.4.weight']);
    expect(finding!.summary).toBe("The gradients of model.0.bias, model.0.weight, model.2.bias, model.2.weight, model.4.bias and model.4.weight vanish: down to 3.24e-6 of the largest (model.12.weight's).");
    expect(finding!.text).toContain('6 SigmoidBackward0 nodes');
  });

  it('a ReLU dead from a -10 bias: fc1 and the weight after it get exactly zero, the ReLU and its line named', () => {
    const [finding, ...rest] = draw('dead_relu').diagnostics;
    expect(rest).toEqual([]);
    expect(finding!.kind).toBe('gradientZero');
    expect(finding!.severity).toBe('error');
    expect(finding!.params).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight']);
    const line = lineOf('fc1.forward(x).relu()');
    expect(finding!.summary).toBe(`fc1.weight, fc1.bias and fc2.weight get exactly zero gradient: every unit of the ReLU on line ${line} of gradient-flow.ts is off.`);
    expect(finding!.places.map((p) => p.line)).toEqual([line]);
    expect(snapshots['dead_relu']!.nodes[finding!.nodes[0]!]!.name).toBe('ReluBackward0');
  });

  it('zeroGrad() between backward() and step(): the gradient arrived and was emptied, not a zero gradient', () => {
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 1));
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.05 });
    const x = randn(64, 2);
    const loss = recordGradients(() => {
      const loss = F.mseLoss(model.forward(x), x.mul(2).sum(1, true));
      loss.backward();
      optimizer.zeroGrad();
      optimizer.step();
      return loss;
    });
    const [finding, ...rest] = makeDot(snapshot(loss, { params: model.namedParameters() }), { gradients: true }).diagnostics;
    expect(rest).toEqual([]);
    expect(finding!.kind).toBe('gradientCleared');
    expect(finding!.params).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(finding!.summary).toBe('0.weight.grad, 0.bias.grad, 2.weight.grad and 2.bias.grad are zero although backward() sent 0.weight, 0.bias, 2.weight and 2.bias a gradient: they were zeroed after backward().');
    expect(finding!.fix).toBe('Empty the gradients before backward(), not after it: optimizer.zeroGrad(); loss.backward(); optimizer.step();');
  });

  it.each([
    ['log_zero', 'w', 'log()', 'p.log()', 'w.mul(x)', '1 NaN'],
    ['sqrt_zero', 'a', 'sqrt()', 'd2.sqrt()', '.pow(2).sum()', '2 NaN'],
  ])('%s: the NaN in %s.grad was born at %s, on its line, from the value made on the line before', (id, param, op, opLine, inputLine, bad) => {
    const [finding, ...rest] = draw(id).diagnostics;
    expect(rest).toEqual([]);
    expect(finding!.kind).toBe('gradientNonFinite');
    expect(finding!.params).toEqual([param]);
    expect(finding!.summary).toBe(`${param}.grad holds ${bad}: the gradient first became NaN or Inf at ${op} on line ${lineOf(opLine)} of gradient-flow.ts.`);
    expect(finding!.places.map((p) => p.line)).toEqual([lineOf(opLine), lineOf(inputLine)]);
    expect(finding!.text).toContain(`on line ${lineOf(inputLine)} of gradient-flow.ts) is 0 (or below) there`);
  });

  it('an exploding linear stack: the gradient grows towards the input, the largest named first', () => {
    const [finding, ...rest] = draw('exploding_linear').diagnostics;
    expect(rest).toEqual([]);
    expect(finding!.kind).toBe('gradientExploding');
    expect(finding!.params[0]).toBe('model.2.weight');
    expect(finding!.params).not.toContain('model.7.bias');
    expect(finding!.text).toContain('it is 1.14e+4 times larger than at model.7.bias, nearer the output');
  });

  it('are said in Japanese too', () => {
    expect(draw('log_zero', 'ja').diagnostics[0]!.summary).toBe(`w.grad に 1 個の NaN が含まれます。勾配が最初に NaN か Inf になったのは log()（gradient-flow.ts の ${lineOf('p.log()')} 行目）です。`);
    expect(draw('deep_sigmoid', 'ja').diagnostics[0]!.text).toContain('6 個の SigmoidBackward0 ノードを通ります');
  });
});

describe('the picture with gradients', () => {
  it('colours every flow arrow and leaf by its gradient, writes each norm under its name, and draws the colour bar', () => {
    const graph = draw('deep_sigmoid');
    const flows = graph.graph.edges.filter((e) => e.kind === 'flow');
    expect(flows.every((e) => e.gradient?.state === 'finite')).toBe(true);
    const first = graph.graph.nodes.find((n) => n.kind === 'leaf' && n.lines[0] === 'model.0.weight')!;
    expect(first.lines).toEqual(['model.0.weight', ' (16, 4)', 'grad 1.06e-5']);
    expect(first.gradient!.norm).toBeCloseTo(1.0582533e-5, 10);
    const last = graph.graph.nodes.find((n) => n.kind === 'leaf' && n.lines[0] === 'model.12.weight')!;
    expect(last.gradient!.width).toBeGreaterThan(first.gradient!.width);
    // From model.0.bias's gradient to the loss's own (1).
    expect(graph.graph.gradientScale).toMatchObject({ min: expect.closeTo(2.128e-6, 8), max: 1 });
    const svg = graph.toSVG();
    expect(svg).toContain('class="gradient-legend"');
    expect(svg).toContain('Gradient norm along each arrow and at each leaf (log scale)');
    expect(svg.match(/<g class="edge"[^>]*data-gradient="finite"/g)!.length).toBe(flows.length);
  });

  it('draws zero gradients grey and dashed, NaN/Inf red, and marks the dead ReLU and where the NaN was born', () => {
    const dead = draw('dead_relu');
    const relu = dead.graph.nodes.find((n) => n.lines[0] === 'ReluBackward0')!;
    expect(relu).toMatchObject({ broken: true, badge: 'dead: every unit off' });
    expect(dead.toSVG()).toMatch(/data-gradient="zero"[^>]*>[^]*?stroke-dasharray="5,3"/);
    // Graphviz gets the same: colours and widths on the scale, zero dashed, NaN/Inf red.
    expect(dead.toDOT()).toMatch(/"n3" -> "n1" \[color="#[0-9a-f]{6}" penwidth=[\d.]+\]/);
    expect(dead.toDOT()).toMatch(/color="#9e9e9e" penwidth=1 style=dashed/);
    const log = draw('log_zero');
    expect(log.toDOT()).toContain('color=red penwidth=2.5');
    expect(log.graph.nodes.find((n) => n.lines[0] === 'LogBackward0')).toMatchObject({ broken: true, badge: 'NaN/Inf born here' });
    expect(log.graph.nodes.find((n) => n.lines[0] === 'w')!.lines.at(-1)).toBe('grad 1 NaN');
    expect(log.graph.edges.filter((e) => e.gradient?.state === 'nonFinite').length).toBe(3);
  });

  it('lists the params for the gradient-flow chart from the input side to the output', () => {
    const rows = draw('deep_sigmoid').graph.gradientChart!;
    expect(rows.map((r) => r.name).slice(0, 3)).toEqual(['model.0.weight', 'model.0.bias', 'model.2.weight']);
    expect(rows.at(-1)!.name).toBe('model.12.bias');
    expect(rows[0]!.meanAbs).toBeLessThan(rows[0]!.maxAbs);
  });

  it('shows folded module groups with their total and merged arrows with the largest gradient', () => {
    const folded = makeDot(snapshots['deep_sigmoid']!, { gradients: true, lang: 'en', depth: 0 });
    const first = folded.picture.nodes.find((n) => n.kind === 'group' && n.lines[0] === '0')!;
    // sqrt(weight² + bias²) of model.0.
    expect(first.lines[1]).toBe(`Linear, 80 params, grad ${Number(Math.hypot(1.0582533e-5, 2.1282911e-6).toPrecision(3)).toExponential(2).replace(/\.?0+e/, 'e')}`);
    expect(folded.picture.edges.filter((e) => e.kind === 'flow').every((e) => e.gradient !== undefined)).toBe(true);
  });

  it('without the option, draws exactly what it drew before gradients were recorded', () => {
    for (const recorded of Object.values(snapshots)) {
      const { gradients, ...plain } = recorded;
      expect(gradients).toBeDefined();
      const options = { lang: 'en' as const, depth: Infinity };
      expect(makeDot(recorded, options).toSVG()).toBe(makeDot(plain, options).toSVG());
      expect(makeDot(recorded, options).toDOT()).toBe(makeDot(plain, options).toDOT());
    }
  });

  it('refuses a malformed gradients block with a clear error', () => {
    const s = snapshots['log_zero']!;
    const g = s.gradients!;
    const bad = (gradients: unknown) => () => makeDot({ ...s, gradients } as GraphSnapshot, { gradients: true });
    expect(bad({ ...g, nodes: [{ ...g.nodes[0]!, node: 99 }] })).toThrow('makeDot(): malformed snapshot: gradients.nodes[0].node must be a node id from 0 to 4');
    expect(bad({ ...g, nodes: [{ ...g.nodes[0]!, gradInputs: [] }] })).toThrow('gradients.nodes[0].gradInputs must have one entry per next entry of node 0 (1)');
    expect(bad({ ...g, leaves: [{ ...g.leaves[0]!, grad: { ...g.leaves[0]!.grad, norm: -1 } }] })).toThrow('gradients.leaves[0].grad.norm must be a finite number >= 0');
    expect(bad({ ...g, anomaly: { node: 2, inputs: [3] } })).toThrow("gradients.anomaly.inputs must list indices into node 2's next entries");
  });

  it('says what to do when the snapshot recorded no gradients', () => {
    const { gradients: _, ...plain } = snapshots['log_zero']!;
    expect(() => makeDot(plain, { gradients: true })).toThrow(
      'makeDot(): gradients: true needs gradient statistics in the snapshot: call backward() inside recordGradients(() => ...) or as backward(null, { recordGradients: true })',
    );
    expect(() => makeDot(plain, { gradients: 'yes' as never })).toThrow('makeDot(): gradients must be true or false, got "yes"');
  });
});

describe('the same programs through the Python package', () => {
  const python = fileURLToPath(new URL('../../python/', import.meta.url));
  const exported = JSON.parse(
    execFileSync('/usr/bin/python3', [`${python}tests/export_gradients.py`], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: python, PYTHONDONTWRITEBYTECODE: '1' }, maxBuffer: 1 << 28 }),
  ) as Record<string, GraphSnapshot>;
  const facts = (s: GraphSnapshot) =>
    makeDot(s, { gradients: true, lang: 'en' }).diagnostics.map((f) => ({ kind: f.kind, severity: f.severity, params: f.params, nodes: f.nodes.map((n) => s.nodes[n]!.name) }));

  it.each(Object.keys(GRADIENT_PROGRAMS))('%s: the same findings, about the same params and nodes', (id) => {
    expect(facts(exported[id]!)).toEqual(facts(snapshots[id]!));
  });

  it.each(Object.keys(GRADIENT_PROGRAMS))("%s: the same gradient along every edge and at every param", (id) => {
    const [engine, torch] = [snapshots[id]!, exported[id]!];
    expect(torch.nodes.map((n) => n.name)).toEqual(engine.nodes.map((n) => n.name));
    const byNode = (s: GraphSnapshot) => new Map(s.gradients!.nodes.map((n) => [n.node, n.gradInputs.map((g) => g && [g.norm, g.zeros, g.nan, g.inf])]));
    const [a, b] = [byNode(engine), byNode(torch)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [node, sent] of a) {
      sent.forEach((stats, i) => {
        const other = b.get(node)![i];
        if (stats === null) return expect(other).toBeNull();
        expect(other!.slice(1)).toEqual(stats.slice(1));
        // float32 sums in another order: the same to about 6 digits.
        expect(Math.abs(other![0]! - stats[0]!)).toBeLessThanOrEqual(1e-5 * stats[0]! + 1e-12);
      });
    }
  });
});
