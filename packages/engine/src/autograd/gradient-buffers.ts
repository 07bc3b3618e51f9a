import { logAllocations, releaseStorage, type Storage } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import type { Node } from './node.js';

/**
 * The gradients waiting at each node's inputs during one backward pass, and what frees them: a
 * gradient the pass made itself goes back to the allocator as soon as no waiting input holds it
 * and the node it went to has run, as PyTorch frees an intermediate gradient when its last
 * reference goes. Gradients that leave the pass (`.grad`, the caller's) are never given back.
 */
export class GradientBuffers {
  readonly #inputs = new Map<Node, (Tensor | null)[]>();
  /** How many waiting inputs hold each storage. */
  readonly #holders = new Map<Storage, number>();
  /** Large storages allocated during the pass, the only ones it may give back. */
  readonly #made = new Set<Storage>();
  readonly #previousLog: Set<Storage> | null;

  constructor() {
    this.#previousLog = logAllocations(this.#made);
  }

  /** Adds `grad` to input `inputNr` of `node`, summing with a gradient already there. */
  add(node: Node, inputNr: number, grad: Tensor): void {
    let inputs = this.#inputs.get(node);
    if (!inputs) this.#inputs.set(node, (inputs = []));
    const existing = inputs[inputNr];
    if (existing) {
      inputs[inputNr] = existing.add(grad);
      this.#hold(inputs[inputNr]!._storage, 1);
      this.#hold(existing._storage, -1);
      this.#releaseIfFree(existing);
    } else {
      inputs[inputNr] = grad;
      this.#hold(grad._storage, 1);
    }
  }

  /** The gradients at `node`'s inputs, taken out; they stay held until `finished`. */
  take(node: Node): (Tensor | null)[] {
    const inputs = this.#inputs.get(node) ?? [];
    this.#inputs.delete(node);
    return inputs;
  }

  /** Whether `grad` (taken for a node) is held by nothing else and was made by this pass. */
  isSoleOwner(grad: Tensor): boolean {
    return this.#holders.get(grad._storage) === 1 && this.#made.has(grad._storage);
  }

  /** `grad` leaves the pass (it became a `.grad`): never give it back. */
  keep(grad: Tensor): void {
    this.#made.delete(grad._storage);
  }

  /** After the node ran and its outputs were added: lets go of its inputs, giving back the free ones. */
  finished(taken: readonly (Tensor | null | undefined)[]): void {
    for (const grad of taken) if (grad) this.#hold(grad._storage, -1);
    for (const grad of taken) if (grad) this.#releaseIfFree(grad);
  }

  /** Ends the pass's allocation log. */
  close(): void {
    logAllocations(this.#previousLog);
  }

  #hold(storage: Storage, change: number): void {
    this.#holders.set(storage, (this.#holders.get(storage) ?? 0) + change);
  }

  #releaseIfFree(grad: Tensor): void {
    const storage = grad._storage;
    if ((this.#holders.get(storage) ?? 0) > 0 || !this.#made.has(storage)) return;
    this.#made.delete(storage);
    this.#holders.delete(storage);
    releaseStorage(storage);
  }
}
