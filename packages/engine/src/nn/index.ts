/**
 * `torch.nn`: modules with registered parameters, layers, losses, `nn.init` and
 * `nn.functional` (also exported from the package as `F`).
 */
export { Module } from './module.js';
export { Parameter } from './parameter.js';
export { Linear, type LinearOptions } from './linear.js';
export { ReLU, Sigmoid, Tanh } from './activation.js';
export { Flatten } from './flatten.js';
export { Sequential } from './container.js';
export { Conv2d, type Conv2dOptions } from './conv.js';
export { MaxPool2d, type MaxPool2dOptions } from './pooling.js';
export { Dropout } from './dropout.js';
export { MSELoss, BCELoss, NLLLoss, CrossEntropyLoss } from './loss.js';
export type { IntOrPair } from './pair.js';
export * as init from './init.js';
export * as functional from './functional.js';
