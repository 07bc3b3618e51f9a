import { full } from '../creation.js';
import { RuntimeError } from '../errors.js';
import { isExpandableTo, sameShape, torchSize } from '../shape.js';
import { sumTo } from '../ops/reduction.js';
import { withoutProvenance } from '../provenance.js';
import { Tensor } from '../tensor.js';
import { AccumulateGrad, accumulateInto } from './accumulate-grad.js';
import { noGrad } from './grad-mode.js';
import type { Edge, InputMetadata, Node } from './node.js';
import { GradientBuffers } from './gradient-buffers.js';
import { ReadyQueue } from './ready-queue.js';

/**
 * `torch.autograd.backward`: PyTorch's engine on one thread. Count how many edges reach each
 * node, then run nodes whose inputs are complete, latest-created first; no recursion, so a
 * chain of any length works.
 */
export function runBackward(roots: readonly Tensor[], grads: readonly (Tensor | null)[], retainGraph: boolean): void {
  const rootEdges: Edge[] = [];
  const rootGrads: Tensor[] = [];
  roots.forEach((root, i) => {
    if (!root.requiresGrad) {
      throw new RuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    }
    rootGrads.push(initialGrad(root, grads[i] ?? null));
    rootEdges.push(root.isLeaf ? [root.gradAccumulator(), 0] : [root.gradFn, root._outputNr]);
  });

  const dependencies = countDependencies(rootEdges.map(([node]) => node!));
  const buffers = new GradientBuffers();
  const ready = new ReadyQueue(priority);
  rootEdges.forEach(([node, inputNr], i) => {
    buffers.add(node!, inputNr, rootGrads[i]!);
    // A root that another root also reaches waits for that gradient too.
    if (!dependencies.has(node!)) ready.push(node!);
  });

  try {
    withoutProvenance(() =>
      noGrad(() => {
        const started = new Set<Node>();
        for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
          if (started.has(node)) continue;
          started.add(node);
          const incoming = buffers.take(node);
          const outputs = anyGradient(incoming) ? runNode(node, incoming, buffers) : [];
          if (!retainGraph) node.releaseVariables();
          // Plain loops in this per-node path: a training step runs it for every node.
          const edges = node.nextFunctions;
          for (let i = 0; i < edges.length; i++) {
            const [next, inputNr] = edges[i]!;
            if (next === null) continue;
            const grad = outputs[i] ?? null;
            if (grad !== null) buffers.add(next, inputNr, fitGradient(node, i, grad, node.inputMetadata[i]!));
            const left = dependencies.get(next)! - 1;
            dependencies.set(next, left);
            if (left === 0) ready.push(next);
          }
          buffers.finished(incoming);
        }
      }),
    );
  } finally {
    buffers.close();
  }
}

function priority(node: Node): number {
  // PyTorch gives AccumulateGrad the largest sequence number, so leaves get their gradients first.
  return node instanceof AccumulateGrad ? Number.POSITIVE_INFINITY : node.sequenceNr;
}

function initialGrad(root: Tensor, grad: Tensor | null): Tensor {
  if (grad === null) {
    if (root.numel() !== 1) throw new RuntimeError('grad can be implicitly created only for scalar outputs');
    // Made by the engine, not by a line of the user's: no source to capture.
    return withoutProvenance(() => full(root.shape, 1, { dtype: root.dtype }));
  }
  if (!sameShape(grad.shape, root.shape)) {
    throw new RuntimeError(
      `Mismatch in shape: grad_output[0] has a shape of ${torchSize(grad.shape)} and output[0] has a shape of ${torchSize(root.shape)}.`,
    );
  }
  return grad.dtype === root.dtype ? grad : grad.to(root.dtype);
}

/** How many edges reach each node from the roots (iterative depth-first walk). */
function countDependencies(roots: readonly Node[]): Map<Node, number> {
  const counts = new Map<Node, number>();
  const seen = new Set<Node>(roots);
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const [next] of node.nextFunctions) {
      if (next === null) continue;
      counts.set(next, (counts.get(next) ?? 0) + 1);
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return counts;
}

/**
 * PyTorch's AccumulateGrad takes the incoming gradient itself as the leaf's first `.grad` when
 * nothing else holds it (no copy); otherwise `.grad` gets a copy, or the sum.
 */
function stealsGradient(node: Node, grad: Tensor | null | undefined, buffers: GradientBuffers): boolean {
  if (!(node instanceof AccumulateGrad) || !grad) return false;
  const leaf = node.variable;
  if (leaf._grad !== null || leaf.gradFn !== null || !leaf.isContiguous() || !buffers.isSoleOwner(grad)) return false;
  if (!grad.isContiguous() || grad._offset !== 0 || grad._storage.length !== grad.numel() || grad.dtype !== leaf.dtype) return false;
  if (!sameShape(grad.shape, leaf.shape)) return false;
  // As PyTorch's `new_grad.detach()`: the same storage, not a view of another tensor.
  leaf._grad = grad._base === null ? grad : new Tensor(grad._storage, grad.shape, grad.dtype);
  buffers.keep(grad);
  return true;
}

function runNode(node: Node, gradOutputs: readonly (Tensor | null | undefined)[], buffers: GradientBuffers): (Tensor | null)[] {
  if (stealsGradient(node, gradOutputs[0], buffers)) return [];
  for (const tensor of node.retainedOutputs) {
    const grad = gradOutputs[tensor._outputNr];
    if (grad) accumulateInto(tensor, grad);
  }
  const grads: (Tensor | null)[] = [];
  for (let i = 0; i < Math.max(gradOutputs.length, 1); i++) grads.push(gradOutputs[i] ?? null);
  return node.applyOutputs(grads);
}

function anyGradient(grads: readonly (Tensor | null | undefined)[]): boolean {
  for (const grad of grads) if (grad) return true;
  return false;
}

/**
 * PyTorch's `validate_outputs`: a gradient computed at the broadcast shape is summed back to the
 * input's shape, and cast to the input's dtype (a float64 leaf behind a float32 copy gets float64).
 */
function fitGradient(node: Node, index: number, grad: Tensor, meta: InputMetadata): Tensor {
  let fitted = grad;
  if (!sameShape(grad.shape, meta.shape)) {
    if (!isExpandableTo(meta.shape, grad.shape)) {
      throw new RuntimeError(
        `Function ${node.name()} returned an invalid gradient at index ${index} - got [${grad.shape.join(', ')}] but expected shape compatible with [${meta.shape.join(', ')}]`,
      );
    }
    fitted = sumTo(grad, meta.shape);
  }
  return fitted.dtype === meta.dtype ? fitted : fitted.to(meta.dtype);
}
