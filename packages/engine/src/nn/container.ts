import { legacyTypeName } from '../dtype.js';
import { IndexError, pythonTypeName } from '../errors.js';
import { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** PyTorch's check of what Sequential holds: `Sequential(3)` is `TypeError: int is not a Module subclass`. */
function checkModule(value: unknown): Module {
  if (value instanceof Module) return value;
  const type = value instanceof Tensor ? legacyTypeName(value.dtype) : pythonTypeName(value);
  throw new TypeError(`${type} is not a Module subclass`);
}

/**
 * `nn.Sequential(...modules)`: runs its modules in order, each on the previous one's output.
 * Children are named `0`, `1`, ... (or by the keys of an object), so parameters are `0.weight`,
 * and nodes made by a child record the path `<name in parent>.0`.
 */
export class Sequential extends Module {
  /** In order, repeats included: a module given twice runs twice. */
  readonly #layers: Module[];

  constructor(...modules: Module[] | [Readonly<Record<string, Module>>]) {
    super();
    const [first] = modules;
    // One plain object names the modules (PyTorch's OrderedDict); anything else is a list of modules.
    const byName = modules.length === 1 && first !== null && typeof first === 'object' && Object.getPrototypeOf(first) === Object.prototype;
    const named = byName ? Object.entries(first as Record<string, unknown>) : modules.map((m, i) => [String(i), m] as const);
    this.#layers = named.map(([name, module]) => this.registerModule(name, checkModule(module)));
  }

  override forward(input: Tensor): Tensor {
    let x = input;
    for (const module of this.#layers) x = module.forward(x);
    return x;
  }

  get length(): number {
    return this.#layers.length;
  }

  /** The module at `index` (negative counts from the end), as `sequential[index]`. */
  at(index: number): Module {
    const module = this.#layers[index < 0 ? index + this.#layers.length : index];
    if (module === undefined) throw new IndexError(`index ${index} is out of range`);
    return module;
  }
}
