/**
 * Line-by-line TypeScript translations of the nn scenarios of `pytorch-reference/scenarios.json`
 * (issue 4). Python's `module(x)` is `module.forward(x)`, `with torch.no_grad():` is `noGrad(...)`,
 * `torch.arange(12.0)` is a float32 `arange`. `record.py` seeds PyTorch with 0 before each scenario;
 * each translation does the same, so the layers draw the same (then overwritten) initial weights.
 */
import { arange, manualSeed, nn, noGrad, relu, tensor, zeros } from '../../src/index.js';
import type { Translation } from './translation.js';

export const nnTranslations: Record<string, Translation> = {
  nn_linear_mse() {
    manualSeed(0);
    const lin = new nn.Linear(2, 1);
    noGrad(() => {
      lin.weight.copy_(tensor([[0.5, -0.25]]));
      lin.bias!.copy_(tensor([0.1]));
    });
    const [weight, bias] = [lin.weight, lin.bias!];
    const X = tensor([
      [1.0, 2.0],
      [3.0, 4.0],
      [5.0, 6.0],
    ]);
    const Y = tensor([[1.0], [2.0], [3.0]]);
    const loss = new nn.MSELoss().forward(lin.forward(X), Y);
    return { weight, bias, X, Y, loss };
  },

  mlp_cross_entropy() {
    manualSeed(0);
    const l1 = new nn.Linear(3, 4);
    const l2 = new nn.Linear(4, 2);
    noGrad(() => {
      l1.weight.copy_(arange(12, { dtype: 'float32' }).reshape(4, 3).div(10).sub(0.5));
      l1.bias!.copy_(tensor([0.1, -0.1, 0.2, 0.0]));
      l2.weight.copy_(arange(8, { dtype: 'float32' }).reshape(2, 4).div(8).sub(0.4));
      l2.bias!.copy_(tensor([0.05, -0.05]));
    });
    const [W1, b1, W2, b2] = [l1.weight, l1.bias!, l2.weight, l2.bias!];
    const X = tensor([
      [1.0, 0.0, -1.0],
      [0.5, 2.0, 1.0],
    ]);
    const labels = tensor([1, 0], { dtype: 'int64' });
    const logits = l2.forward(relu(l1.forward(X)));
    const loss = new nn.CrossEntropyLoss().forward(logits, labels);
    return { W1, b1, W2, b2, X, labels, logits, loss };
  },

  logistic_bce() {
    manualSeed(0);
    const lin = new nn.Linear(2, 1);
    noGrad(() => {
      lin.weight.copy_(tensor([[1.0, -1.0]]));
      lin.bias!.copy_(tensor([0.0]));
    });
    const [weight, bias] = [lin.weight, lin.bias!];
    const X = tensor([
      [0.5, 1.0],
      [2.0, 0.5],
    ]);
    const Y = tensor([[0.0], [1.0]]);
    const loss = new nn.BCELoss().forward(lin.forward(X).sigmoid(), Y);
    return { weight, bias, X, Y, loss };
  },

  small_cnn() {
    manualSeed(0);
    const conv = new nn.Conv2d(1, 2, 3);
    const fc = new nn.Linear(2, 3);
    noGrad(() => {
      conv.weight.copy_(arange(18, { dtype: 'float32' }).reshape(2, 1, 3, 3).div(18).sub(0.5));
      conv.bias!.copy_(tensor([0.1, -0.1]));
      fc.weight.copy_(arange(6, { dtype: 'float32' }).reshape(3, 2).div(6).sub(0.5));
      fc.bias!.copy_(zeros(3));
    });
    const [conv_w, conv_b, fc_w, fc_b] = [conv.weight, conv.bias!, fc.weight, fc.bias!];
    const img = arange(16, { dtype: 'float32' }).reshape(1, 1, 4, 4).div(16);
    const out = fc.forward(new nn.Flatten().forward(new nn.MaxPool2d(2).forward(relu(conv.forward(img)))));
    const z = out.sum();
    return { conv_w, conv_b, fc_w, fc_b, img, out, z };
  },
};
