/**
 * From torchviz's picture to gradviz's: every params name shown, broken chains marked, cut params
 * drawn as ghosts linked to where their value entered, and the findings as a legend.
 */
import type { GraphSnapshot, TensorSnapshot } from '@gradviz/engine/snapshot-schema';
import { dialectOf } from './code-dialect.js';
import type { Finding } from './diagnose.js';
import { FULL_LABEL_DETAIL, labelLines, type LegendEntry, type RankDir, type VizEdge, type VizGraph, type VizNode } from './graph.js';
import { savedValueText, sizeText } from './python-format.js';
import { nodeKey, type TorchvizDrawing, tensorKey } from './torchviz.js';

export const paramKey = (name: string): string => `p:${name}`;

/** Most cut arrows drawn from one ghost box: a value used by thousands of ops keeps the graph drawable. */
const MAX_CUT_ARROWS = 5;

type Details = [string, string][];

type SourceLocation = { file: string; line: number; column: number; cell?: number };

/** `file:line:column`, the file relative to `root` when inside it (so pictures do not depend on the machine); `cell [3], line 2` in a notebook. */
function sourceText(source: SourceLocation | undefined, root: string | undefined): string | undefined {
  if (!source) return undefined;
  if (source.cell !== undefined) return `cell [${source.cell}], line ${source.line}`;
  const prefix = root ? `${root.replace(/[\\/]+$/, '')}/` : undefined;
  const file = prefix && source.file.startsWith(prefix) ? source.file.slice(prefix.length) : source.file;
  return `${file}:${source.line}:${source.column}`;
}

function originText(t: TensorSnapshot, snapshot: GraphSnapshot): string | undefined {
  const o = t.origin;
  if (!o) return undefined;
  const of = (id: number | undefined) => (id === undefined ? 'a tensor no longer alive' : snapshot.tensors[id]!.params?.join(', ') || `a ${snapshot.tensors[id]!.dtype} tensor`);
  switch (o.kind) {
    case 'created':
      return o.via ? `${o.fn}() of values from ${o.via === 'tensor' ? 'tensors' : `${o.via}()`}${o.of === undefined ? '' : ` of ${of(o.of)}`}` : `${o.fn}()`;
    case 'op':
      return o.op;
    case 'noGrad':
      return `${o.op} under ${dialectOf(snapshot).noGrad}`;
    case 'detach':
      return `detach() of ${of(o.of)}`;
    case 'dtypeCopy':
      return `copy of ${of(o.of)}, ${o.from} to ${o.to}`;
    case 'number':
      return `the number ${o.value}`;
    case 'internal':
      return undefined;
  }
}

function tensorDetails(t: TensorSnapshot, snapshot: GraphSnapshot, root: string | undefined): Details {
  const details: Details = [
    ['dtype', t.dtype],
    ['shape', sizeText(t.shape)],
    ['requires grad', String(t.requiresGrad)],
    ['leaf', String(t.isLeaf)],
  ];
  if (t.params?.length) details.push(['params', t.params.join(', ')]);
  if (t.gradFn) details.push(['grad_fn', t.gradFn.name]);
  const origin = originText(t, snapshot);
  if (origin) details.push(['made by', origin]);
  const source = sourceText(t.origin && 'source' in t.origin ? t.origin.source : undefined, root);
  if (source) details.push(['source', source]);
  if (t.preview) details.push(['value', t.preview]);
  return details;
}

function nodeDetails(id: number, snapshot: GraphSnapshot, root: string | undefined): Details {
  const node = snapshot.nodes[id]!;
  const details: Details = [['node', node.name]];
  for (const [name, value] of Object.entries(node.saved)) {
    const tensorText = (t: number) => {
      const saved = snapshot.tensors[t]!;
      return saved.shapeUnknown ? 'tensor (freed by backward before it was read)' : `tensor ${sizeText(saved.shape)} ${saved.dtype}`;
    };
    const text =
      value.type === 'tensor'
        ? `${tensorText(value.tensor)}${value.freed && !snapshot.tensors[value.tensor]!.shapeUnknown ? ' (freed)' : value.modified ? ' (modified in place since saved)' : ''}`
        : value.type === 'tensors'
          ? `(${value.tensors.map((t) => (t === null ? 'None' : tensorText(t))).join(', ')})${value.freed ? ' (freed)' : ''}`
          : savedValueText(value);
    details.push([`saved ${name}`, text]);
  }
  if (node.module) details.push(['module', node.module]);
  const source = sourceText(node.source, root);
  if (source) details.push(['source', source]);
  return details;
}

export interface AnnotateOptions {
  readonly rankdir: RankDir;
  /** Source files under this folder are shown relative to it. */
  readonly sourceRoot?: string;
}

/** A label's lines as the box shows them, and its details with the whole label added when the lines had to be cut. */
function shownLabel(label: string, details: Details): Pick<VizNode, 'lines' | 'details'> {
  const { lines, clipped } = labelLines(label);
  return { lines, details: clipped ? [...details, [FULL_LABEL_DETAIL, label]] : details };
}

