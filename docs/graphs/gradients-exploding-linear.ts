/** examples/gradient-flow.ts's explodingLinear() for docs/gradients.md, drawn with its gradient flow. */
import { explodingLinear } from '../../examples/gradient-flow.js';

const { loss, params } = explodingLinear();

export default { outputs: loss, params, options: { gradients: true } };
