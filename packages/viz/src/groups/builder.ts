/** A group tree while it is being built: plain mutable drafts, frozen into a GroupTree at the end. */
import type { Group, GroupKind, GroupTree } from './types.js';

export interface GroupDraft {
  id: string;
  kind: GroupKind;
  parent: number;
  children: number[];
  boxes: number[];
  module?: string;
  type?: string;
  call?: number;
  parameterCount?: number;
  repeat?: { readonly count: number; readonly block: string };
  position?: { readonly index: number; readonly of: number };
  callNumber?: { readonly index: number; readonly of: number };
}

export const ROOT = 0;

export class TreeBuilder {
  readonly groups: GroupDraft[] = [{ id: 'root', kind: 'root', parent: -1, children: [], boxes: [] }];
  /** Innermost group of each box. */
  readonly boxGroup: Int32Array;
  /** Each box's place in the order the graph ran forward. */
  readonly forward: Int32Array;

  constructor(forward: Int32Array) {
    this.forward = forward;
    this.boxGroup = new Int32Array(forward.length);
  }

  /** Adds an empty group under `draft.parent` and returns its index. */
  add(draft: Omit<GroupDraft, 'children' | 'boxes'>): number {
    const index = this.groups.length;
    this.groups.push({ ...draft, children: [], boxes: [] });
    if (draft.parent >= 0) this.groups[draft.parent]!.children.push(index);
    return index;
  }

  /** Puts box `box` directly in group `group` (boxes start in the root, unlisted: call `listBoxes` once placed). */
  place(box: number, group: number): void {
    this.boxGroup[box] = group;
  }

  /** Fills every group's box list from `boxGroup`, in forward order. */
  listBoxes(): void {
    for (const group of this.groups) group.boxes = [];
    const byForward = new Int32Array(this.forward.length);
    this.forward.forEach((position, box) => (byForward[position] = box));
    for (const box of byForward) this.groups[this.boxGroup[box]!]!.boxes.push(box);
  }

  /**
   * Drops the groups with no box inside at any depth (a module call that made no node, as a
   * Dropout in eval mode can record): they have nothing to draw. Call before any group is added.
   */
  dropEmpty(): void {
    const order = this.topDown();
    const filled = new Uint8Array(this.groups.length);
    for (const g of this.boxGroup) filled[g] = 1;
    for (let i = order.length - 1; i > 0; i--) if (filled[order[i]!]) filled[this.groups[order[i]!]!.parent] = 1;
    filled[ROOT] = 1;
    if (filled.every((f) => f === 1)) return;
    const index = new Int32Array(this.groups.length).fill(-1);
    const kept = this.groups.filter((_, g) => filled[g]);
    let next = 0;
    this.groups.forEach((_, g) => {
      if (filled[g]) index[g] = next++;
    });
    for (const group of kept) {
      if (group.parent >= 0) group.parent = index[group.parent]!;
      group.children = group.children.filter((child) => filled[child]).map((child) => index[child]!);
    }
    this.groups.length = 0;
    for (const group of kept) this.groups.push(group);
    this.boxGroup.forEach((g, box) => (this.boxGroup[box] = index[g]!));
  }

  /** Levels, parents first: the root is 0. No recursion. */
  levels(): Int32Array {
    const level = new Int32Array(this.groups.length);
    const queue = [ROOT];
    for (let head = 0; head < queue.length; head++) {
      const group = queue[head]!;
      for (const child of this.groups[group]!.children) {
        level[child] = level[group]! + 1;
        queue.push(child);
      }
    }
    return level;
  }

  /** Groups in an order where every child comes after its parent. */
  topDown(): number[] {
    const order = [ROOT];
    for (let head = 0; head < order.length; head++) for (const child of this.groups[order[head]!]!.children) order.push(child);
    return order;
  }

  freeze(): GroupTree {
    const level = this.levels();
    const order = this.topDown();
    const boxCount = new Float64Array(this.groups.length);
    const end = new Float64Array(this.groups.length).fill(-Infinity);
    for (let i = order.length - 1; i >= 0; i--) {
      const g = order[i]!;
      const draft = this.groups[g]!;
      boxCount[g]! += draft.boxes.length;
      for (const box of draft.boxes) end[g] = Math.max(end[g]!, this.forward[box]!);
      if (draft.parent >= 0) {
        boxCount[draft.parent]! += boxCount[g]!;
        end[draft.parent] = Math.max(end[draft.parent]!, end[g]!);
      }
    }
    const groups: Group[] = this.groups.map((draft, g) => {
      const children = [...draft.children].sort((a, b) => end[a]! - end[b]!);
      const boxes = [...draft.boxes].sort((a, b) => this.forward[a]! - this.forward[b]!);
      const { children: _, boxes: __, ...rest } = draft;
      return { ...rest, level: level[g]!, children, boxes, boxCount: boxCount[g]!, end: end[g]! };
    });
    return {
      groups,
      boxGroup: this.boxGroup,
      byId: new Map(groups.map((group, index) => [group.id, index])),
      forward: this.forward,
      maxLevel: level.reduce((max, l) => Math.max(max, l), 0),
    };
  }
}
