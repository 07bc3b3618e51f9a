/**
 * The picture at one fold state: boxes of unfolded groups drawn in labelled frames (clusters), each
 * folded group one box that says what it is, what goes in and out, and what is wrong inside it.
 * Arrows into or out of a folded group join its box; arrows between the same two boxes become one.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { VizCluster, VizEdge, VizGraph, VizNode } from '../graph.js';
import { sizeText } from '../python-format.js';
import { gradientOf, strongerGradient } from '../gradients/groups.js';
import { groupDetails, groupFacts, groupTitle, say } from './describe.js';
import type { GroupTree } from './types.js';

/** Folded boxes list at most this many input or output shapes; the rest are counted. */
const MAX_SHAPES = 2;

export const groupBoxId = (group: string): string => `group:${group}`;

/** What the folded box of a group learns from the boxes and arrows it hides. */
interface FoldedInfo {
  readonly group: number;
  readonly inputs: Set<string>;
  readonly outputs: Set<string>;
  readonly marks: VizNode[];
}

/** The shape of what flows along an arrow from `node`; undefined for a parameter (its leaf or AccumulateGrad). */
function flowShape(node: VizNode, snapshot: GraphSnapshot): string | undefined {
  if (node.kind === 'gradFn' && node.node !== undefined) {
    const n = snapshot.nodes[node.node]!;
    return n.variable !== undefined || n.output === undefined ? undefined : sizeText(n.output.shape);
  }
  if (node.kind === 'leaf' || node.tensor === undefined) return undefined;
  return sizeText(snapshot.tensors[node.tensor]!.shape);
}

function shapesLine(label: string, shapes: ReadonlySet<string>): string[] {
  if (shapes.size === 0) return [];
  const list = [...shapes];
  const shown = list.slice(0, MAX_SHAPES).join(', ');
  return [`${label} ${shown}${list.length > MAX_SHAPES ? ` +${list.length - MAX_SHAPES}` : ''}`];
}

function foldedBox(tree: GroupTree, graph: VizGraph, info: FoldedInfo, cluster: string | undefined): VizNode {
  const group = tree.groups[info.group]!;
  const facts = groupFacts(tree, graph, info.group);
  // A ghost is a param cut from the graph: a broken chain, as a red box is.
  const broken = info.marks.some((m) => m.broken || m.ghost);
  const receivesGrad = !broken && info.marks.some((m) => m.receivesGrad);
  const badges = info.marks.flatMap((m) => (m.badge === undefined ? [] : [m.badge]));
  const badge =
    info.marks.length === 0
      ? undefined
      : info.marks.length === 1 && badges.length === 1
        ? say(graph, 'group.inside', { badge: badges[0]! })
        : say(graph, 'group.marksInside', { count: info.marks.length });
  const [inputs, outputs, inside] = [say(graph, 'group.detail.in'), say(graph, 'group.detail.out'), say(graph, 'group.detail.inside')];
  const details = groupDetails(tree, graph, info.group);
  if (info.inputs.size > 0) details.push([inputs, [...info.inputs].join(', ')]);
  if (info.outputs.size > 0) details.push([outputs, [...info.outputs].join(', ')]);
  for (const mark of info.marks) details.push([inside, `${mark.lines.map((l) => l.trim()).filter((l) => l !== '').join(' ') || mark.id}${mark.badge ? `: ${mark.badge}` : ''}`]);
  return {
    id: groupBoxId(group.id),
    kind: 'group',
    lines: [groupTitle(tree, graph, info.group), ...(facts.length > 0 ? [facts.join(', ')] : []), ...shapesLine(inputs, info.inputs), ...shapesLine(outputs, info.outputs)],
    fill: 'white',
    ...(broken ? { broken } : {}),
    ...(receivesGrad ? { receivesGrad } : {}),
    ...(badge !== undefined ? { badge } : {}),
    details,
    group: group.id,
    ...(cluster !== undefined ? { cluster } : {}),
  };
}

/** Each edge's two ends as box indexes (from, to, from, to...), computed once per graph. */
const edgeEndsOf = new WeakMap<VizGraph, Int32Array>();

function edgeEnds(graph: VizGraph): Int32Array {
  let ends = edgeEndsOf.get(graph);
  if (ends === undefined) {
    const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
    ends = new Int32Array(2 * graph.edges.length);
    graph.edges.forEach((edge, e) => {
      ends![2 * e] = index.get(edge.from)!;
      ends![2 * e + 1] = index.get(edge.to)!;
    });
    edgeEndsOf.set(graph, ends);
  }
  return ends;
}

