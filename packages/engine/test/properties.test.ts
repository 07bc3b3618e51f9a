/**
 * Property-based tests on random expression trees: whatever the tree, backward agrees with finite
 * differences, every leaf gets a gradient of its own shape and dtype, and the snapshot lists each
 * node once in depth-first order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, cat, F, type Node, snapshot, stack, type Tensor, where } from '../src/index.js';
import { gradcheck, leaf64, seededValues } from './support/gradcheck.js';

// Leaves broadcast together to [2, 3].
const LEAF_SHAPES: number[][] = [[2, 3], [3], [2, 1], []];

type Expr =
  | { kind: 'leaf'; index: number }
  | { kind: 'unary'; op: UnaryName; arg: Expr }
  | { kind: 'binary'; op: BinaryName; left: Expr; right: Expr };

// Unary ops kept smooth and in-domain whatever their input.
const UNARY = {
  neg: (x: Tensor) => x.neg(),
  tanh: (x: Tensor) => x.tanh(),
  sigmoid: (x: Tensor) => x.sigmoid(),
  square: (x: Tensor) => x.pow(2),
  expTanh: (x: Tensor) => x.tanh().exp(),
  logSigmoid: (x: Tensor) => x.sigmoid().add(0.5).log(),
  sqrtSoft: (x: Tensor) => x.mul(x).add(1).sqrt(),
  scale: (x: Tensor) => x.mul(1.5).sub(0.25),
  softmaxLast: (x: Tensor) => (x.ndim > 0 ? x.softmax(-1) : x.sigmoid()),
  meanKeep: (x: Tensor) => (x.ndim > 0 ? x.mean(-1, true) : x.mul(2)),
  gelu: (x: Tensor) => F.gelu(x),
  layerNormLast: (x: Tensor) => (x.ndim > 0 && x.shape.at(-1)! > 1 ? F.layerNorm(x, [x.shape.at(-1)!]) : x.tanh()),
  // Views and copies that keep the shape, each through a different node.
  reversedRows: (x: Tensor) => (x.ndim > 0 ? x.at(arange(x.shape[0]! - 1, -1, -1)).mul(1.25) : x.neg()),
  splitCat: (x: Tensor) => (x.ndim > 0 ? cat(x.split(1, -1).reverse(), -1) : x.mul(3)),
  unbindStack: (x: Tensor) => (x.ndim > 0 ? stack(x.unbind(0), 0).sigmoid() : x.sigmoid()),
  permuteTwice: (x: Tensor) => (x.ndim === 2 ? x.permute(1, 0).mul(0.5).permute(1, 0) : x.mul(0.5)),
  writeThroughView: (x: Tensor) => {
    const y = x.mul(1);
    if (y.ndim > 0) y.at(0).mul_(2);
    else y.mul_(2);
    return y;
  },
  maskedHalf: (x: Tensor) => x.maskedFill(x.detach().gt(0.5), 0.5),
  selfProduct: (x: Tensor) => {
    if (x.ndim === 2) return x.unsqueeze(0).matmul(x.t().unsqueeze(0)).matmul(x).squeeze(0).mul(0.5);
    return x.ndim === 1 ? x.mul(x.matmul(x)) : x.mul(x);
  },
} as const;
type UnaryName = keyof typeof UNARY;

const BINARY = {
  add: (a: Tensor, b: Tensor) => a.add(b),
  sub: (a: Tensor, b: Tensor) => a.sub(b, { alpha: 2 }),
  mul: (a: Tensor, b: Tensor) => a.mul(b),
  divSafe: (a: Tensor, b: Tensor) => a.div(b.mul(b).add(1)),
  rsub: (a: Tensor, b: Tensor) => a.rsub(b),
  whereGreater: (a: Tensor, b: Tensor) => where(a.detach().gt(b.detach()), a, b),
} as const;
type BinaryName = keyof typeof BINARY;

const leafCount = 3;
const exprArbitrary = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('leaf' as const), index: fc.integer({ min: 0, max: leafCount - 1 }) }),
    fc.record({ kind: fc.constant('unary' as const), op: fc.constantFrom(...(Object.keys(UNARY) as UnaryName[])), arg: tie('expr') }),
    fc.record({
      kind: fc.constant('binary' as const),
      op: fc.constantFrom(...(Object.keys(BINARY) as BinaryName[])),
      left: tie('expr'),
      right: tie('expr'),
    }),
  ),
})).expr;

/** Evaluates a tree bottom-up with an explicit stack (no recursion). */
function evaluate(expr: Expr, leaves: Tensor[]): Tensor {
  const results = new Map<Expr, Tensor>();
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack[stack.length - 1]!;
    const children = e.kind === 'unary' ? [e.arg] : e.kind === 'binary' ? [e.left, e.right] : [];
    const pending = children.filter((c) => !results.has(c));
    if (pending.length > 0) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    if (e.kind === 'leaf') results.set(e, leaves[e.index]!);
    else if (e.kind === 'unary') results.set(e, UNARY[e.op](results.get(e.arg)!));
    else results.set(e, BINARY[e.op](results.get(e.left)!, results.get(e.right)!));
  }
  return results.get(expr)!;
}

