/**
 * The code a finding quotes, in the language of the program that made the graph: a learner who
 * wrote PyTorch reads `x.grad is None` and `torch.tensor(..., requires_grad=True)`, one who used
 * the engine reads `x.grad is null` and `tensor(..., { requiresGrad: true })`. The catalogues'
 * sentences take these snippets as they are, in every language.
 */
import type { CodeLanguage, GraphSnapshot } from '@gradviz/engine/snapshot-schema';

/** A chain that made a tensor, read back as code: a creation call, then ops with numbers. */
export interface MadeBy {
  /** `randn`, `zeros`, `tensor`, ... */
  readonly fn: string;
  readonly shape: readonly number[];
  /** Ops applied in order, each with its number argument (`mul` 0.01). */
  readonly ops: readonly { readonly op: 'mul' | 'div' | 'add' | 'sub'; readonly number: number }[];
}

export interface CodeDialect {
  readonly language: CodeLanguage;
  /** What an empty `.grad` reads as. */
  readonly none: string;
  /** Creating a tensor that requires grad: `tensor(..., { requiresGrad: true })`. */
  readonly leafOf: (values: string, dtype?: string) => string;
  /** The function that makes a tensor from values: `tensor`, `torch.tensor`. */
  readonly tensorFn: string;
  /** A creation function as called: `randn()`, `torch.randn()`. */
  readonly createCall: (fn: string) => string;
  /** The conversion call for a dtype as the program wrote it (`method`: `to`, `float`), else as a learner would: `.float()`, `.to(...)`. */
  readonly conversion: (dtype: string, method?: string) => string;
  /** A leaf made by a shaped creation with a dtype: `torch.randn(4, 1, dtype=torch.float64, requires_grad=True)`. */
  readonly shapedLeaf: (fn: string, shape: readonly number[], dtype: string) => string;
  /** `{ requiresGrad: true }` / `requires_grad=True`. */
  readonly requiresGradOption: string;
  /** `dtype: 'float32'` / `dtype=torch.float32`. */
  readonly dtypeOption: (dtype: string) => string;
  /** The attribute that names the node that made a tensor. */
  readonly gradFn: string;
  readonly retainGrad: string;
  readonly requiresGradInPlace: string;
  /** What turns requiring grad off: `requiresGrad_(false)`, `requires_grad_(False)`. */
  readonly requiresGradOff: string;
  /** The grad-disabling scope, as a name (`noGrad`, `torch.no_grad()`). */
  readonly noGrad: string;
  /** The same scope around code: `noGrad(...)`, `with torch.no_grad():`. */
  readonly noGradBlock: string;
  /** `backward()` that keeps the graph for a second run. */
  readonly backwardRetainingGraph: string;
  /** The optimizer's call that empties the gradients. */
  readonly zeroGrad: string;
  /** A param named by its path in a model (`backbone.0.weight`) as code: `model.backbone[0].weight`. */
  readonly paramAccess: (name: string) => string;
  /** A hand-written gradient step on `name`, in place and not recorded. */
  readonly inPlaceUpdate: (name: string) => string;
  /** Emptying `name`'s gradient after a hand-written step. */
  readonly gradZero: (name: string) => string;
  /** A training step in its order: gradients emptied, then backward, then the step. */
  readonly trainingStep: string;
  /** `stack()` / `torch.stack()`: joining tensors while keeping the graph. */
  readonly stack: string;
  /** An op as the learner wrote it: `argmax()`, `eq()`; in Python `==` for `__eq__`. */
  readonly opCall: (op: string) => string;
  /** `x = x.detach()`: a statement that cuts a carried tensor off its past. */
  readonly detachStatement: (name: string) => string;
  /** The expression that makes a leaf with the same values: `randn(3, 2).mul(0.01).requiresGrad_()`. */
  readonly leafExpression: (made: MadeBy) => string;
  /**
   * How to let gradviz see how tensors were made, where that is not recorded by default (PyTorch
   * keeps no trace of a `detach()`); empty where it always is (the engine).
   */
  readonly recordHint: boolean;
}

/** A number as code: `0.01`, `3`, `-2` (JS and Python write these the same way). */
/** A method name a program called, safe to quote as code. */
const isMethodName = (method: string | undefined): method is string => method !== undefined && /^[A-Za-z_]\w*$/.test(method);