/**
 * Draws `graph` with the groups in `unfolded` open (a group opens only if its parents do too) and
 * every other group folded. With nothing to fold, the graph comes back as it is.
 */
export function foldGraph(graph: VizGraph, snapshot: GraphSnapshot, tree: GroupTree, unfolded: ReadonlySet<string>): VizGraph {
  if (tree.groups.length === 1) return graph;
  const groups = tree.groups;
  // Parents before children: levels only grow downwards.
  const order = groups.map((_, g) => g).sort((a, b) => groups[a]!.level - groups[b]!.level);
  const open = new Uint8Array(groups.length);
  /** For a group not open: the folded group whose box stands for it. */
  const shownAs = new Int32Array(groups.length).fill(-1);
  for (const g of order) {
    const group = groups[g]!;
    if (group.parent < 0) open[g] = 1;
    else if (open[group.parent] && unfolded.has(group.id)) open[g] = 1;
    else shownAs[g] = open[group.parent] ? g : shownAs[group.parent]!;
  }
  const clusterId = (g: number): string | undefined => (g === 0 ? undefined : groups[g]!.id);

  // Each box shows as itself (item b) or as the folded box of the group hiding it (item B + g).
  const boxes = graph.nodes.length;
  const folded = new Map<number, FoldedInfo>();
  const shown = new Int32Array(boxes);
  const nodes: VizNode[] = [];
  const slot = new Map<number, number>();
  graph.nodes.forEach((node, box) => {
    const g = tree.boxGroup[box]!;
    if (open[g]) {
      const cluster = clusterId(g);
      shown[box] = box;
      nodes.push(cluster === undefined ? node : { ...node, cluster });
      return;
    }
    const hiding = shownAs[g]!;
    let info = folded.get(hiding);
    if (info === undefined) {
      info = { group: hiding, inputs: new Set(), outputs: new Set(), marks: [] };
      folded.set(hiding, info);
      slot.set(hiding, nodes.push(node) - 1);
    }
    shown[box] = boxes + hiding;
    if (node.broken || node.receivesGrad || node.ghost) info.marks.push(node);
  });
  const idOf = (item: number): string => (item < boxes ? graph.nodes[item]!.id : groupBoxId(groups[item - boxes]!.id));

  const ends = edgeEnds(graph);
  const edges: VizEdge[] = [];
  const merged = new Map<number, number>();
  graph.edges.forEach((edge, e) => {
    const from = ends[2 * e]!;
    const to = ends[2 * e + 1]!;
    const a = shown[from]!;
    const b = shown[to]!;
    if (a === b) return;
    if (a === from && b === to) {
      edges.push(edge);
      return;
    }
    if (edge.kind === 'flow') {
      const shape = flowShape(graph.nodes[from]!, snapshot);
      if (shape !== undefined) {
        if (b !== to) folded.get(b - boxes)!.inputs.add(shape);
        if (a !== from) folded.get(a - boxes)!.outputs.add(shape);
      }
    }
    const key = a * (boxes + groups.length) + b;
    const at = merged.get(key);
    if (at === undefined) {
      merged.set(key, edges.length);
      edges.push({ from: idOf(a), to: idOf(b), kind: edge.kind, arrow: edge.arrow, style: edge.style, ...(edge.broken ? { broken: true } : {}), ...gradientOf(edge), count: 1 });
      return;
    }
    const previous = edges[at]!;
    edges[at] = { ...previous, ...(edge.broken ? { broken: true } : {}), ...gradientOf({ gradient: strongerGradient(previous.gradient, edge.gradient) }), count: previous.count! + 1 };
  });

  for (const [g, info] of folded) nodes[slot.get(g)!] = foldedBox(tree, graph, info, clusterId(groups[g]!.parent));
  const clusters: VizCluster[] = order
    .filter((g) => g !== 0 && open[g])
    .map((g) => {
      const parent = clusterId(groups[g]!.parent);
      const facts = groupFacts(tree, graph, g);
      return {
        id: groups[g]!.id,
        lines: [[groupTitle(tree, graph, g), ...facts].join(' \u00b7 ')],
        ...(parent !== undefined ? { parent } : {}),
        details: groupDetails(tree, graph, g),
      };
    });
  return { ...graph, nodes, edges, ...(clusters.length > 0 ? { clusters } : {}) };
}
