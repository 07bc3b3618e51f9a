import type { Tensor } from '../../src/index.js';

/**
 * The TypeScript translation of one scenario of `pytorch-reference/scenarios.json`: it runs the
 * scenario's code line by line and returns every named tensor, as the Python namespace held them
 * (outputs and params included). The runner then calls backward as `record.py` did.
 */
export type Translation = () => Record<string, Tensor>;
