import { full } from '../creation.js';
import { RuntimeError } from '../errors.js';
import { isExpandableTo, sameShape, torchSize } from '../shape.js';
import { sumTo } from '../ops/reduction.js';
import { withoutProvenance } from '../provenance.js';
import type { Tensor } from '../tensor.js';
import { AccumulateGrad, accumulateInto } from './accumulate-grad.js';
import { noGrad } from './grad-mode.js';
import type { Edge, InputMetadata, Node } from './node.js';
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
  const buffers = new Map<Node, (Tensor | null)[]>();
  const ready = new ReadyQueue(priority);
  rootEdges.forEach(([node, inputNr], i) => {
    addToBuffer(buffers, node!, inputNr, rootGrads[i]!);
    // A root that another root also reaches waits for that gradient too.
    if (!dependencies.has(node!)) ready.push(node!);
  });

  withoutProvenance(() =>
    noGrad(() => {
      const started = new Set<Node>();
      for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
        if (started.has(node)) continue;
        started.add(node);
        const incoming = buffers.get(node) ?? [];
        buffers.delete(node);
        const outputs = incoming.some((g) => g != null) ? runNode(node, incoming) : [];
        if (!retainGraph) node.releaseVariables();
        node.nextFunctions.forEach(([next, inputNr], i) => {
          if (next === null) return;
          const grad = outputs[i] ?? null;
          if (grad !== null) addToBuffer(buffers, next, inputNr, fitGradient(node, i, grad, node.inputMetadata[i]!));
          const left = dependencies.get(next)! - 1;
          dependencies.set(next, left);
          if (left === 0) ready.push(next);
        });
      }
    }),
  );
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

function addToBuffer(buffers: Map<Node, (Tensor | null)[]>, node: Node, inputNr: number, grad: Tensor): void {
  let buffer = buffers.get(node);
  if (!buffer) buffers.set(node, (buffer = []));
  const existing = buffer[inputNr];
  buffer[inputNr] = existing ? existing.add(grad) : grad;
}

function runNode(node: Node, gradOutputs: readonly (Tensor | null | undefined)[]): (Tensor | null)[] {
  for (const tensor of node.retainedOutputs) {
    const grad = gradOutputs[tensor._outputNr];
    if (grad) accumulateInto(tensor, grad);
  }
  return node.applyOutputs(Array.from({ length: Math.max(gradOutputs.length, 1) }, (_, i) => gradOutputs[i] ?? null));
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
