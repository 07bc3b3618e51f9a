/**
 * gradviz's own groups, where a group holds more than `itemLimit` boxes and groups directly: the
 * same block again and again becomes a repeat (`1,430 × ResidualBlock`), and what is still too
 * long is cut into parts along the order it ran in. Afterwards no group holds more than
 * `itemLimit` items, so every layout dagre runs is small. Works the same with or without modules:
 * a graph without module paths is one big root group.
 */
import type { VizGraph } from '../graph.js';
import type { GroupDraft, TreeBuilder } from './builder.js';
import { type Link, crossings, findRepeats, forwardOrder, partBorders } from './sequence.js';

export interface InferOptions {
  /** Most items (boxes and groups) one group may hold directly. */
  readonly itemLimit: number;
}

/** The longest block a repeat may have. */
const MAX_PERIOD = 64;
const MIN_REPEAT_COUNT = 3;
const MIN_REPEAT_ITEMS = 12;

/** Items are boxes (0 to boxCount - 1) and groups (boxCount + group index). */
class Inference {
  readonly #tree: TreeBuilder;
  readonly #graph: VizGraph;
  readonly #boxes: number;
  readonly #limit: number;
  /** A number per kind of item: same box kind and name, or same group content. */
  readonly #kinds = new Map<string, number>();
  readonly #boxKind: Int32Array;
  readonly #groupKind: number[] = [];
  readonly #groupEnd: number[] = [];
  /** Each link between boxes: the group it lies in, and the items directly in that group it joins. */
  readonly #linkGroup: Int32Array;
  readonly #linkFrom: Int32Array;
  readonly #linkTo: Int32Array;
  readonly #linksIn = new Map<number, number[]>();
  /** Groups already searched for repeats: a second search would find the same ones. */
  readonly #searched = new Set<number>();
  /** How many times each group was cut into parts: parts of parts need ids of their own. */
  readonly #partRounds = new Map<number, number>();

