/** examples/gradient-flow.ts's deepSigmoid() for docs/gradients.md, drawn with its gradient flow. */
import { deepSigmoid } from '../../examples/gradient-flow.js';

const { loss, params } = deepSigmoid();

export default { outputs: loss, params, options: { gradients: true } };
