/**
 * What makeDot accepts — tensors or a snapshot — checked up front, with a TypeError that says
 * what was passed and what to pass instead (torchviz users often pass `model` or `loss.mean`).
 */
import { isTensor, normalizeOutputs, normalizeParams, snapshot, type ParamsInput, type Tensor } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { looksLikeSnapshot, validateSnapshot } from './validate.js';

function isModuleLike(value: unknown): value is { constructor: { name: string } } {
  return typeof value === 'object' && value !== null && typeof (value as { forward?: unknown }).forward === 'function';
}

/** Adds the hint a learner needs to the engine's message about a non-tensor output. */
function outputHint(value: unknown): string {
  if (isModuleLike(value)) {
    return ` — this is a module (${value.constructor.name}), not its output: pass the tensor it computes, e.g. makeDot(model.forward(x)) or makeDot(loss)`;
  }
  return '';
}

export function checkOutputs(outputs: unknown, where: string): Tensor[] {
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const module = list.find(isModuleLike);
  try {
    return normalizeOutputs(outputs, where);
  } catch (e) {
    if (e instanceof TypeError && module) throw new TypeError(`${e.message}${outputHint(module)}`);
    throw e;
  }
}

/** The snapshot to draw: taken from tensors, or a snapshot given as JSON (validated). */
export function toSnapshot(input: unknown, params: ParamsInput | undefined, where: string): GraphSnapshot {
  if (looksLikeSnapshot(input)) {
    if (params !== undefined) {
      throw new TypeError(`${where}: params cannot be given with a snapshot — the snapshot already names its params (its 'params' field)`);
    }
    return validateSnapshot(input, where);
  }
  if (typeof input === 'string') {
    throw new TypeError(`${where}: expected a Tensor, an array of Tensors or a snapshot object, got a string; to draw a snapshot file, JSON.parse its text first (or use the gradviz CLI)`);
  }
  if (!isTensor(input) && !Array.isArray(input) && typeof input === 'object' && input !== null && !isModuleLike(input)) {
    // An object that is not a tensor: a snapshot with a wrong or missing format, say which.
    validateSnapshot(input, where);
  }
  return snapshot(checkOutputs(input, where), { params: normalizeParams(params, where) });
}
