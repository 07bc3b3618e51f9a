/**
 * Checks of the snapshot's module table, module calls and each node's `moduleCall`: the groups a
 * picture folds come from them, so a dangling id or a parent listed after its child fails here,
 * with the field named, not later inside the grouping. No recursion: parents are checked by id.
 */
import { type JsonChecker, type JsonObject, isWholeNumber } from './json-check.js';

function checkModules(check: JsonChecker, value: unknown): Set<string> {
  const paths = new Set<string>();
  check.array(value, 'modules').forEach((m, i) => {
    const path = `modules[${i}]`;
    const module = check.object(m, path, '{ path, type, parameterCount }');
    if (typeof module.path !== 'string' || module.path === '') check.fail(`${path}.path`, "must be a module's dotted path such as 'layers.0'", module.path);
    if (paths.has(module.path)) check.fail(`${path}.path`, 'must be listed once', module.path);
    paths.add(module.path);
    check.string(module.type, `${path}.type`);
    if (!isWholeNumber(module.parameterCount) || module.parameterCount < 0) check.fail(`${path}.parameterCount`, 'must be a whole number >= 0', module.parameterCount);
  });
  return paths;
}

/** Returns each call's module path, by call id. */
function checkCalls(check: JsonChecker, value: unknown, paths: ReadonlySet<string>): string[] {
  return check.array(value, 'moduleCalls').map((c, i) => {
    const path = `moduleCalls[${i}]`;
    const call = check.object(c, path, '{ id, module, parent }');
    if (call.id !== i) check.fail(`${path}.id`, `must be ${i}`, call.id);
    if (typeof call.module !== 'string' || !paths.has(call.module)) check.fail(`${path}.module`, 'must be the path of an entry of modules', call.module);
    if (call.parent !== null && (!isWholeNumber(call.parent) || call.parent < 0 || call.parent >= i)) {
      check.fail(`${path}.parent`, `must be null or the id of an earlier call (0 to ${i - 1}): a parent comes before its children`, call.parent);
    }
    return call.module as string;
  });
}

export function checkModuleTables(check: JsonChecker, snapshot: JsonObject, nodes: readonly unknown[]): void {
  if (snapshot.moduleCalls !== undefined && snapshot.modules === undefined) check.fail('modules', 'must be given with moduleCalls', undefined);
  const paths = snapshot.modules === undefined ? new Set<string>() : checkModules(check, snapshot.modules);
  const calls = snapshot.moduleCalls === undefined ? [] : checkCalls(check, snapshot.moduleCalls, paths);
  nodes.forEach((n, i) => {
    const node = n as JsonObject;
    if (node.moduleCall === undefined) return;
    const path = `nodes[${i}].moduleCall`;
    if (!isWholeNumber(node.moduleCall) || node.moduleCall < 0 || node.moduleCall >= calls.length) {
      check.fail(path, calls.length === 0 ? 'must be a module call id, but the snapshot has no moduleCalls' : `must be a module call id from 0 to ${calls.length - 1}`, node.moduleCall);
    }
    const module = calls[node.moduleCall]!;
    if (node.module !== undefined && node.module !== module) check.fail(`nodes[${i}].module`, `must be '${module}', the module of its call ${node.moduleCall}`, node.module);
  });
}
