// The prediction taken out with .item(), then put back into a tensor to compute the loss.
import { tensor } from '@gradviz/engine';

const w = tensor(0.5, { requiresGrad: true });
const b = tensor(0.1, { requiresGrad: true });
const pred = w.mul(3).add(b);
const loss = tensor(pred.item()).sub(2).pow(2);

export default { outputs: loss, params: { w, b } };
