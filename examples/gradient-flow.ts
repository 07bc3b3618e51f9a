/**
 * Five learners' programs whose gradients go wrong, each a line-by-line translation of a program in
 * examples/reference/gradient_flow.py (PyTorch's figures for them: examples/reference/gradient-flow.json).
 * Each runs forward and backward inside `recordGradients`, so the snapshot carries how much gradient
 * flowed along every edge and, where one was born, the node that first made a NaN or Inf.
 */
import { F, manualSeed, nn, randn, recordGradients, type Tensor, tensor } from '@gradviz/engine';

export interface GradientProgram {
  readonly loss: Tensor;
  /** The names PyTorch's program gives the parameters (`model.0.weight`, `w`). */
  readonly params: [string, Tensor][];
}

function prefixed(prefix: string, module: nn.Module): [string, Tensor][] {
  return module.namedParameters().map(([name, p]) => [`${prefix}.${name}`, p]);
}

/** Seven sigmoid layers: the first layer's gradient is about 1e-5 of the last one's. */
export function deepSigmoid(): GradientProgram {
  manualSeed(0);
  return recordGradients(() => {
    const model = new nn.Sequential(
      new nn.Linear(4, 16), new nn.Sigmoid(),
      new nn.Linear(16, 16), new nn.Sigmoid(),
      new nn.Linear(16, 16), new nn.Sigmoid(),
      new nn.Linear(16, 16), new nn.Sigmoid(),
      new nn.Linear(16, 16), new nn.Sigmoid(),
      new nn.Linear(16, 16), new nn.Sigmoid(),
      new nn.Linear(16, 1),
    );
    const x = randn(8, 4);
    const y = randn(8, 1);
    const loss = F.mseLoss(model.forward(x), y);
    loss.backward();
    return { loss, params: prefixed('model', model) };
  });
}

/** A bias of -10 keeps every ReLU unit off: fc1 (and fc2's weight, which sees only zeros) get no gradient. */
export function deadRelu(): GradientProgram {
  manualSeed(0);
  return recordGradients(() => {
    const fc1 = new nn.Linear(4, 8);
    const fc2 = new nn.Linear(8, 1);
    nn.init.constant_(fc1.bias!, -10.0);
    const x = randn(16, 4);
    const y = randn(16, 1);
    const h = fc1.forward(x).relu();
    const loss = F.mseLoss(fc2.forward(h), y);
    loss.backward();
    return { loss, params: [...prefixed('fc1', fc1), ...prefixed('fc2', fc2)] };
  });
}

/** log of a product that is 0: LogBackward0 divides by it (Inf), MulBackward0 turns Inf·0 into NaN in w. */
export function logZero(): GradientProgram {
  return recordGradients(() => {
    const w = tensor([1.0, 1.5, 2.0], { requiresGrad: true });
    const x = tensor([2.0, 0.0, 1.0]);
    const p = w.mul(x);
    const loss = p.log().sum().neg();
    loss.backward();
    return { loss, params: [['w', w]] };
  });
}

/** The square root of a squared distance that is 0: SqrtBackward0 divides by 0, a's gradient is NaN. */
export function sqrtZero(): GradientProgram {
  return recordGradients(() => {
    const a = tensor([1.0, 2.0], { requiresGrad: true });
    const b = tensor([1.0, 2.0]);
    const d2 = a.sub(b).pow(2).sum();
    const loss = d2.sqrt();
    loss.backward();
    return { loss, params: [['a', a]] };
  });
}

/** Eight linear layers with weights of std 1: the gradient grows by about ×3 a layer towards the input. */
export function explodingLinear(): GradientProgram {
  manualSeed(0);
  return recordGradients(() => {
    const layers = Array.from({ length: 8 }, () => new nn.Linear(8, 8));
    for (const layer of layers) nn.init.normal_(layer.weight, 0, 1.0);
    const model = new nn.Sequential(...layers);
    const x = randn(4, 8);
    const loss = model.forward(x).pow(2).mean();
    loss.backward();
    return { loss, params: prefixed('model', model) };
  });
}

/** The programs by the id their PyTorch version has in gradient-flow.json. */
export const GRADIENT_PROGRAMS: Readonly<Record<string, () => GradientProgram>> = {
  deep_sigmoid: deepSigmoid,
  dead_relu: deadRelu,
  log_zero: logZero,
  sqrt_zero: sqrtZero,
  exploding_linear: explodingLinear,
};
