/**
 * `torch.nn`: modules with registered parameters, layers, losses, `nn.init` and
 * `nn.functional` (also exported from the package as `F`).
 */
import { GELU, ReLU, Sigmoid, Tanh } from './activation.js';
import { MultiheadAttention, NonDynamicallyQuantizableLinear } from './attention.js';
import { ModuleList, Sequential } from './container.js';
import { Conv2d } from './conv.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { Flatten } from './flatten.js';
import { Linear } from './linear.js';
import { BCELoss, CrossEntropyLoss, MSELoss, NLLLoss } from './loss.js';
import { ENGINE_MODULES } from './module.js';
import { LayerNorm } from './normalization.js';
import { MaxPool2d } from './pooling.js';

const engineModules = [Linear, NonDynamicallyQuantizableLinear, ReLU, Sigmoid, Tanh, GELU, Embedding, LayerNorm, MultiheadAttention, Flatten, Sequential, ModuleList, Conv2d, MaxPool2d, Dropout, MSELoss, BCELoss, NLLLoss, CrossEntropyLoss];
for (const module of engineModules) ENGINE_MODULES.add(module);

export { Module } from './module.js';
export { Parameter } from './parameter.js';
export { Linear, ReLU, Sigmoid, Tanh, GELU, Embedding, LayerNorm, MultiheadAttention, Flatten, Sequential, ModuleList, Conv2d, MaxPool2d, Dropout, MSELoss, BCELoss, NLLLoss, CrossEntropyLoss };
export type { LinearOptions } from './linear.js';
export type { EmbeddingOptions } from './embedding.js';
export type { LayerNormOptions } from './normalization.js';
export type { MultiheadAttentionOptions, MultiheadAttentionCall } from './attention.js';
export type { Conv2dOptions } from './conv.js';
export type { MaxPool2dOptions } from './pooling.js';
export type { IntOrPair } from './pair.js';
export * as init from './init.js';
export * as functional from './functional.js';