function makeLeaves(seed: number, shapes: number[]): Tensor[] {
  const values = seededValues(seed);
  return shapes.map((s) => {
    const shape = LEAF_SHAPES[s]!;
    return leaf64(shape, values(shape.reduce((a, b) => a * b, 1)));
  });
}

const leafShapes = fc.array(fc.integer({ min: 0, max: LEAF_SHAPES.length - 1 }), { minLength: leafCount, maxLength: leafCount });

describe('random expression trees', () => {
  it('backward matches finite differences', () => {
    fc.assert(
      fc.property(exprArbitrary, leafShapes, fc.integer(), (expr, shapes, seed) => {
        const leaves = makeLeaves(seed, shapes);
        gradcheck((...xs) => evaluate(expr, xs), leaves);
      }),
      { numRuns: 60 },
    );
  });

  it('every leaf in the graph gets a gradient of its own shape and dtype; the others get none', () => {
    fc.assert(
      fc.property(exprArbitrary, leafShapes, fc.integer(), (expr, shapes, seed) => {
        const leaves = makeLeaves(seed, shapes);
        const out = evaluate(expr, leaves);
        if (!out.requiresGrad) return;
        const loss = out.sum();
        loss.backward();
        const params = Object.fromEntries(leaves.map((leaf, i) => [`leaf${i}`, leaf]));
        const graph = snapshot(loss, { params });
        // The leaves AccumulateGrad nodes write to, by the params names that refer to those very tensors.
        const accumulated = new Set(graph.nodes.flatMap((n) => (n.variable === undefined ? [] : (graph.tensors[n.variable]!.params ?? []))));
        const used = new Set<number>();
        const stack: Expr[] = [expr];
        while (stack.length > 0) {
          const e = stack.pop()!;
          if (e.kind === 'leaf') used.add(e.index);
          else if (e.kind === 'unary') stack.push(e.arg);
          else stack.push(e.left, e.right);
        }
        leaves.forEach((leaf, i) => {
          expect(leaf.grad !== null, `leaf ${i} has a gradient`).toBe(used.has(i));
          expect(accumulated.has(`leaf${i}`), `leaf ${i} has an AccumulateGrad`).toBe(used.has(i));
          if (leaf.grad === null) return;
          expect(leaf.grad.shape).toEqual(leaf.shape);
          expect(leaf.grad.dtype).toBe('float64');
        });
      }),
      { numRuns: 80 },
    );
  });

  it('the snapshot numbers nodes as a recursive depth-first pre-order walk of gradFn.nextFunctions does', () => {
    fc.assert(
      fc.property(exprArbitrary, leafShapes, fc.integer(), (expr, shapes, seed) => {
        const out = evaluate(expr, makeLeaves(seed, shapes));
        const graph = snapshot(out);
        // The definition, written recursively (these trees are shallow): number a node when first reached.
        const ids = new Map<Node, number>();
        const order: Node[] = [];
        const visit = (node: Node | null): void => {
          if (node === null || ids.has(node)) return;
          ids.set(node, order.length);
          order.push(node);
          for (const [next] of node.nextFunctions) visit(next);
        };
        visit(out.gradFn);
        expect(graph.nodes.map((n) => n.name)).toEqual(order.map((n) => n.name()));
        expect(graph.nodes.map((n) => n.next)).toEqual(order.map((n) => n.nextFunctions.map(([next, nr]) => [next === null ? null : ids.get(next)!, nr])));
      }),
      { numRuns: 80 },
    );
  });
});
