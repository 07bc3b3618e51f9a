/** For the docs: a residual MLP of about 20,000 boxes, drawn at the default depth as docs/images/residual-mlp-20k.png. */
import { blocksFor, buildModel } from '../../packages/viz/test/fixtures/models.js';

const { loss, params } = buildModel('residual-mlp', blocksFor('residual-mlp', 20_000));

export default { outputs: loss, params, options: {} };