/** The VizGraph: torchviz's boxes and arrows, then gradviz's param boxes, marks and legend. */
export function annotate(snapshot: GraphSnapshot, drawing: TorchvizDrawing, findings: readonly Finding[], options: AnnotateOptions): VizGraph {
  const nodes = new Map<string, VizNode>(
    drawing.nodes.map((d) => {
      const ownDetails = d.node !== undefined ? nodeDetails(d.node, snapshot, options.sourceRoot) : tensorDetails(snapshot.tensors[d.tensor!]!, snapshot, options.sourceRoot);
      const { lines, details } = shownLabel(d.label, ownDetails);
      const module = d.node !== undefined ? snapshot.nodes[d.node]!.module : undefined;
      return [
        d.key,
        {
          id: d.key,
          kind: d.kind,
          lines,
          fill: d.fill,
          ...(d.node !== undefined ? { node: d.node, details, ...(module ? { module } : {}) } : {}),
          ...(d.tensor !== undefined ? { tensor: d.tensor, details } : {}),
        },
      ];
    }),
  );
  // torchviz's first label line names a tensor's box: what tells whether a params name is shown.
  const firstLines = new Map(drawing.nodes.map((d) => [d.key, d.label.split('\n', 1)[0]]));
  const edges: VizEdge[] = drawing.edges.map((e) => ({
    from: e.from,
    to: e.to,
    kind: e.kind,
    arrow: e.kind !== 'saved',
    style: e.kind === 'view' ? 'dotted' : 'solid',
  }));
  const mark = (key: string, patch: Partial<VizNode>) => {
    const node = nodes.get(key);
    if (node) nodes.set(key, { ...node, ...patch });
  };
  const addParamBox = (names: readonly string[], t: TensorSnapshot, patch: Partial<VizNode>, notes: Details = []) => {
    const key = paramKey(names.join(', '));
    nodes.set(key, {
      id: key,
      kind: 'param',
      fill: 'white',
      tensor: t.id,
      ...shownLabel(`${names.join(', ')}\n ${sizeText(t.shape)}`, [...tensorDetails(t, snapshot, options.sourceRoot), ...notes]),
      ...patch,
    });
    return key;
  };
  // A param cut both by detach() and under noGrad has two findings: one ghost shows both.
  const addGhostBox = (names: readonly string[], t: TensorSnapshot, badge: string, notes: Details) => {
    const key = paramKey(names.join(', '));
    const ghost = nodes.get(key);
    if (ghost?.ghost) nodes.set(key, { ...ghost, badge: `${ghost.badge}; ${badge}`, details: [...(ghost.details ?? []), ...notes] });
    else addParamBox(names, t, { kind: 'ghost', ghost: true, badge }, notes);
    return key;
  };

  for (const finding of findings) {
    const t = snapshot.tensors[finding.tensors[0]!]!;
    switch (finding.kind) {
      case 'nonLeafParam': {
        const key = addParamBox(finding.params, t, { broken: true, badge: 'not a leaf' });
        edges.push({ from: nodeKey(finding.nodes[0]!), to: key, kind: 'param', arrow: true, style: 'dashed', broken: true });
        for (const leaf of finding.tensors.slice(1)) {
          const named = snapshot.tensors[leaf]!.params?.length;
          mark(tensorKey(leaf), { receivesGrad: true, badge: named ? 'gradient goes here' : 'gradient goes here; nothing names it' });
        }
        break;
      }
      case 'detachedParam':
      case 'noGradParam':
      case 'copiedParam':
      case 'paramMadeUnderNoGrad':
      case 'paramNoGrad':
      case 'paramNotInGraph': {
        const noGrad = dialectOf(snapshot).noGrad;
        const badge = { detachedParam: 'cut by detach()', noGradParam: `used under ${noGrad}`, copiedParam: 'values copied', paramMadeUnderNoGrad: `made under ${noGrad}`, paramNoGrad: 'requires_grad=False', paramNotInGraph: 'not in the graph' }[finding.kind];
        // Link the ghost to where its value entered: the nodes, or else the output box it became.
        const targets = finding.nodes.length > 0 ? finding.nodes.map(nodeKey) : finding.tensors.slice(1).map(tensorKey).filter((k) => nodes.has(k));
        const drawn = targets.slice(0, MAX_CUT_ARROWS);
        const notes: Details = drawn.length < targets.length ? [['cut arrows', `drawn to ${drawn.length} of the ${targets.length.toLocaleString('en-US')} boxes its value entered`]] : [];
        const key = addGhostBox(finding.params, t, badge, notes);
        for (const target of drawn) edges.push({ from: key, to: target, kind: 'cut', arrow: true, style: 'dashed', broken: true });
        break;
      }
      case 'dtypeCopy':
        mark(nodeKey(finding.nodes[0]!), { badge: `dtype copy` });
        if (finding.severity !== 'info') mark(tensorKey(t.id), { receivesGrad: true, badge: 'gradient goes here; nothing names it' });
        break;
      case 'outputWithoutGrad':
        mark(tensorKey(t.id), { broken: true, badge: 'no grad_fn' });
        break;
    }
  }

  // Every params name appears: a name torchviz's label does not show gets a box beside its tensor.
  const shown = new Set(findings.flatMap((f) => (f.kind === 'dtypeCopy' ? [] : f.params)));
  const namesByTensor = new Map<number, string[]>();
  for (const p of snapshot.params) if (!shown.has(p.name)) namesByTensor.set(p.tensor, [...(namesByTensor.get(p.tensor) ?? []), p.name]);
  for (const [id, names] of namesByTensor) {
    const box = nodes.get(tensorKey(id));
    const missing = names.filter((n) => firstLines.get(tensorKey(id)) !== n);
    if (missing.length === 0) continue;
    const key = addParamBox(missing, snapshot.tensors[id]!, {});
    if (box) edges.push({ from: key, to: box.id, kind: 'param', arrow: false, style: 'dashed' });
  }

  const legend: LegendEntry[] = findings.map((f) => ({ text: f.text, fix: f.fix, severity: f.severity }));
  return { nodes: [...nodes.values()], edges, rankdir: options.rankdir, legend };
}
