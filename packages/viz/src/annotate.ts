/**
 * From torchviz's picture to gradviz's: every params name shown, broken chains marked, cut params
 * drawn as ghosts linked to where their value entered, and the findings as a legend.
 */
import type { GraphSnapshot, SavedValue, TensorSnapshot } from '@gradviz/engine/snapshot-schema';
import { dialectOf } from './code-dialect.js';
import type { Finding, FindingKind } from './diagnose.js';
import { labelLines, type LegendEntry, type RankDir, type VizEdge, type VizGraph, type VizNode } from './graph.js';
import { format, type Lang, message, type MessageId, type MessageRef } from './messages/index.js';
import { savedValueText, sizeText } from './python-format.js';
import { nodeKey, type TorchvizDrawing, tensorKey } from './torchviz.js';

export const paramKey = (name: string): string => `p:${name}`;

/** Most cut arrows drawn from one ghost box: a value used by thousands of ops keeps the graph drawable. */
const MAX_CUT_ARROWS = 5;

type Details = [string, string][];

type SourceLocation = { file: string; line: number; column: number; cell?: number };

/** `file:line:column`, the file relative to `root` when inside it (so pictures do not depend on the machine); `cell [3], line 2` in a notebook. */
function sourceText(source: SourceLocation | undefined, root: string | undefined, words: Words): string | undefined {
  if (!source) return undefined;
  if (source.cell !== undefined) return words.say('place.cell', { cell: source.cell, line: source.line });
  const prefix = root ? `${root.replace(/[\\/]+$/, '')}/` : undefined;
  const file = prefix && source.file.startsWith(prefix) ? source.file.slice(prefix.length) : source.file;
  return `${file}:${source.line}:${source.column}`;
}

/** The picture's words in one language. */
class Words {
  constructor(readonly lang: Lang) {}

  say(id: MessageId, args?: MessageRef['args']): string {
    return format(this.lang, message(id, args));
  }
}

function originText(t: TensorSnapshot, snapshot: GraphSnapshot, words: Words): string | undefined {
  const o = t.origin;
  if (!o) return undefined;
  const of = (id: number | undefined) =>
    id === undefined ? words.say('origin.gone') : snapshot.tensors[id]!.params?.join(', ') || words.say('origin.aTensor', { dtype: snapshot.tensors[id]!.dtype });
  switch (o.kind) {
    case 'created':
      if (!o.via) return `${o.fn}()`;
      if (o.via === 'tensor') return words.say('origin.copied', { fn: `${o.fn}()`, of: of(o.of) });
      return words.say(o.of === undefined ? 'origin.values' : 'origin.valuesOf', { fn: `${o.fn}()`, via: `${o.via}()`, of: of(o.of) });
    case 'op':
      return o.op;
    case 'noGrad':
      return words.say('origin.noGrad', { op: o.op, noGrad: dialectOf(snapshot).noGrad });
    case 'detach':
      return words.say(o.data ? 'origin.data' : 'origin.detach', { of: of(o.of) });
    case 'dtypeCopy':
      return words.say('origin.dtypeCopy', { of: of(o.of), from: o.from, to: o.to });
    case 'number':
      return words.say('origin.number', { value: String(o.value) });
    case 'internal':
      return undefined;
  }
}

function tensorDetails(t: TensorSnapshot, snapshot: GraphSnapshot, root: string | undefined, words: Words): Details {
  const details: Details = [
    [words.say('detail.dtype'), t.dtype],
    [words.say('detail.shape'), sizeText(t.shape)],
    [words.say('detail.requiresGrad'), String(t.requiresGrad)],
    [words.say('detail.leaf'), String(t.isLeaf)],
  ];
  if (t.params?.length) details.push([words.say('detail.params'), t.params.join(', ')]);
  if (t.gradFn) details.push([words.say('detail.gradFn'), t.gradFn.name]);
  const origin = originText(t, snapshot, words);
  if (origin) details.push([words.say('detail.madeBy'), origin]);
  const source = sourceText(t.origin && 'source' in t.origin ? t.origin.source : undefined, root, words);
  if (source) details.push([words.say('detail.source'), source]);
  if (t.preview) details.push([words.say('detail.value'), t.preview]);
  return details;
}

