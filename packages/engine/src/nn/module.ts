import { legacyTypeName } from '../dtype.js';
import { ValueError, describeValue } from '../errors.js';
import { currentModulePath, withCallerSource, withModuleCall, withOwnOpSources } from '../provenance.js';
import { Tensor } from '../tensor.js';
import { Parameter } from './parameter.js';
import { zeroGrads } from './zero-grad.js';

/** Modules whose forward is running now, innermost last: a module's caller is the one below it. */
const running: Module[] = [];

/** The engine's own module classes (not a user's subclass of them): their forward is not user code. */
export const ENGINE_MODULES = new WeakSet<abstract new (...args: never[]) => Module>();
/** Errors already prefixed with the module they came from, so the modules around it pass them on. */
const labelled = new WeakSet<Error>();

type ErrorClass = new (message: string, options?: ErrorOptions) => Error;

function checkName(name: unknown, kind: 'parameter' | 'module'): string {
  if (typeof name !== 'string') throw new TypeError(`${kind} name should be a string. Got ${describeValue(name)}`);
  if (name.includes('.')) throw new ValueError(`${kind} name can't contain ".", got: ${name}`);
  if (name === '') throw new ValueError(`${kind} name can't be empty string ""`);
  return name;
}

/** Python's `_addindent`: every line but the first indented by two spaces. */
function indent(text: string): string {
  return text.split('\n').join('\n  ');
}

/**
 * `nn.Module`: a piece of a model with parameters and child modules, registered by name so that
 * `namedParameters()` gives PyTorch's dotted names (`fc1.weight`, `layers.0.bias`).
 *
 * A subclass registers what it holds in its constructor and defines `forward`:
 *
 *     class Net extends nn.Module {
 *       readonly fc1 = this.registerModule('fc1', new nn.Linear(4, 8));
 *       forward(x: Tensor): Tensor { return this.fc1.forward(x).relu(); }
 *     }
 *
 * `forward` is what PyTorch's `module(x)` runs: however it is reached, it runs under the module's
 * path (`fc1`, `layers.0`, named by the parent that registered it), so every graph node made inside
 * records that path; and an error raised inside names the module it came from.
 */
export class Module {
  /** Training mode (`module.training`): layers such as Dropout act only while it is true. */
  training = true;
  readonly #parameters = new Map<string, Parameter | null>();
  readonly #modules = new Map<string, Module>();

  constructor() {
    // The subclass's forward, wrapped on the instance, so every way of calling it is tracked.
    const forward = this.forward;
    const run = (...inputs: unknown[]): unknown => this.#run(forward, inputs, run);
    Object.defineProperty(this, 'forward', {
      value: run,
      enumerable: false,
      configurable: true,
    });
  }

