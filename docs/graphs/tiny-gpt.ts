/**
 * The first step of examples/tiny-gpt.ts, for the docs: the loss of a 2-block GPT-style model on
 * one batch, its parameters named as `model.namedParameters()` names them; its nodes carry the
 * module that made them (`blocks.0.attn`, `blocks.1.mlp.0`, ...).
 */
import { firstStep } from '../../examples/tiny-gpt-model.js';

const { model, loss } = firstStep();
loss.backward();

export default { outputs: loss, params: model.namedParameters(), options: {} };
