/**
 * @gradviz/engine: a TypeScript autograd engine that behaves like PyTorch.
 * Names follow PyTorch, in camelCase: `tensor`, `requiresGrad`, `gradFn`, `nextFunctions`, `noGrad`.
 */
export { Tensor, isTensor, NON_LEAF_GRAD_WARNING, type TensorLike, type BackwardOptions } from './tensor.js';
export {
  tensor,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  arange,
  linspace,
  type TensorOptions,
  type TensorData,
  type NestedNumbers,
  type NestedValues,
} from './creation.js';
export {
  type DType,
  DTYPES,
  float32,
  float64,
  int64,
  bool,
  float,
  double,
  long,
  promoteTypes,
  resultType,
  isFloatingPoint,
} from './dtype.js';
export { RuntimeError, IndexError, ValueError, describeValue } from './errors.js';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './autograd/grad-mode.js';
export { Node, SavedTensor, FREED_MESSAGE, type Edge, type InputMetadata, type SavedRead } from './autograd/node.js';
export { AccumulateGrad } from './autograd/accumulate-grad.js';
export { LEAF_INPLACE_MESSAGE, VIEW_OF_LEAF_INPLACE_MESSAGE } from './ops/inplace.js';
export { manualSeed, randn, rand, randint, randperm, uniform_, normal_, Generator } from './random/index.js';
export {
  warn,
  catchWarnings,
  setWarningHandler,
  simpleFilter,
  UserWarning,
  type WarningRecord,
  type WarningAction,
  type WarningHandler,
} from './warnings.js';
export { setPrintOptions, type PrintOptions } from './format.js';
export { setSourceCapture, getSourceCapture, type SourceCaptureMode, type SourceLocation } from './provenance.js';
export { loadSourceMaps } from './source-map.js';
export * from './functional.js';
export { snapshot, normalizeParams, normalizeOutputs, ENGINE_PRODUCER, type SnapshotOptions, type ParamsInput } from './snapshot/snapshot.js';
export * from './snapshot/schema.js';
export * as nn from './nn/index.js';
export * as F from './nn/functional.js';
export * as optim from './optim/index.js';