  constructor(tree: TreeBuilder, graph: VizGraph, limit: number) {
    this.#tree = tree;
    this.#graph = graph;
    this.#boxes = graph.nodes.length;
    this.#limit = limit;
    this.#boxKind = Int32Array.from(graph.nodes, (node) =>
      this.#kindOf(`${node.kind}|${node.kind === 'gradFn' ? node.lines[0] : node.lines.slice(1).join('|')}`),
    );
    this.#describeGroups();
    const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
    const edges = graph.edges.length;
    this.#linkGroup = new Int32Array(edges).fill(-1);
    this.#linkFrom = new Int32Array(edges);
    this.#linkTo = new Int32Array(edges);
    const level = tree.levels();
    graph.edges.forEach((edge, e) => {
      let a = index.get(edge.from)!;
      let b = index.get(edge.to)!;
      let groupA = tree.boxGroup[a]!;
      let groupB = tree.boxGroup[b]!;
      while (groupA !== groupB) {
        if (level[groupA]! >= level[groupB]!) {
          a = this.#boxes + groupA;
          groupA = tree.groups[groupA]!.parent;
        } else {
          b = this.#boxes + groupB;
          groupB = tree.groups[groupB]!.parent;
        }
      }
      if (a === b) return;
      this.#setLink(e, groupA, a, b);
    });
  }

  #kindOf(key: string): number {
    let kind = this.#kinds.get(key);
    if (kind === undefined) {
      kind = this.#kinds.size;
      this.#kinds.set(key, kind);
    }
    return kind;
  }

  /** A group's kind is its type and the kinds of what it holds, counted (order left out). */
  #contentKind(prefix: string, items: readonly number[]): number {
    const kinds = items.map((item) => this.#itemKind(item)).sort((a, b) => a - b);
    return this.#kindOf(`${prefix}(${kinds.join(',')})`);
  }

  /** Kinds and ends of the module groups, children before parents. */
  #describeGroups(): void {
    const order = this.#tree.topDown();
    for (let i = order.length - 1; i >= 0; i--) {
      const g = order[i]!;
      const group = this.#tree.groups[g]!;
      const items = this.#itemsOf(g);
      this.#groupKind[g] = this.#contentKind(`${group.kind}:${group.type ?? group.module ?? ''}`, items);
      this.#groupEnd[g] = items.reduce((last, item) => Math.max(last, this.#end(item)), -Infinity);
    }
  }

  #itemKind(item: number): number {
    return item < this.#boxes ? this.#boxKind[item]! : this.#groupKind[item - this.#boxes]!;
  }

  #end(item: number): number {
    return item < this.#boxes ? this.#tree.forward[item]! : this.#groupEnd[item - this.#boxes]!;
  }

  #parentOf(item: number): number {
    return item < this.#boxes ? this.#tree.boxGroup[item]! : this.#tree.groups[item - this.#boxes]!.parent;
  }

  #itemsOf(g: number): number[] {
    const group = this.#tree.groups[g]!;
    return [...group.children.map((child) => this.#boxes + child), ...group.boxes];
  }

  #setLink(e: number, group: number, from: number, to: number): void {
    this.#linkGroup[e] = group;
    this.#linkFrom[e] = from;
    this.#linkTo[e] = to;
    const list = this.#linksIn.get(group);
    if (list === undefined) this.#linksIn.set(group, [e]);
    else list.push(e);
  }

  #tooBig(g: number): boolean {
    const group = this.#tree.groups[g]!;
    return group.children.length + group.boxes.length > this.#limit;
  }

  run(): void {
    const work = this.#tree.topDown().filter((g) => this.#tooBig(g));
    while (work.length > 0) {
      const g = work.pop()!;
      for (const added of this.#split(g)) if (this.#tooBig(added)) work.push(added);
      if (this.#tooBig(g)) work.push(g);
    }
  }

  /** Adds repeats, then parts, directly under `g`; returns the groups added. */
  #split(g: number): number[] {
    const items = this.#itemsOf(g);
    const local = new Map(items.map((item, i) => [item, i]));
    const linkIds = this.#linksIn.get(g) ?? [];
    const links: Link[] = linkIds.map((e) => [local.get(this.#linkFrom[e]!)!, local.get(this.#linkTo[e]!)!]);
    const order = forwardOrder(items.length, links, (i) => this.#end(items[i]!));
    const position = new Int32Array(items.length);
    order.forEach((item, p) => (position[item] = p));

    const added: number[] = [];
    const group = this.#tree.groups[g]!;
    let sequence = order.map((i) => items[i]!);
    if (group.kind !== 'repeat' && group.kind !== 'part' && !this.#searched.has(g)) {
      this.#searched.add(g);
      const crossing = crossings(items.length, links, (i) => position[i]!);
      const kinds = sequence.map((item) => this.#itemKind(item));
      const repeats = findRepeats(kinds, crossing, { maxPeriod: Math.min(MAX_PERIOD, this.#limit), minCount: MIN_REPEAT_COUNT, minItems: MIN_REPEAT_ITEMS });
      const next: number[] = [];
      let at = 0;
      for (const repeat of repeats) {
        next.push(...sequence.slice(at, repeat.start));
        const made = this.#addRepeat(g, sequence.slice(repeat.start, repeat.start + repeat.period * repeat.count), repeat.period);
        added.push(...made);
        next.push(this.#boxes + made[0]!);
        at = repeat.start + repeat.period * repeat.count;
      }
      next.push(...sequence.slice(at));
      sequence = next;
    }
    if (sequence.length > this.#limit) {
      const place = new Map(sequence.map((item, p) => [item, p]));
      const top = (item: number): number => {
        while (!place.has(item)) item = this.#boxes + this.#parentOf(item);
        return place.get(item)!;
      };
      const crossing = crossings(sequence.length, links, (i) => top(items[i]!));
      const borders = partBorders(sequence.length, this.#limit, crossing);
      const parts = borders.length - 1;
      const round = (this.#partRounds.get(g) ?? 0) + 1;
      this.#partRounds.set(g, round);
      for (let k = 0; k < parts; k++) {
        const members = sequence.slice(borders[k], borders[k + 1]);
        if (members.length < 2) continue;
        const id = `${group.id}/part${round === 1 ? '' : `${round}.`}${k + 1}`;
        added.push(this.#addGroup({ id, kind: 'part', parent: g, position: { index: k + 1, of: parts } }, members));
      }
    }
    this.#tidy(g);
    this.#relink(g, linkIds);
    return added;
  }

  /** A repeat of `members.length / period` blocks; blocks of more than one item are steps. Returns the repeat first. */
  #addRepeat(g: number, members: readonly number[], period: number): number[] {
    const parent = this.#tree.groups[g]!;
    const count = members.length / period;
    const first = members[0]!;
    const block =
      period > 1
        ? `block of ${period}`
        : first < this.#boxes
          ? (this.#graph.nodes[first]!.lines[0] ?? '')
          : (this.#tree.groups[first - this.#boxes]!.type ?? this.#tree.groups[first - this.#boxes]!.module ?? 'group');
    const id = `${parent.id}/repeat${this.#repeatNumber(g)}`;
    if (period === 1) return [this.#addGroup({ id, kind: 'repeat', parent: g, repeat: { count, block } }, members)];
    const repeat = this.#addGroup({ id, kind: 'repeat', parent: g, repeat: { count, block } }, []);
    const steps: number[] = [];
    for (let k = 0; k < count; k++) {
      const step = this.#addGroup({ id: `${id}/step${k + 1}`, kind: 'step', parent: repeat, position: { index: k + 1, of: count } }, members.slice(k * period, (k + 1) * period));
      steps.push(step);
    }
    this.#groupKind[repeat] = this.#contentKind('repeat', steps.map((s) => this.#boxes + s));
    return [repeat, ...steps];
  }

  #repeatNumber(g: number): number {
    return this.#tree.groups[g]!.children.filter((child) => this.#tree.groups[child]!.kind === 'repeat').length + 1;
  }

  /**
   * A new group under `draft.parent` holding `members` (items directly in `g`). `g`'s own lists are
   * tidied once per split, by #tidy.
   */
  #addGroup(draft: Omit<GroupDraft, 'children' | 'boxes'>, members: readonly number[]): number {
    const g = this.#tree.add(draft);
    const group = this.#tree.groups[g]!;
    for (const item of members) {
      if (item < this.#boxes) {
        this.#tree.place(item, g);
        group.boxes.push(item);
      } else {
        this.#tree.groups[item - this.#boxes]!.parent = g;
        group.children.push(item - this.#boxes);
      }
    }
    group.boxes.sort((a, b) => this.#tree.forward[a]! - this.#tree.forward[b]!);
    this.#groupKind[g] = this.#contentKind(draft.kind, members);
    this.#groupEnd[g] = members.reduce((last, item) => Math.max(last, this.#end(item)), -Infinity);
    return g;
  }

  /** Drops from `g`'s lists what moved into the groups just added. */
  #tidy(g: number): void {
    const group = this.#tree.groups[g]!;
    group.children = group.children.filter((child) => this.#tree.groups[child]!.parent === g);
    group.boxes = group.boxes.filter((box) => this.#tree.boxGroup[box] === g);
  }

  /** The links that lay in `g` now lie in `g` or in a group just added under it. */
  #relink(g: number, linkIds: readonly number[]): void {
    this.#linksIn.delete(g);
    for (const e of linkIds) {
      const upFrom = this.#chain(this.#linkFrom[e]!, g);
      const upTo = this.#chain(this.#linkTo[e]!, g);
      const common = upFrom.findIndex((item, i) => i > 0 && upTo.includes(item));
      const at = upTo.indexOf(upFrom[common]!);
      this.#setLink(e, upFrom[common]! - this.#boxes, upFrom[common - 1]!, upTo[at - 1]!);
    }
  }

  /** `item`, then the groups around it up to `g` included, as items. */
  #chain(item: number, g: number): number[] {
    const chain = [item];
    while (chain[chain.length - 1] !== this.#boxes + g) chain.push(this.#boxes + this.#parentOf(chain[chain.length - 1]!));
    return chain;
  }
}

export function inferGroups(tree: TreeBuilder, graph: VizGraph, options: InferOptions): void {
  new Inference(tree, graph, options.itemLimit).run();
}
