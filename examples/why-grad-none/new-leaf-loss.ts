// The loss worked out with plain numbers, then made a tensor that requires grad so backward() runs.
import { tensor } from '@gradviz/engine';

const w = tensor(0.5, { requiresGrad: true });
const b = tensor(0.1, { requiresGrad: true });
const pred = w.mul(3).add(b);
const loss = tensor((pred.item() - 2) ** 2, { requiresGrad: true });

export default { outputs: loss, params: { w, b } };