function savedText(value: SavedValue, snapshot: GraphSnapshot, words: Words): string {
  const tensorText = (t: number) => {
    const saved = snapshot.tensors[t]!;
    return saved.shapeUnknown ? words.say('saved.freedUnread') : `tensor ${sizeText(saved.shape)} ${saved.dtype}`;
  };
  if (value.type === 'tensor') {
    const note = value.freed && !snapshot.tensors[value.tensor]!.shapeUnknown ? words.say('saved.freed') : value.modified ? words.say('saved.modified') : '';
    return `${tensorText(value.tensor)}${note}`;
  }
  if (value.type === 'tensors') return `(${value.tensors.map((t) => (t === null ? 'None' : tensorText(t))).join(', ')})${value.freed ? words.say('saved.freed') : ''}`;
  return savedValueText(value);
}

function nodeDetails(id: number, snapshot: GraphSnapshot, root: string | undefined, words: Words): Details {
  const node = snapshot.nodes[id]!;
  const details: Details = [[words.say('detail.node'), node.name]];
  for (const [name, value] of Object.entries(node.saved)) details.push([words.say('detail.saved', { name }), savedText(value, snapshot, words)]);
  if (node.module) details.push([words.say('detail.module'), node.module]);
  const source = sourceText(node.source, root, words);
  if (source) details.push([words.say('detail.source'), source]);
  return details;
}

export interface AnnotateOptions {
  readonly rankdir: RankDir;
  /** Source files under this folder are shown relative to it. */
  readonly sourceRoot?: string;
  /** The language of badges, hover details and legend. */
  readonly lang: Lang;
}

/** A label's lines as the box shows them, and its details with the whole label added when the lines had to be cut. */
function shownLabel(label: string, details: Details, words: Words): Pick<VizNode, 'lines' | 'details' | 'fullLabel'> {
  const { lines, clipped } = labelLines(label);
  return clipped ? { lines, details: [...details, [words.say('detail.fullLabel'), label]], fullLabel: label } : { lines, details };
}

/** The badge on a named tensor's ghost box, by finding. */
const GHOST_BADGES: Partial<Record<FindingKind, MessageId>> = {
  detachedParam: 'badge.detached',
  noGradParam: 'badge.usedUnderNoGrad',
  copiedParam: 'badge.valuesCopied',
  nonDifferentiableParam: 'badge.noGradient',
  paramMadeUnderNoGrad: 'badge.madeUnderNoGrad',
  paramNoGrad: 'badge.requiresGradFalse',
  frozenParam: 'badge.frozen',
  requiresGradAfterUse: 'badge.requiresGradLate',
  newLeaf: 'badge.notInGraph',
  paramNotInGraph: 'badge.notInGraph',
};

/** The op a finding about a non-differentiable op names (`argmax()`), from its message's arguments. */
function cutOp(finding: Finding): string {
  const cut = finding.messages.text.args?.cut;
  return typeof cut === 'string' ? cut : '';
}

