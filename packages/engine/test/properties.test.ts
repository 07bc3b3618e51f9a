/**
 * Property-based tests on random expression trees: whatever the tree, backward agrees with finite
 * differences, every leaf gets a gradient of its own shape and dtype, and the snapshot lists each
 * node once in depth-first order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshot, type Tensor } from '../src/index.js';
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
} as const;
type UnaryName = keyof typeof UNARY;

const BINARY = {
  add: (a: Tensor, b: Tensor) => a.add(b),
  sub: (a: Tensor, b: Tensor) => a.sub(b, { alpha: 2 }),
  mul: (a: Tensor, b: Tensor) => a.mul(b),
  divSafe: (a: Tensor, b: Tensor) => a.div(b.mul(b).add(1)),
  rsub: (a: Tensor, b: Tensor) => a.rsub(b),
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
        const graph = snapshot(loss);
        const inGraph = new Set(graph.nodes.filter((n) => n.variable !== undefined).map((n) => graph.tensors[n.variable!]!.shape.join('x')));
        for (const leaf of leaves) {
          if (leaf.grad === null) continue;
          expect(leaf.grad.shape).toEqual(leaf.shape);
          expect(leaf.grad.dtype).toBe('float64');
          expect(inGraph.has(leaf.shape.join('x'))).toBe(true);
        }
        const used = new Set<number>();
        const stack: Expr[] = [expr];
        while (stack.length > 0) {
          const e = stack.pop()!;
          if (e.kind === 'leaf') used.add(e.index);
          else if (e.kind === 'unary') stack.push(e.arg);
          else stack.push(e.left, e.right);
        }
        leaves.forEach((leaf, i) => expect(leaf.grad !== null, `leaf ${i}`).toBe(used.has(i)));
      }),
      { numRuns: 80 },
    );
  });

  it('the snapshot numbers each node once, in depth-first pre-order', () => {
    fc.assert(
      fc.property(exprArbitrary, leafShapes, fc.integer(), (expr, shapes, seed) => {
        const out = evaluate(expr, makeLeaves(seed, shapes));
        const graph = snapshot(out);
        graph.nodes.forEach((n, i) => expect(n.id).toBe(i));
        // Pre-order: every node other than the root is first reached from a node with a smaller id.
        const firstParent = new Map<number, number>();
        graph.nodes.forEach((n) => n.next.forEach(([id]) => id !== null && !firstParent.has(id) && firstParent.set(id, n.id)));
        graph.nodes.slice(1).forEach((n) => expect(firstParent.get(n.id)!).toBeLessThan(n.id));
        expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(graph.nodes.length);
      }),
      { numRuns: 80 },
    );
  });
});
