/** Reading a snapshot for the diagnosis: which leaves are reached, where values entered as constants, which cuts starve what. */
import type { CutSourceSnapshot, GraphSnapshot, NodeSnapshot, SourceLocationSnapshot, TensorSnapshot } from '@gradviz/engine/snapshot-schema';
import { type CodeDialect, dialectOf } from '../code-dialect.js';

/** A value that entered the graph through a cut: what needed a gradient, where it was cut, and where it went in. */
export interface Cut {
  readonly cut: CutSourceSnapshot['cut'];
  readonly via?: CutSourceSnapshot['via'];
  readonly op?: string;
  /** The tensor that needed a gradient. */
  readonly source: number;
  /** The tensor made at the cut. */
  readonly at: number;
  /** The constant input (or output) that carries the cut value. */
  readonly constant: number;
  /** The nodes the constant entered; none when it is an output itself. */
  readonly nodes: readonly number[];
}

export class GraphFacts {
  /** Leaves whose AccumulateGrad is in the graph: backward reaches them. */
  readonly reachedLeaves = new Set<number>();
  /**
   * Where values that need no gradient enter: each constant input's tensor with the nodes it
   * entered, and each output without gradFn (entering nothing: it is the end of the graph).
   */
  readonly constantUses = new Map<number, number[]>();
  /** Params names by tensor id, in the order given. */
  readonly namesByTensor = new Map<number, string[]>();
  /** Every cut value in the graph, in the order the constants were first met. */
  readonly cuts: Cut[] = [];
  /** The code findings quote, in the program's language. */
  readonly code: CodeDialect;
  /** Whether how tensors were made was recorded (always by the engine; for PyTorch, inside gradviz.record()). */
  readonly recorded: boolean;

  constructor(readonly snapshot: GraphSnapshot) {
    this.code = dialectOf(snapshot);
    this.recorded = snapshot.tensors.some((t) => t.origin !== undefined) || snapshot.nodes.some((n) => n.source !== undefined);
    for (const p of snapshot.params) this.namesByTensor.set(p.tensor, [...(this.namesByTensor.get(p.tensor) ?? []), p.name]);
    for (const node of snapshot.nodes) {
      if (node.variable !== undefined) this.reachedLeaves.add(node.variable);
      node.constants?.forEach((c) => {
        if (c === null || !('tensor' in c)) return;
        const uses = this.constantUses.get(c.tensor);
        if (uses === undefined) this.constantUses.set(c.tensor, [node.id]);
        // A node that takes the value twice is entered once.
        else if (uses.at(-1) !== node.id) uses.push(node.id);
      });
    }
    for (const output of snapshot.outputs) {
      if (output.gradFn === null && !this.constantUses.has(output.tensor)) this.constantUses.set(output.tensor, []);
    }
    for (const [constant, nodes] of this.constantUses) {
      for (const s of this.tensor(constant).cutSources ?? []) {
        this.cuts.push({ cut: s.cut, ...(s.via ? { via: s.via } : {}), ...(s.op ? { op: s.op } : {}), source: s.tensor, at: s.at, constant, nodes });
      }
    }
  }

  tensor(id: number): TensorSnapshot {
    return this.snapshot.tensors[id]!;
  }

  node(id: number): NodeSnapshot {
    return this.snapshot.nodes[id]!;
  }

  /** The tensor's own node in this graph, if it has one here. */
  nodeOf(t: TensorSnapshot): number | null {
    return t.gradFn?.node ?? null;
  }

  /** Whether backward from the outputs reaches the tensor: a leaf through its AccumulateGrad, any other through its node. */
  reached(id: number): boolean {
    const t = this.tensor(id);
    return t.isLeaf ? this.reachedLeaves.has(id) : this.nodeOf(t) !== null;
  }

  /** Leaves whose AccumulateGrad is reached from `node` (iterative walk). */
  leavesBehind(node: number): number[] {
    const leaves: number[] = [];
    const seen = new Set([node]);
    const stack = [node];
    while (stack.length > 0) {
      const n = this.node(stack.pop()!);
      if (n.variable !== undefined) leaves.push(n.variable);
      for (const [next] of n.next) {
        if (next !== null && !seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return leaves;
  }

  /** The leaves that require grad behind a tensor: itself for such a leaf, else those its history reaches (as far as the snapshot knows it). */
  leavesOf(id: number): number[] {
    const t = this.tensor(id);
    if (t.isLeaf) return t.requiresGrad ? [id] : [];
    const node = this.nodeOf(t);
    return node !== null ? this.leavesBehind(node) : [...(t.leaves ?? [])];
  }

  /** The user's line that made a tensor: its own, or its node's. */
  placeOf(t: TensorSnapshot): SourceLocationSnapshot | undefined {
    const own = t.origin && 'source' in t.origin ? t.origin.source : undefined;
    const node = this.nodeOf(t);
    return own ?? (node !== null ? this.node(node).source : undefined);
  }

  /** Tensors in the order their names were given in params (unnamed ones after, as met). */
  inParamsOrder(ids: Iterable<number>): number[] {
    const order = [...this.namesByTensor.keys()];
    const rank = (id: number) => (order.includes(id) ? order.indexOf(id) : order.length);
    return [...ids].sort((a, b) => rank(a) - rank(b));
  }

  /** Every params name of the tensor, or none. */
  namesOf(id: number): readonly string[] {
    return this.namesByTensor.get(id) ?? [];
  }
}
