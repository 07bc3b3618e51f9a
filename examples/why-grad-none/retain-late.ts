// Looking at an intermediate's gradient: retainGrad() called once backward() has run.
import { tensor } from '@gradviz/engine';

const w = tensor([1, 2, 3], { requiresGrad: true });
const h = w.mul(2);
const loss = h.pow(2).sum();
loss.backward();
h.retainGrad();

export default { outputs: loss, params: { h } };
