/** For the docs: a transformer-like stack of 24 identical blocks (about 1,100 boxes), which draws folded. */
import { buildModel } from '../../packages/viz/test/fixtures/models.js';

const { loss, params } = buildModel('transformer', 24);

export default { outputs: loss, params, options: {} };
