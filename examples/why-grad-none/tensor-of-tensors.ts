// Two scalar parameters gathered into one vector with tensor([...]).
import { tensor } from '@gradviz/engine';

const a = tensor(2, { requiresGrad: true });
const c = tensor(3, { requiresGrad: true });
const point = tensor([a, c]);
const loss = point.pow(2).sum();

export default { outputs: loss, params: { a, c } };
