import { zeros } from '../creation.js';
import { type DType, isFloatingPoint } from '../dtype.js';
import { RuntimeError, describeValue } from '../errors.js';
import { captureSource } from '../provenance.js';
import { checkShape } from '../shape.js';
import { Tensor } from '../tensor.js';

/**
 * `nn.Parameter`: a leaf tensor that a Module registers as one of its parameters. It shares the
 * storage of the tensor it wraps (as PyTorch's `_make_subclass` does) and requires grad by default.
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) throw new TypeError(`Parameter(data): data must be a Tensor, got ${describeValue(data)}`);
    if (requiresGrad && !isFloatingPoint(data.dtype)) {
      throw new RuntimeError('Only Tensors of floating point and complex dtype can require gradients');
    }
    super(data._storage, data.shape, data.dtype, data._strides, data._offset, data._version);
    this._requiresGrad = requiresGrad;
    this._origin = { kind: 'created', fn: 'Parameter' };
    this._source = captureSource('cut');
  }

  /** PyTorch's repr: `Parameter containing:` above the tensor's. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/** A new parameter for a layer to initialize (PyTorch's `Parameter(torch.empty(shape))`); `where` names the layer in errors. */
export function emptyParameter(shape: readonly number[], dtype: DType = 'float32', where = 'Parameter'): Parameter {
  return new Parameter(zeros(checkShape([...shape], `${where}()`), { dtype }));
}
