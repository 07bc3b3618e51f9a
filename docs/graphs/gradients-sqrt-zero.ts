/** examples/gradient-flow.ts's sqrtZero() for docs/gradients.md, drawn with its gradient flow. */
import { sqrtZero } from '../../examples/gradient-flow.js';

const { loss, params } = sqrtZero();

export default { outputs: loss, params, options: { gradients: true } };
