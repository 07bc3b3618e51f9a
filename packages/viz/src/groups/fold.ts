/**
 * The picture at one fold state: boxes of unfolded groups drawn in labelled frames (clusters), each
 * folded group one box that says what it is, what goes in and out, and what is wrong inside it.
 * Arrows into or out of a folded group join its box; arrows between the same two boxes become one.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { VizCluster, VizEdge, VizGraph, VizNode } from '../graph.js';
import { sizeText } from '../python-format.js';
import { groupDetails, groupFacts, groupTitle } from './describe.js';
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
  const broken = info.marks.some((m) => m.broken);
  const receivesGrad = !broken && info.marks.some((m) => m.receivesGrad);
  const badges = info.marks.flatMap((m) => (m.badge === undefined ? [] : [m.badge]));
  const badge = info.marks.length === 0 ? undefined : info.marks.length === 1 && badges.length === 1 ? `inside: ${badges[0]}` : `${info.marks.length} marks inside`;
  const details = groupDetails(tree, info.group);
  if (info.inputs.size > 0) details.push(['in', [...info.inputs].join(', ')]);
  if (info.outputs.size > 0) details.push(['out', [...info.outputs].join(', ')]);
  for (const mark of info.marks) details.push(['inside', `${mark.lines.map((l) => l.trim()).filter((l) => l !== '').join(' ') || mark.id}${mark.badge ? `: ${mark.badge}` : ''}`]);
  return {
    id: groupBoxId(group.id),
    kind: 'group',
    lines: [groupTitle(tree, graph, info.group), ...(facts.length > 0 ? [facts.join(', ')] : []), ...shapesLine('in', info.inputs), ...shapesLine('out', info.outputs)],
    fill: 'white',
    ...(broken ? { broken } : {}),
    ...(receivesGrad ? { receivesGrad } : {}),
    ...(badge !== undefined ? { badge } : {}),
    details,
    group: group.id,
    ...(cluster !== undefined ? { cluster } : {}),
  };
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

  // Each box: itself (in its cluster), or the folded box of the group hiding it.
  const folded = new Map<number, FoldedInfo>();
  const shownBox: string[] = [];
  const nodes: VizNode[] = [];
  const infoOf = (g: number): FoldedInfo => {
    let info = folded.get(g);
    if (info === undefined) {
      info = { group: g, inputs: new Set(), outputs: new Set(), marks: [] };
      folded.set(g, info);
      nodes.push({ id: groupBoxId(groups[g]!.id), kind: 'group', lines: [], fill: 'white' });
    }
    return info;
  };
  const slot = new Map<number, number>();
  graph.nodes.forEach((node, box) => {
    const g = tree.boxGroup[box]!;
    if (open[g]) {
      const cluster = clusterId(g);
      shownBox.push(node.id);
      nodes.push(cluster === undefined ? node : { ...node, cluster });
      return;
    }
    const hiding = shownAs[g]!;
    if (!folded.has(hiding)) slot.set(hiding, nodes.length);
    const info = infoOf(hiding);
    shownBox.push(groupBoxId(groups[hiding]!.id));
    if (node.broken || node.receivesGrad) info.marks.push(node);
  });

  const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const edges: VizEdge[] = [];
  const merged = new Map<string, number>();
  for (const edge of graph.edges) {
    const from = index.get(edge.from)!;
    const to = index.get(edge.to)!;
    const a = shownBox[from]!;
    const b = shownBox[to]!;
    if (a === b) continue;
    if (a === edge.from && b === edge.to) {
      edges.push(edge);
      continue;
    }
    if (edge.kind === 'flow') {
      const shape = flowShape(graph.nodes[from]!, snapshot);
      if (shape !== undefined) {
        if (b !== edge.to) folded.get(shownAs[tree.boxGroup[to]!]!)!.inputs.add(shape);
        if (a !== edge.from) folded.get(shownAs[tree.boxGroup[from]!]!)!.outputs.add(shape);
      }
    }
    const key = `${a}\u0000${b}`;
    const at = merged.get(key);
    if (at === undefined) {
      merged.set(key, edges.length);
      edges.push({ from: a, to: b, kind: edge.kind, arrow: edge.arrow, style: edge.style, ...(edge.broken ? { broken: true } : {}), count: 1 });
      continue;
    }
    const previous = edges[at]!;
    edges[at] = { ...previous, ...(edge.broken ? { broken: true } : {}), count: previous.count! + 1 };
  }

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
        details: groupDetails(tree, g),
      };
    });
  return { ...graph, nodes, edges, ...(clusters.length > 0 ? { clusters } : {}) };
}
