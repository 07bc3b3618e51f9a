// A recurrent cell trained step by step, its hidden state carried from one step to the next.
import { manualSeed, nn, optim, randn, type Tensor, zeros } from '@gradviz/engine';

manualSeed(0);
const input = new nn.Linear(3, 5);
const recurrent = new nn.Linear(5, 5);
const head = new nn.Linear(5, 1);
const optimizer = new optim.SGD([...input.parameters(), ...recurrent.parameters(), ...head.parameters()], { lr: 0.1 });
const xs = randn(2, 1, 3);
const ys = randn(2, 1, 1);
let h = zeros(1, 5);

function step(t: number): Tensor {
  h = input.forward(xs.at(t)).add(recurrent.forward(h)).tanh();
  return head.forward(h).sub(ys.at(t)).pow(2).mean();
}

optimizer.zeroGrad();
step(0).backward();
optimizer.step();
optimizer.zeroGrad();
const loss = step(1);

export default { outputs: loss, params: { input: input.weight, recurrent: recurrent.weight, head: head.weight } };
