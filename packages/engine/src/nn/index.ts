/**
 * `torch.nn`: modules with registered parameters, layers, losses, `nn.init` and
 * `nn.functional` (also exported from the package as `F`).
 */
export { Module } from './module.js';
export { Parameter } from './parameter.js';
export { Linear, type LinearOptions } from './linear.js';
export { ReLU, Sigmoid, Tanh, GELU } from './activation.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { LayerNorm, type LayerNormOptions } from './normalization.js';
export { MultiheadAttention, type MultiheadAttentionOptions, type MultiheadAttentionCall } from './attention.js';
export { Flatten } from './flatten.js';
export { Sequential, ModuleList } from './container.js';
export { Conv2d, type Conv2dOptions } from './conv.js';
export { MaxPool2d, type MaxPool2dOptions } from './pooling.js';
export { Dropout } from './dropout.js';
export { MSELoss, BCELoss, NLLLoss, CrossEntropyLoss } from './loss.js';
export type { IntOrPair } from './pair.js';
export * as init from './init.js';
export * as functional from './functional.js';
