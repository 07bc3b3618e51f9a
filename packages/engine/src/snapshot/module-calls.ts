import type { Node } from '../autograd/node.js';
import type { ModuleCall } from '../provenance.js';
import type { ModuleCallSnapshot, ModuleSnapshot } from './schema.js';

export interface ModuleTables {
  readonly modules: ModuleSnapshot[];
  readonly moduleCalls: ModuleCallSnapshot[];
  /** The `moduleCalls` id of each call a node was made in. */
  readonly ids: ReadonlyMap<ModuleCall, number>;
}

/**
 * The module calls the nodes were made in, with every call around them, numbered in start order
 * (so a parent comes before its children), and one entry per module path. Undefined when no node
 * was made inside a module.
 */
export function moduleTables(nodes: readonly Node[]): ModuleTables | undefined {
  const calls = new Set<ModuleCall>();
  for (const node of nodes) {
    for (let call = node.moduleCall ?? null; call !== null && !calls.has(call); call = call.parent) calls.add(call);
  }
  if (calls.size === 0) return undefined;
  const ordered = [...calls].sort((a, b) => a.order - b.order);
  const ids = new Map(ordered.map((call, id) => [call, id]));
  const modules = new Map<string, ModuleSnapshot>();
  const moduleCalls = ordered.map((call, id) => {
    if (!modules.has(call.path)) {
      const parameterCount = call.module.parameters().reduce((sum, p) => sum + p.numel(), 0);
      modules.set(call.path, { path: call.path, type: call.module.constructor.name, parameterCount });
    }
    return { id, module: call.path, parent: call.parent === null ? null : ids.get(call.parent)! };
  });
  return { modules: [...modules.values()], moduleCalls, ids };
}