function numberCode(value: number): string {
  return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

const typescript: CodeDialect = {
  language: 'typescript',
  none: 'null',
  tensorFn: 'tensor',
  createCall: (fn) => `${fn}()`,
  leafOf: (values, dtype) => `tensor(${values}, { requiresGrad: true${dtype ? `, dtype: '${dtype}'` : ''} })`,
  conversion: (dtype, method) => {
    if (isMethodName(method)) return method === 'to' ? `.to('${dtype}')` : `.${method}()`;
    return dtype === 'float32' ? '.float()' : dtype === 'float64' ? '.double()' : `.to('${dtype}')`;
  },
  shapedLeaf: (fn, shape, dtype) => `${fn}(${shape.join(', ')}, { requiresGrad: true, dtype: '${dtype}' })`,
  requiresGradOption: '{ requiresGrad: true }',
  dtypeOption: (dtype) => `dtype: '${dtype}'`,
  gradFn: 'gradFn',
  retainGrad: 'retainGrad()',
  requiresGradInPlace: 'requiresGrad_()',
  requiresGradOff: 'requiresGrad_(false)',
  noGrad: 'noGrad',
  noGradBlock: 'noGrad(...)',
  backwardRetainingGraph: 'backward(undefined, { retainGraph: true })',
  zeroGrad: 'optimizer.zeroGrad()',
  trainingStep: 'optimizer.zeroGrad(); loss.backward(); optimizer.step();',
  inPlaceUpdate: (name) => `noGrad(() => ${name}.sub_(${name}.grad!.mul(lr)))`,
  gradZero: (name) => `${name}.grad!.zero_()`,
  // Engine params are named as the program named them; module paths stay as they are.
  paramAccess: (name) => name,
  stack: 'stack()',
  opCall: (op) => `${op}()`,
  detachStatement: (name) => `${name} = ${name}.detach();`,
  leafExpression: (made) => {
    const create = made.fn === 'tensor' ? 'tensor(values)' : `${made.fn}(${made.shape.join(', ')})`;
    return `${create}${made.ops.map((o) => `.${o.op}(${numberCode(o.number)})`).join('')}.requiresGrad_()`;
  },
  recordHint: false,
};

/** The operators a Python learner writes for the ops the recorder names (`a == b` is `eq`). */
const PYTHON_OPERATORS: Readonly<Record<string, string>> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
  __setitem__: 'x[...] = ...',
};

const PYTHON_OP_SYMBOL = { mul: '*', div: '/', add: '+', sub: '-' } as const;

const python: CodeDialect = {
  language: 'python',
  none: 'None',
  tensorFn: 'torch.tensor',
  createCall: (fn) => `torch.${fn}()`,
  leafOf: (values, dtype) => `torch.tensor(${values}, requires_grad=True${dtype ? `, dtype=torch.${dtype}` : ''})`,
  conversion: (dtype, method) => {
    if (isMethodName(method)) return method === 'to' || method === 'type' ? `.${method}(torch.${dtype})` : `.${method}()`;
    return dtype === 'float32' ? '.float()' : dtype === 'float64' ? '.double()' : `.to(torch.${dtype})`;
  },
  shapedLeaf: (fn, shape, dtype) => `torch.${fn}(${shape.join(', ')}, dtype=torch.${dtype}, requires_grad=True)`,
  requiresGradOption: 'requires_grad=True',
  dtypeOption: (dtype) => `dtype=torch.${dtype}`,
  gradFn: 'grad_fn',
  retainGrad: 'retain_grad()',
  requiresGradInPlace: 'requires_grad_()',
  requiresGradOff: 'requires_grad_(False)',
  noGrad: 'torch.no_grad()',
  noGradBlock: 'with torch.no_grad():',
  backwardRetainingGraph: 'backward(retain_graph=True)',
  zeroGrad: 'optimizer.zero_grad()',
  trainingStep: 'optimizer.zero_grad(); loss.backward(); optimizer.step()',
  inPlaceUpdate: (name) => `with torch.no_grad(): ${name} -= lr * ${name}.grad`,
  gradZero: (name) => `${name}.grad.zero_()`,
  paramAccess: (name) => {
    if (!/^[A-Za-z_\d]\w*(\.\w+)+$/.test(name)) return name;
    // named_parameters() paths: an index of a Sequential or ModuleList is an item, the rest attributes.
    return `model${name.split('.').map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('')}`;
  },
  stack: 'torch.stack()',
  opCall: (op) => PYTHON_OPERATORS[op] ?? `${op.replace(/^__(.*)__$/, '$1')}()`,
  detachStatement: (name) => `${name} = ${name}.detach()`,
  leafExpression: (made) => {
    const create = made.fn === 'tensor' ? 'torch.tensor(values)' : `torch.${made.fn}(${made.shape.join(', ')})`;
    const expression = made.ops.reduce((code, o) => `${code} ${PYTHON_OP_SYMBOL[o.op]} ${numberCode(o.number)}`, create);
    return made.ops.length > 0 ? `(${expression}).requires_grad_()` : `${expression}.requires_grad_()`;
  },
  recordHint: true,
};

const DIALECTS: Readonly<Record<CodeLanguage, CodeDialect>> = { typescript, python };

/** The dialect of the code that made `snapshot` (its `language`; the engine's TypeScript when absent). */
export function dialectOf(snapshot: GraphSnapshot): CodeDialect {
  return DIALECTS[snapshot.language ?? 'typescript'];
}
