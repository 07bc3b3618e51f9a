/** The seed after the fix, for the docs: x made float32 at creation stays a leaf and gets its gradient. */
import { fixedSeed } from '../../examples/seed.js';

const { x, z } = fixedSeed();
z.backward();

export default { outputs: z, params: { x }, options: {} };
