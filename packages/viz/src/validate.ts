/**
 * Checks that a value is a snapshot this version can draw, with an error that says what is wrong
 * and where — a snapshot may come from a file or another tool, not only from the engine.
 */
import { type GraphSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '@gradviz/engine/snapshot-schema';

export class SnapshotError extends TypeError {
  override name = 'SnapshotError';
}

function fail(where: string, problem: string): never {
  throw new SnapshotError(`${where}: malformed snapshot: ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value looks like a snapshot at all (it carries the format tag). */
export function looksLikeSnapshot(value: unknown): boolean {
  return isObject(value) && value.format === SNAPSHOT_FORMAT;
}

function checkId(value: unknown, count: number, path: string, what: string, where: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= count) {
    fail(where, `${path} must be a ${what} id from 0 to ${count - 1}, got ${JSON.stringify(value)}`);
  }
}

function checkArray(value: unknown, path: string, where: string): unknown[] {
  if (!Array.isArray(value)) fail(where, `${path} must be an array, got ${value === null ? 'null' : typeof value}`);
  return value;
}

export function validateSnapshot(value: unknown, where = 'makeDot()'): GraphSnapshot {
  if (!isObject(value)) fail(where, `expected an object with format '${SNAPSHOT_FORMAT}', got ${value === null ? 'null' : typeof value}`);
  if (value.format !== SNAPSHOT_FORMAT) fail(where, `format must be '${SNAPSHOT_FORMAT}', got ${JSON.stringify(value.format)}`);
  if (typeof value.version !== 'number' || value.version < 1 || value.version > SNAPSHOT_VERSION) {
    fail(where, `version ${JSON.stringify(value.version)} is not one this gradviz reads (1 to ${SNAPSHOT_VERSION}); upgrade gradviz or re-export the snapshot`);
  }
  const nodes = checkArray(value.nodes, 'nodes', where);
  const tensors = checkArray(value.tensors, 'tensors', where);
  const outputs = checkArray(value.outputs, 'outputs', where);
  const params = checkArray(value.params ?? [], 'params', where);
  if (outputs.length === 0) fail(where, 'outputs is empty; a snapshot needs at least one output');

  tensors.forEach((t, i) => {
    const path = `tensors[${i}]`;
    if (!isObject(t)) fail(where, `${path} must be an object`);
    if (t.id !== i) fail(where, `${path}.id must be ${i}, got ${JSON.stringify(t.id)}`);
    const shape = checkArray(t.shape, `${path}.shape`, where);
    if (!shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) fail(where, `${path}.shape must hold whole numbers >= 0`);
    if (typeof t.dtype !== 'string') fail(where, `${path}.dtype must be a string such as 'float32'`);
  });
  nodes.forEach((n, i) => {
    const path = `nodes[${i}]`;
    if (!isObject(n)) fail(where, `${path} must be an object`);
    if (n.id !== i) fail(where, `${path}.id must be ${i}, got ${JSON.stringify(n.id)}`);
    if (typeof n.name !== 'string' || n.name === '') fail(where, `${path}.name must be a node class name such as 'MulBackward0'`);
    checkArray(n.next, `${path}.next`, where).forEach((edge, k) => {
      if (!Array.isArray(edge) || edge.length !== 2) fail(where, `${path}.next[${k}] must be a [node id or null, input_nr] pair`);
      if (edge[0] !== null) checkId(edge[0], nodes.length, `${path}.next[${k}][0]`, 'node', where);
    });
    if (n.variable !== undefined) checkId(n.variable, tensors.length, `${path}.variable`, 'tensor', where);
    if (!isObject(n.saved)) fail(where, `${path}.saved must be an object of saved values`);
    for (const [key, saved] of Object.entries(n.saved)) {
      if (!isObject(saved) || typeof saved.type !== 'string') fail(where, `${path}.saved.${key} must be an object with a 'type'`);
      if (saved.type === 'tensor') checkId(saved.tensor, tensors.length, `${path}.saved.${key}.tensor`, 'tensor', where);
    }
  });
  outputs.forEach((o, i) => {
    if (!isObject(o)) fail(where, `outputs[${i}] must be an object`);
    checkId(o.tensor, tensors.length, `outputs[${i}].tensor`, 'tensor', where);
    if (o.gradFn !== null) checkId(o.gradFn, nodes.length, `outputs[${i}].gradFn`, 'node', where);
  });
  params.forEach((p, i) => {
    if (!isObject(p) || typeof p.name !== 'string') fail(where, `params[${i}] must be { name, tensor }`);
    checkId(p.tensor, tensors.length, `params[${i}].tensor`, 'tensor', where);
  });
  return value as unknown as GraphSnapshot;
}
