/**
 * Module groups from the snapshot alone: one group per module call, nested as the calls ran. A
 * snapshot with `module` paths but no `moduleCalls` (an older producer) gets one group per path.
 */
import type { GraphSnapshot, ModuleSnapshot } from '@gradviz/engine/snapshot-schema';
import { ROOT, type TreeBuilder } from './builder.js';

interface CallInfo {
  readonly module: string;
  readonly parent: number | null;
}

/** One call per path when only paths are known: `a.b` runs inside `a`. */
function callsFromPaths(snapshot: GraphSnapshot): { calls: CallInfo[]; callOfNode: (node: number) => number | undefined } {
  const ids = new Map<string, number>();
  const calls: CallInfo[] = [];
  const callOf = (path: string): number => {
    const known = ids.get(path);
    if (known !== undefined) return known;
    // Parents first, walking down the path's prefixes.
    const parts = path.split('.');
    let parent: number | null = null;
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      let id = ids.get(prefix);
      if (id === undefined) {
        id = calls.length;
        ids.set(prefix, id);
        calls.push({ module: prefix, parent });
      }
      parent = id;
    }
    return parent!;
  };
  const nodeCalls = snapshot.nodes.map((node) => (node.module ? callOf(node.module) : undefined));
  return { calls, callOfNode: (node) => nodeCalls[node] };
}

/**
 * Adds a group per module call to `tree` (parents first, as `moduleCalls` lists them) and returns
 * the group of each snapshot node made inside one (undefined for the others).
 */
export function addModuleGroups(snapshot: GraphSnapshot, tree: TreeBuilder): (node: number) => number | undefined {
  const fromCalls = snapshot.moduleCalls !== undefined;
  const { calls, callOfNode } = fromCalls
    ? { calls: snapshot.moduleCalls!, callOfNode: (node: number) => snapshot.nodes[node]!.moduleCall }
    : callsFromPaths(snapshot);
  const modules = new Map<string, ModuleSnapshot>((snapshot.modules ?? []).map((m) => [m.path, m]));
  const callCount = new Map<string, number>();
  for (const call of calls) callCount.set(call.module, (callCount.get(call.module) ?? 0) + 1);
  const seen = new Map<string, number>();
  const groupOfCall: number[] = [];
  calls.forEach((call, id) => {
    const module = modules.get(call.module);
    const index = (seen.get(call.module) ?? 0) + 1;
    seen.set(call.module, index);
    const of = callCount.get(call.module)!;
    groupOfCall.push(
      tree.add({
        id: fromCalls ? `call${id}` : `module:${call.module}`,
        kind: 'module',
        parent: call.parent === null ? ROOT : groupOfCall[call.parent]!,
        module: call.module,
        ...(module ? { type: module.type, parameterCount: module.parameterCount } : {}),
        ...(fromCalls ? { call: id } : {}),
        ...(of > 1 ? { callNumber: { index, of } } : {}),
      }),
    );
  });
  return (node) => {
    const call = callOfNode(node);
    return call === undefined ? undefined : groupOfCall[call];
  };
}