/** The VizGraph: torchviz's boxes and arrows, then gradviz's param boxes, marks and legend. */
export function annotate(snapshot: GraphSnapshot, drawing: TorchvizDrawing, findings: readonly Finding[], options: AnnotateOptions): VizGraph {
  const words = new Words(options.lang);
  const nodes = new Map<string, VizNode>(
    drawing.nodes.map((d) => {
      const ownDetails =
        d.node !== undefined ? nodeDetails(d.node, snapshot, options.sourceRoot, words) : tensorDetails(snapshot.tensors[d.tensor!]!, snapshot, options.sourceRoot, words);
      const { lines, details } = shownLabel(d.label, ownDetails, words);
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
    if (!node) return;
    // A box two findings mark shows both badges.
    const badge = node.badge !== undefined && patch.badge !== undefined && node.badge !== patch.badge ? `${node.badge}; ${patch.badge}` : (patch.badge ?? node.badge);
    nodes.set(key, { ...node, ...patch, ...(badge !== undefined ? { badge } : {}) });
  };
  const addParamBox = (names: readonly string[], t: TensorSnapshot, patch: Partial<VizNode>, notes: Details = []) => {
    const key = paramKey(names.join(', '));
    nodes.set(key, {
      id: key,
      kind: 'param',
      fill: 'white',
      tensor: t.id,
      ...shownLabel(`${names.join(', ')}\n ${sizeText(t.shape)}`, [...tensorDetails(t, snapshot, options.sourceRoot, words), ...notes], words),
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
  /** The named tensors a finding is about, each with its names among the finding's params. */
  const namedIn = (finding: Finding): [TensorSnapshot, string[]][] =>
    finding.tensors.flatMap((id) => {
      const t = snapshot.tensors[id]!;
      const names = (t.params ?? []).filter((n) => finding.params.includes(n));
      return names.length > 0 ? [[t, names] as [TensorSnapshot, string[]]] : [];
    });
  /** Dashed arrows from `from` to where a cut value entered: its nodes, or else the output box it became. */
  const cutArrows = (finding: Finding, from: string, link: (notes: Details) => void) => {
    const targets = finding.nodes.length > 0 ? finding.nodes.map(nodeKey) : finding.tensors.map(tensorKey).filter((k) => nodes.has(k) && k !== from);
    const drawn = targets.slice(0, MAX_CUT_ARROWS);
    link(drawn.length < targets.length ? [[words.say('detail.cutArrows'), words.say('detail.cutArrowsDrawn', { drawn: drawn.length, total: targets.length })]] : []);
    for (const target of drawn) edges.push({ from, to: target, kind: 'cut', arrow: true, style: 'dashed', broken: true });
  };
  const code = dialectOf(snapshot);

  for (const finding of findings) {
    const t = snapshot.tensors[finding.tensors[0]!];
    switch (finding.kind) {
      case 'nonLeafParam':
      case 'retainGradAfterBackward': {
        const badge = words.say(finding.kind === 'nonLeafParam' ? 'badge.notLeaf' : 'badge.retainGradLate', { retainGrad: code.retainGrad });
        const key = addParamBox(finding.params, t!, { broken: true, badge });
        edges.push({ from: nodeKey(finding.nodes[0]!), to: key, kind: 'param', arrow: true, style: 'dashed', broken: true });
        for (const leaf of finding.kind === 'nonLeafParam' ? finding.tensors.slice(1) : []) {
          const named = snapshot.tensors[leaf]!.params?.length;
          mark(tensorKey(leaf), { receivesGrad: true, badge: words.say(named ? 'badge.gradientHere' : 'badge.gradientHereUnnamed') });
        }
        break;
      }
      case 'partlyCutParam':
        for (const [tensor] of namedIn(finding)) {
          mark(tensorKey(tensor.id), { badge: words.say('badge.partlyCut') });
          cutArrows(finding, tensorKey(tensor.id), () => undefined);
        }
        break;
      case 'savedTensorModified':
        for (const node of finding.nodes) mark(nodeKey(node), { broken: true, badge: words.say('badge.savedModified') });
        break;
      case 'graphFreed':
        for (const node of finding.nodes) mark(nodeKey(node), { broken: true, badge: words.say('badge.freed') });
        break;
      case 'leafMovedIntoGraph':
        mark(tensorKey(t!.id), { broken: true, badge: words.say('badge.leafMoved') });
        break;
      case 'zeroGradientOp':
        mark(nodeKey(finding.nodes[0]!), { badge: words.say('badge.zeroGradient') });
        break;
      case 'gradAccumulated':
        for (const id of finding.tensors) mark(tensorKey(id), { badge: words.say('badge.accumulated') });
        break;
      case 'dtypeCopy':
        mark(nodeKey(finding.nodes[0]!), { badge: words.say('badge.dtypeCopy') });
        if (finding.severity !== 'info') mark(tensorKey(t!.id), { receivesGrad: true, badge: words.say('badge.gradientHereUnnamed') });
        break;
      case 'outputWithoutGrad':
        mark(tensorKey(t!.id), { broken: true, badge: words.say('badge.noGradFn', { gradFn: code.gradFn }) });
        break;
      default: {
        const id = GHOST_BADGES[finding.kind];
        if (id === undefined) break;
        const badge = words.say(id, { noGrad: code.noGrad, op: finding.kind === 'nonDifferentiableParam' ? cutOp(finding) : '' });
        for (const [tensor, names] of namedIn(finding)) {
          cutArrows(finding, paramKey(names.join(', ')), (notes) => addGhostBox(names, tensor, badge, notes));
        }
        if (finding.kind === 'newLeaf') for (const id of finding.tensors.filter((i) => !snapshot.tensors[i]!.params?.length)) mark(tensorKey(id), { badge: words.say('badge.newLeaf') });
      }
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
  return { nodes: [...nodes.values()], edges, rankdir: options.rankdir, legend, lang: options.lang };
}
