import { legacyTypeName } from '../dtype.js';
import { IndexError, describeValue, pythonTypeName } from '../errors.js';
import { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** Python's `list[index]` for a container's modules: negative counts from the end. */
function itemAt<M>(items: readonly M[], index: number): M {
  const module = items[index < 0 ? index + items.length : index];
  if (module === undefined) throw new IndexError(`index ${index} is out of range`);
  return module;
}

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
    this.#layers.forEach((module, i) => {
      const out = module.forward(x);
      if (!(out instanceof Tensor)) {
        throw new TypeError(`Sequential: layer ${i} (${module.constructor.name}) returned ${describeValue(out)}, not a tensor; Sequential passes one tensor from layer to layer`);
      }
      x = out;
    });
    return x;
  }

  get length(): number {
    return this.#layers.length;
  }

  /** The module at `index` (negative counts from the end), as `sequential[index]`. */
  at(index: number): Module {
    return itemAt(this.#layers, index);
  }
}

/**
 * `nn.ModuleList(modules)`: holds modules under the names `0`, `1`, ... (parameters
 * `blocks.0.attn.in_proj_weight`), with no forward of its own; iterate it or take `at(i)`.
 */
export class ModuleList<M extends Module = Module> extends Module {
  readonly #items: M[] = [];

  constructor(modules: Iterable<M> = []) {
    super();
    for (const module of modules) this.append(module);
  }

  /** `append(module)`: registers it under the next index. */
  append(module: M): this {
    this.#items.push(this.registerModule(String(this.#items.length), module));
    return this;
  }

  get length(): number {
    return this.#items.length;
  }

  /** The module at `index` (negative counts from the end), as `module_list[index]`. */
  at(index: number): M {
    return itemAt(this.#items, index);
  }

  [Symbol.iterator](): Iterator<M> {
    return this.#items[Symbol.iterator]();
  }
}
