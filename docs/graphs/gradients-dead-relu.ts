/** examples/gradient-flow.ts's deadRelu() for docs/gradients.md, drawn with its gradient flow. */
import { deadRelu } from '../../examples/gradient-flow.js';

const { loss, params } = deadRelu();

export default { outputs: loss, params, options: { gradients: true } };