  /** A layer returns a tensor; some return a tuple, as PyTorch's do (`MultiheadAttention`: output and weights). */
  forward(..._inputs: unknown[]): unknown {
    throw new Error(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  #run(forward: (...inputs: unknown[]) => unknown, inputs: unknown[], calledAs: (...inputs: unknown[]) => unknown): unknown {
    const caller = running[running.length - 1];
    const name = caller === undefined ? undefined : caller.#childName(this);
    const call = () => {
      try {
        return forward.apply(this, inputs);
      } catch (error) {
        throw this.#label(error);
      }
    };
    // The ops of an engine module all come from the line that called it: captured once.
    const sourced = ENGINE_MODULES.has(this.constructor as new () => Module) ? () => withCallerSource(calledAs, call) : () => withOwnOpSources(call);
    running.push(this);
    try {
      return name === undefined ? sourced() : withModuleCall(name, this, sourced);
    } finally {
      running.pop();
    }
  }

  /** Paths of the modules inside this one, rebuilt when a module not yet listed is asked for. */
  #descendantPaths: Map<Module, string> | undefined;

  /** The child's path from this module: its name, or `blocks.0` for a module held in a container that has no forward (ModuleList). */
  #childName(child: Module): string | undefined {
    for (const [name, module] of this.#modules) if (module === child) return name;
    if (!this.#descendantPaths?.has(child)) this.#descendantPaths = new Map(this.namedModules().map(([path, module]) => [module, path]));
    return this.#descendantPaths.get(child) || undefined;
  }

  /** The same error, prefixed with this module (and its path): `fc1 (Linear(...)): mat1 and mat2 ...`. */
  #label(error: unknown): unknown {
    if (!(error instanceof Error) || labelled.has(error)) return error;
    const path = currentModulePath();
    const description = `${this.constructor.name}(${this.extraRepr()})`;
    const where = path === undefined ? description : `${path} (${description})`;
    const out = new (error.constructor as ErrorClass)(`${where}: ${error.message}`, { cause: error });
    labelled.add(out);
    return out;
  }

  // ---- registration ---------------------------------------------------------------------

  /** `register_parameter(name, param)`: returns `param`, so a subclass can keep it in a field. */
  registerParameter<P extends Parameter | null>(name: string, param: P): P {
    checkName(name, 'parameter');
    const given: unknown = param;
    if (given !== null && !(given instanceof Parameter)) {
      const what = given instanceof Tensor ? legacyTypeName(given.dtype) : describeValue(given);
      throw new TypeError(`cannot assign '${what}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    if (this.#modules.has(name)) throw new ValueError(`attribute '${name}' already exists`);
    this.#parameters.set(name, param);
    return param;
  }

  /** `add_module(name, module)`: returns `module`, so a subclass can keep it in a field. */
  registerModule<M extends Module>(name: string, module: M): M {
    checkName(name, 'module');
    if (!(module instanceof Module)) throw new TypeError(`${describeValue(module)} is not a Module subclass`);
    if (this.#parameters.has(name)) throw new ValueError(`attribute '${name}' already exists`);
    this.#modules.set(name, module);
    return module;
  }

  // ---- traversal ------------------------------------------------------------------------

  /** Direct children with their names, each once. */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    for (const [name, module] of this.#modules) {
      if (seen.has(module)) continue;
      seen.add(module);
      out.push([name, module]);
    }
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every module inside it, depth first in registration order, each once. */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const stack: [string, Module][] = [[prefix, this]];
    while (stack.length > 0) {
      const [path, module] = stack.pop()!;
      if (seen.has(module)) continue;
      seen.add(module);
      out.push([path, module]);
      const children = [...module.#modules];
      for (let i = children.length - 1; i >= 0; i--) {
        const [name, child] = children[i]!;
        stack.push([path ? `${path}.${name}` : name, child]);
      }
    }
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every parameter with its dotted name, in PyTorch's order; pass it as `snapshot`'s `params`. */
  namedParameters(prefix = ''): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [path, module] of this.namedModules(prefix)) {
      for (const [name, param] of module.#parameters) {
        if (param === null || seen.has(param)) continue;
        seen.add(param);
        out.push([path ? `${path}.${name}` : name, param]);
      }
    }
    return out;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  // ---- modes and gradients --------------------------------------------------------------

  /** `train(mode)`: sets training mode on this module and every module inside it. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ValueError('training mode is expected to be boolean');
    for (const module of this.modules()) module.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** `zero_grad(set_to_none=False)`: zeroes every parameter's gradient (or drops it). */
  zeroGrad(setToNone = false): void {
    zeroGrads(this.parameters(), setToNone);
  }

  // ---- description ----------------------------------------------------------------------

  /** The part of the description inside the parentheses (PyTorch's `extra_repr`). */
  extraRepr(): string {
    return '';
  }

  /** PyTorch's repr: `Linear(in_features=2, out_features=3, bias=True)`, children one per line. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = [...this.#modules].map(([name, module]) => `(${name}): ${indent(module.toString())}`);
    const lines = [...extraLines, ...childLines];
    if (lines.length === 0) return `${this.constructor.name}()`;
    if (extraLines.length === 1 && childLines.length === 0) return `${this.constructor.name}(${extraLines[0]})`;
    return `${this.constructor.name}(\n  ${lines.join('\n  ')}\n)`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
