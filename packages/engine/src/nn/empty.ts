import { zeros } from '../creation.js';
import type { DType } from '../dtype.js';
import { checkShape } from '../shape.js';
import { Parameter } from './parameter.js';

/** A new parameter of the given shape, for a layer to initialize (PyTorch's `Parameter(torch.empty(...))`). */
export function empty(shape: readonly number[], dtype: DType = 'float32'): Parameter {
  return new Parameter(zeros(checkShape([...shape], 'nn layer size'), { dtype }));
}
