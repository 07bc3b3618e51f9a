/**
 * The code a finding quotes, in the language of the program that made the graph: a learner who
 * wrote PyTorch reads `x.grad is None` and `torch.tensor(..., requires_grad=True)`, one who used
 * the engine reads `x.grad is null` and `tensor(..., { requiresGrad: true })`.
 */
import type { CodeLanguage, GraphSnapshot } from '@gradviz/engine/snapshot-schema';

export interface CodeDialect {
  /** What an empty `.grad` reads as. */
  readonly none: string;
  /** Creating a tensor that requires grad: `tensor(..., { requiresGrad: true })`. */
  readonly leafOf: (values: string, dtype?: string) => string;
  /** The function that makes a tensor from values: `tensor`, `torch.tensor`. */
  readonly tensorFn: string;
  /** The conversion call a learner writes for a dtype: `.float()`, `.double()`, `.to(...)`. */
  readonly conversion: (dtype: string) => string;
  /** `{ requiresGrad: true }` / `requires_grad=True`. */
  readonly requiresGradOption: string;
  /** `dtype: 'float32'` / `dtype=torch.float32`. */
  readonly dtypeOption: (dtype: string) => string;
  /** The attribute that names the node that made a tensor. */
  readonly gradFn: string;
  readonly retainGrad: string;
  readonly requiresGradInPlace: string;
  /** The grad-disabling scope, as a name (`noGrad`, `torch.no_grad()`). */
  readonly noGrad: string;
  /** The same scope around code: `noGrad(...)`, `with torch.no_grad():`. */
  readonly noGradBlock: string;
  /**
   * How to let gradviz see how tensors were made, where that is not recorded by default (PyTorch
   * keeps no trace of a `detach()`); empty where it always is (the engine).
   */
  readonly recordHint: string;
}

const typescript: CodeDialect = {
  none: 'null',
  tensorFn: 'tensor',
  leafOf: (values, dtype) => `tensor(${values}, { requiresGrad: true${dtype ? `, dtype: '${dtype}'` : ''} })`,
  conversion: (dtype) => (dtype === 'float32' ? '.float()' : dtype === 'float64' ? '.double()' : `.to('${dtype}')`),
  requiresGradOption: '{ requiresGrad: true }',
  dtypeOption: (dtype) => `dtype: '${dtype}'`,
  gradFn: 'gradFn',
  retainGrad: 'retainGrad()',
  requiresGradInPlace: 'requiresGrad_()',
  noGrad: 'noGrad',
  noGradBlock: 'noGrad(...)',
  recordHint: '',
};

const python: CodeDialect = {
  none: 'None',
  tensorFn: 'torch.tensor',
  leafOf: (values, dtype) => `torch.tensor(${values}, requires_grad=True${dtype ? `, dtype=torch.${dtype}` : ''})`,
  conversion: (dtype) => (dtype === 'float32' ? '.float()' : dtype === 'float64' ? '.double()' : `.to(torch.${dtype})`),
  requiresGradOption: 'requires_grad=True',
  dtypeOption: (dtype) => `dtype=torch.${dtype}`,
  gradFn: 'grad_fn',
  retainGrad: 'retain_grad()',
  requiresGradInPlace: 'requires_grad_()',
  noGrad: 'torch.no_grad()',
  noGradBlock: 'with torch.no_grad():',
  recordHint: ' If they are, run that code inside `with gradviz.record():` (in a notebook, every cell after `import gradviz` is recorded) so gradviz can show where the chain was cut.',
};

const DIALECTS: Readonly<Record<CodeLanguage, CodeDialect>> = { typescript, python };

/** The dialect of the code that made `snapshot` (its `language`; the engine's TypeScript when absent). */
export function dialectOf(snapshot: GraphSnapshot): CodeDialect {
  return DIALECTS[snapshot.language ?? 'typescript'];
}
