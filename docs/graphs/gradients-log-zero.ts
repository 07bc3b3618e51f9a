/** examples/gradient-flow.ts's logZero() for docs/gradients.md, drawn with its gradient flow. */
import { logZero } from '../../examples/gradient-flow.js';

const { loss, params } = logZero();

export default { outputs: loss, params, options: { gradients: true } };
