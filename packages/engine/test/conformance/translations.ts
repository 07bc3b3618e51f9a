/**
 * Line-by-line TypeScript translations of the non-nn scenarios of
 * `pytorch-reference/scenarios.json`. Python's `2 * x` is `x.mul(2)` (PyTorch's `__rmul__`),
 * `1 - b` is `b.rsub(1)`, `x ** 2` is `x.pow(2)`, `@` is `matmul`.
 */
import { noGrad, sigmoid, tanh, tensor } from '../../src/index.js';
import { npArange, npArray } from '../support/numpy.js';
import type { Translation } from './translation.js';

export const translations: Record<string, Translation> = {
  blog_float_copy() {
    const x_np = npArange(-2, 2.1, 0.25);
    const x = tensor(x_np, { requiresGrad: true }).float();
    const y = x.pow(2).mul(2).add(2);
    const z = y.sum();
    return { x, y, z };
  },

  blog_dtype_arg() {
    const x_np = npArange(-2, 2.1, 0.25);
    const x = tensor(x_np, { requiresGrad: true, dtype: 'float32' });
    const y = x.pow(2).mul(2).add(2);
    const z = y.sum();
    return { x, y, z };
  },

  float_on_float32_is_noop() {
    const W = tensor(1.0, { requiresGrad: true }).float();
    const B = tensor(1.0, { requiresGrad: true }).float();
    const x = tensor([1.0, 2.0, 3.0]);
    const y = W.mul(x).add(B);
    const z = y.sum();
    return { W, B, x, y, z };
  },

  double_then_float() {
    const a = tensor([0.5, -1.5, 2.0], { requiresGrad: true });
    const b = a.double().mul(3);
    const c = b.float().sum();
    return { a, b, c };
  },

  to_dtype() {
    const a = tensor([1.0, 2.0], { requiresGrad: true });
    const b = a.to('float64');
    const c = b.mul(b).sum();
    return { a, b, c };
  },

  retain_grad() {
    const x = tensor(npArray([1.0, 2.0, 3.0]), { requiresGrad: true }).float();
    x.retainGrad();
    const z = x.pow(3).sum();
    return { x, z };
  },

  detach_cuts_chain() {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const w = tensor([3.0, 4.0], { requiresGrad: true });
    const z = x.mul(2).add(w.detach().mul(3)).sum();
    return { x, w, z };
  },

  no_grad_cuts_chain() {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const w = tensor([0.5, -0.5], { requiresGrad: true });
    const h = noGrad(() => x.mul(2));
    const z = h.mul(w).sum();
    return { x, w, h, z };
  },

  all_detached_backward_error() {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const z = x.detach().sum();
    return { x, z };
  },

  nonscalar_backward_error() {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const y = x.mul(2);
    return { x, y };
  },

  second_backward_error() {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const z = x.mul(x).sum();
    return { x, z };
  },

  inplace_on_leaf_error() {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    x.add_(1);
    return { x };
  },

  reuse_same_leaf() {
    const x = tensor([1.0, -2.0, 3.0], { requiresGrad: true });
    const z = x.mul(x).sum();
    return { x, z };
  },

  arith_mix() {
    const a = tensor([1.0, 2.0, 4.0], { requiresGrad: true });
    const b = tensor([0.5, 0.25, 2.0], { requiresGrad: true });
    const c = a.sub(b).div(b).add(a.neg().exp()).sub(b.rsub(1).mul(a.log()));
    const z = c.sum();
    return { a, b, c, z };
  },

  pow_tensor_exponent() {
    const x = tensor([1.5, 2.0], { requiresGrad: true });
    const y = tensor([2.0, 0.5], { requiresGrad: true });
    const z = x.pow(y).sum();
    return { x, y, z };
  },

  activations() {
    const x = tensor([-1.0, 0.5, 2.0], { requiresGrad: true });
    const z = x.relu().add(sigmoid(x).mul(tanh(x))).sum();
    return { x, z };
  },

  mean_and_dims() {
    const x = tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], { requiresGrad: true });
    const z = x.sum(1).mean().add(x.mean(0).sum()).add(x.mean());
    return { x, z };
  },

  matmul_transpose() {
    const x = tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], { requiresGrad: true });
    const w = tensor([[0.1, -0.2], [0.3, 0.4]], { requiresGrad: true });
    const z = x.matmul(w.t()).sum();
    return { x, w, z };
  },

  broadcast_add() {
    const x = tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], { requiresGrad: true });
    const b = tensor([0.5, -1.0, 2.0], { requiresGrad: true });
    const z = x.add(b).pow(2).sum();
    return { x, b, z };
  },

  shape_ops() {
    const x = tensor([[1.0, 2.0], [3.0, 4.0]], { requiresGrad: true });
    const z = x.view(4).reshape(2, 2).unsqueeze(0).expand(3, 2, 2).mul(2).sum();
    return { x, z };
  },

  linear_regression_book() {
    const X = tensor([1.0, 2.0, 3.0, 4.0]);
    const Y = tensor([3.1, 5.2, 6.8, 9.1]);
    const W = tensor(1.0, { requiresGrad: true }).float();
    const B = tensor(1.0, { requiresGrad: true }).float();
    const Yp = W.mul(X).add(B);
    const loss = Yp.sub(Y).pow(2).mean();
    return { X, Y, W, B, Yp, loss };
  },

  two_outputs() {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const a = x.mul(3).sum();
    const b = x.pow(2).mean();
    return { x, a, b };
  },

  requires_grad_false_input() {
    const x = tensor([1.0, 2.0]);
    const w = tensor([0.5, 1.5], { requiresGrad: true });
    const z = x.mul(w).add(x).sum();
    return { x, w, z };
  },

  grad_accumulates() {
    const x = tensor([1.0, 2.0], { requiresGrad: true });
    const z = x.mul(x).sum();
    z.backward(null, { retainGraph: true });
    return { x, z };
  },
};
