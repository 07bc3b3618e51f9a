/**
 * torchviz's `make_dot`, replayed over a snapshot: the same node statements in the same order, so
 * the same labels, colours and edges come out — including torchviz's identity effects (a saved
 * tensor that is a leaf relabels the leaf's box; an output already seen is not drawn again).
 */
import type { GraphSnapshot, NodeSnapshot, TensorSnapshot } from '@gradviz/engine/snapshot-schema';
import { clipText, type FillName, MAX_LABEL_CHARS, type VizNodeKind } from './graph.js';
import { savedValueText, sizeText } from './python-format.js';

export interface TorchvizOptions {
  /** torchviz's `show_attrs`: a table of saved values under each node's name. */
  readonly showAttrs: boolean;
  /** torchviz's `show_saved`: saved tensors as orange boxes hanging from their node. */
  readonly showSaved: boolean;
  /** torchviz's `max_attr_chars`: longer values are cut with `...`. */
  readonly maxAttrChars: number;
}

export interface TorchvizNode {
  readonly key: string;
  readonly label: string;
  readonly fill: FillName;
  readonly kind: VizNodeKind;
  /** The snapshot node or tensor this box stands for. */
  readonly node?: number;
  readonly tensor?: number;
}

export interface TorchvizEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'flow' | 'saved' | 'view';
}

export interface TorchvizDrawing {
  /** In order of first statement; a later statement about the same key updates it, as in Graphviz. */
  readonly nodes: readonly TorchvizNode[];
  readonly edges: readonly TorchvizEdge[];
  /** How many statements torchviz wrote (repeats included): its `resize_graph` sizes the graph from it. */
  readonly statementCount: number;
}

export const nodeKey = (id: number): string => `n${id}`;
export const tensorKey = (id: number): string => `t${id}`;

/**
 * torchviz's `get_fn_name`: the class name, and with `show_attrs` a ruled table of saved values.
 * Columns and rule are no wider than a label line shows (MAX_LABEL_CHARS), so the table grows with
 * the number of values, not with the number times the longest.
 */
export function fnLabel(node: NodeSnapshot, options: TorchvizOptions): string {
  const name = node.name;
  const entries = Object.entries(node.saved);
  if (!options.showAttrs || entries.length === 0) return name;
  const attrs = entries.map(([key, value]) => [clipText(key, MAX_LABEL_CHARS), savedValueText(value)] as const);
  const maxChars = Math.min(Math.max(options.maxAttrChars, 3), MAX_LABEL_CHARS);
  let col1 = 0;
  let longest = 0;
  for (const [k, v] of attrs) {
    col1 = Math.max(col1, k.length);
    longest = Math.max(longest, v.length);
  }
  const col2 = Math.min(longest, maxChars);
  const rule = '-'.repeat(Math.min(Math.max(col1 + col2 + 2, name.length), MAX_LABEL_CHARS));
  const cut = (v: string) => (v.length > col2 ? `${v.slice(0, col2 - 3)}...` : v);
  const rows = attrs.map(([k, v]) => `${k.padEnd(col1)}: ${cut(v).padStart(col2)}`);
  return `${name}\n${rule}\n${rows.join('\n')}`;
}

export function torchvizDrawing(snapshot: GraphSnapshot, options: TorchvizOptions): TorchvizDrawing {
  // torchviz's param_map: {id(v): k for k, v in params.items()} — the last name of a tensor wins.
  const paramName = new Map(snapshot.params.map((p) => [p.tensor, p.name]));
  const statements = new Map<string, TorchvizNode>();
  const edges: TorchvizEdge[] = [];
  const seenNodes = new Set<number>();
  const seenTensors = new Set<number>();

  const varLabel = (tensor: number, name?: string) =>
    `${name || paramName.get(tensor) || ''}\n ${sizeText(snapshot.tensors[tensor]!.shape)}`;
  let statementCount = 0;
  const state = (node: TorchvizNode) => {
    statementCount++;
    statements.set(node.key, node);
  };
  const edge = (e: TorchvizEdge) => {
    statementCount++;
    edges.push(e);
  };
  const tensorStatement = (tensor: number, label: string, fill: FillName, kind: VizNodeKind) =>
    state({ key: tensorKey(tensor), label, fill, kind, tensor });

  /** Entering a node: its saved tensors, its leaf, its own box (torchviz's add_nodes before recursing). */
  const enter = (id: number) => {
    const node = snapshot.nodes[id]!;
    if (options.showSaved) {
      const hang = (tensor: number, name: string) => {
        seenTensors.add(tensor);
        edge({ from: nodeKey(id), to: tensorKey(tensor), kind: 'saved' });
        tensorStatement(tensor, varLabel(tensor, name), 'orange', 'saved');
      };
      for (const [name, value] of Object.entries(node.saved)) {
        if (value.type === 'tensor') hang(value.tensor, name);
        // A tuple of tensors: each one named `indices[0]`, as torchviz names them.
        if (value.type === 'tensors') value.tensors.forEach((t, i) => t !== null && hang(t, `${name}[${i}]`));
      }
    }
    if (node.variable !== undefined) {
      seenTensors.add(node.variable);
      tensorStatement(node.variable, varLabel(node.variable), 'lightblue', 'leaf');
      edge({ from: tensorKey(node.variable), to: nodeKey(id), kind: 'flow' });
    }
    state({ key: nodeKey(id), label: fnLabel(node, options), fill: 'lightgrey', kind: 'gradFn', node: id });
  };

  /** torchviz's recursive add_nodes, with an explicit stack. */
  const addNodes = (root: number) => {
    if (seenNodes.has(root)) return;
    seenNodes.add(root);
    enter(root);
    const stack: { id: number; next: number }[] = [{ id: root, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const next = snapshot.nodes[frame.id]!.next;
      if (frame.next >= next.length) {
        stack.pop();
        continue;
      }
      const [child] = next[frame.next++]!;
      if (child === null) continue;
      edge({ from: nodeKey(child), to: nodeKey(frame.id), kind: 'flow' });
      if (seenNodes.has(child)) continue;
      seenNodes.add(child);
      enter(child);
      stack.push({ id: child, next: 0 });
    }
  };

  /** torchviz's add_base_tensor: an output, its graph, and for a view its base. */
  const addBase = (tensor: number, fill: FillName, kind: VizNodeKind) => {
    let current: { tensor: number; fill: FillName; kind: VizNodeKind } | null = { tensor, fill, kind };
    while (current !== null && !seenTensors.has(current.tensor)) {
      const t: TensorSnapshot = snapshot.tensors[current.tensor]!;
      seenTensors.add(current.tensor);
      tensorStatement(current.tensor, varLabel(current.tensor), current.fill, current.kind);
      const gradFn = t.gradFn?.node ?? null;
      if (gradFn !== null) {
        addNodes(gradFn);
        edge({ from: nodeKey(gradFn), to: tensorKey(current.tensor), kind: 'flow' });
      }
      if (t.base === undefined) break;
      edge({ from: tensorKey(t.base), to: tensorKey(current.tensor), kind: 'view' });
      current = { tensor: t.base, fill: 'darkolivegreen3', kind: 'base' };
    }
  };

  for (const output of snapshot.outputs) addBase(output.tensor, 'darkolivegreen1', 'output');
  return { nodes: [...statements.values()], edges, statementCount };
}
