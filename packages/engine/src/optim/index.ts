/** `torch.optim`: optimizers that update parameters in place, as PyTorch 1.13's do. */
export { Optimizer, type ParamGroup, type ParamsArgument } from './optimizer.js';
export { SGD, type SGDOptions, type SGDState } from './sgd.js';
export { Adam, AdamW, type AdamOptions, type AdamState } from './adam.js';
