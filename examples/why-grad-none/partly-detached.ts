// A value multiplied by a detached copy of itself: only one of the two ways carries gradient.
import { tensor } from '@gradviz/engine';

const x = tensor([1, 2, 3], { requiresGrad: true });
const y = x.mul(x.detach()).sum();

export default { outputs: y, params: { x } };
