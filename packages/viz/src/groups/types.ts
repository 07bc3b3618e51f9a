/**
 * The groups stage's model: a tree of groups over the boxes of a VizGraph. Module calls make the
 * groups (nested as the modules ran); where a group holds too many boxes to read or lay out,
 * gradviz adds its own groups: repeats of identical blocks, their steps, and parts of long runs.
 */

export type GroupKind =
  /** The whole graph: every box not inside a module call. */
  | 'root'
  /** One run of an nn.Module's forward. */
  | 'module'
  /** gradviz: consecutive identical blocks (module calls, or steps) as one group: `1,430 × ResidualBlock`. */
  | 'repeat'
  /** gradviz: one block of a repeat when the block is several boxes or groups. */
  | 'step'
  /** gradviz: a stretch of a long run, so that no group holds more than it can show. */
  | 'part';

export interface Group {
  /** Stable for a given snapshot: `call12` for module call 12, `call12/part3` for what gradviz added. */
  readonly id: string;
  readonly kind: GroupKind;
  /** Index of the parent group in `GroupTree.groups`; -1 for the root. */
  readonly parent: number;
  /** 0 for the root, 1 for a group directly in it. */
  readonly level: number;
  /** Groups directly inside, in order. */
  readonly children: readonly number[];
  /** Indexes into the VizGraph's nodes of the boxes directly inside, in the order the graph ran forward. */
  readonly boxes: readonly number[];
  /** Boxes inside, at any depth. */
  readonly boxCount: number;
  /**
   * The latest place, in the order the graph ran forward, of the boxes inside: when the group was
   * done. Siblings are in this order (a block comes after the blocks whose results it uses).
   */
  readonly end: number;
  /** Module groups: the module's dotted path, class name and call id. */
  readonly module?: string;
  readonly type?: string;
  readonly call?: number;
  /**
   * Parameter elements inside: the module's own count, or for gradviz's groups the sum over the
   * distinct modules and leaves inside (a module run 100 times counts once).
   */
  readonly parameterCount?: number;
  /** Repeats: how many blocks, and what each block is (a module's class name, or its box count). */
  readonly repeat?: { readonly count: number; readonly block: string };
  /** Steps and parts: where they are among their siblings (1-based) and how many siblings. */
  readonly position?: { readonly index: number; readonly of: number };
  /** Module groups: which call of this module it is (1-based) when the module ran more than once. */
  readonly callNumber?: { readonly index: number; readonly of: number };
}

export interface GroupTree {
  /** `groups[0]` is the root; a parent may come after its children (gradviz's groups are added last). */
  readonly groups: readonly Group[];
  /** For each box of the VizGraph, the index of the innermost group it is in. */
  readonly boxGroup: Int32Array;
  readonly byId: ReadonlyMap<string, number>;
  /** Each box's place in the order the graph ran forward (inputs before what uses them). */
  readonly forward: Int32Array;
  /** The deepest level of any group. */
  readonly maxLevel: number;
}
