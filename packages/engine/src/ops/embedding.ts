/** `F.embedding(indices, weight, padding_idx)`: the rows of weight at the indices (EmbeddingBackward0). */
import { Node } from '../autograd/node.js';
import { allocate, legacyTypeName } from '../dtype.js';
import { IndexError, RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { recordOp } from './record.js';
import { contiguousValues } from './strided.js';

class EmbeddingBackward0 extends Node {
  readonly #rows: number;
  readonly #paddingIdx: number;

  constructor(indices: Tensor, weight: Tensor, paddingIdx: number) {
    super();
    this.#rows = weight.shape[0]!;
    this.#paddingIdx = paddingIdx;
    this.saveTensor('indices', indices);
    this.saveInt('padding_idx', paddingIdx);
    this.saveValue('scale_grad_by_freq', { type: 'bool', value: false });
    this.saveValue('sparse', { type: 'bool', value: false });
    this.saveTensor('weight', weight);
  }

  name(): string {
    return 'EmbeddingBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const idx = contiguousValues(this.savedTensor('indices'));
    const width = grad.shape.at(-1)!;
    const g = contiguousValues(grad);
    const out = new Float64Array(this.#rows * width);
    for (let n = 0; n < idx.length; n++) {
      const row = idx[n]!;
      if (row === this.#paddingIdx) continue;
      for (let j = 0; j < width; j++) out[row * width + j]! += g[n * width + j]!;
    }
    const values = allocate(grad.dtype, out.length);
    values.set(out);
    return [fromValues(values, [this.#rows, width], grad.dtype)];
  }
}

export function embedding(indices: Tensor, weight: Tensor, paddingIdx = -1): Tensor {
  if (indices.dtype !== 'int64') {
    throw new RuntimeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${legacyTypeName(indices.dtype)} instead (while checking arguments for embedding)`,
    );
  }
  if (weight.ndim !== 2) throw new RuntimeError("'weight' must be 2-D");
  const [rows, width] = weight.shape as [number, number];
  const idx = contiguousValues(indices);
  const w = contiguousValues(weight);
  const out = allocate(weight.dtype, idx.length * width);
  for (let n = 0; n < idx.length; n++) {
    const row = idx[n]!;
    if (row < 0 || row >= rows) throw new IndexError('index out of range in self');
    out.set(w.subarray(row * width, (row + 1) * width), n * width);
  }
  const result = fromValues(out, [...indices.shape, width], weight.dtype);
  return recordOp('embedding', [weight], result, () => new EmbeddingBackward0(indices, weight, paddingIdx));
}
