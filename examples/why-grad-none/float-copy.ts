// The seed: float64 values (as NumPy gives them), made a tensor that requires grad, then float32.
import { tensor } from '@gradviz/engine';

const values = Float64Array.from({ length: 9 }, (_, i) => i / 4 - 1);
const x = tensor(values, { requiresGrad: true }).float();
const y = x.pow(2).mul(2).add(2).sum();

export default { outputs: y, params: { x } };
