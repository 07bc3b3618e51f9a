import type { Node } from './node.js';

/** A max-heap of nodes by priority: the engine's ready queue. */
export class ReadyQueue {
  readonly #heap: Node[] = [];
  readonly #priority: (node: Node) => number;

  constructor(priority: (node: Node) => number) {
    this.#priority = priority;
  }

  push(node: Node): void {
    const heap = this.#heap;
    heap.push(node);
    let i = heap.length - 1;
    const p = this.#priority(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#priority(heap[parent]!) >= p) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = node;
  }

  pop(): Node | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    const p = this.#priority(last);
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && this.#priority(heap[right]!) > this.#priority(heap[left]!) ? right : left;
      if (this.#priority(heap[child]!) <= p) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
