/** What a group is called and what its frame or folded box says about it, in the picture's language. */
import { type VizGraph, visibleLines } from '../graph.js';
import { format, message, type MessageId, type MessageRef, plural } from '../messages/index.js';
import { groupGradientText } from '../gradients/groups.js';
import type { Group, GroupTree } from './types.js';

const count = (n: number): string => n.toLocaleString('en-US');

/** A message in the language of `graph`'s words. */
export function say(graph: VizGraph, id: MessageId, args?: MessageRef['args']): string {
  return format(graph.lang ?? 'en', message(id, args));
}

function parameterText(graph: VizGraph, n: number): string {
  return say(graph, plural('group.params', n), { count: n });
}

/** A module group's name: its path, and which call it is when the module ran more than once. */
function moduleName(group: Group): string {
  return group.callNumber === undefined ? group.module! : `${group.module} #${count(group.callNumber.index)}`;
}

/** What a group or box is called in a range such as `blocks.0 … blocks.59`. */
function itemName(tree: GroupTree, graph: VizGraph, item: { group: number } | { box: number }): string {
  if ('box' in item) {
    const node = graph.nodes[item.box]!;
    return visibleLines(node)[0] ?? node.id;
  }
  const group = tree.groups[item.group]!;
  return group.kind === 'step' ? say(graph, 'group.step', { index: group.position!.index }) : groupTitle(tree, graph, item.group);
}

/** The first or last thing inside, looking through parts: a repeat reads `blocks.0 … blocks.70`. */
function end(tree: GroupTree, graph: VizGraph, group: Group, last: boolean): string | undefined {
  let current = group;
  for (;;) {
    const items = [...current.children.map((g) => ({ group: g, at: tree.groups[g]!.end })), ...current.boxes.map((b) => ({ box: b, at: tree.forward[b]! }))];
    if (items.length === 0) return undefined;
    const pick = items.reduce((best, item) => ((last ? item.at > best.at : item.at < best.at) ? item : best));
    if ('group' in pick && tree.groups[pick.group]!.kind === 'part') current = tree.groups[pick.group]!;
    else return itemName(tree, graph, pick);
  }
}

function range(tree: GroupTree, graph: VizGraph, group: Group): string | undefined {
  if (group.children.length + group.boxes.length < 2) return undefined;
  return `${end(tree, graph, group, false)} \u2026 ${end(tree, graph, group, true)}`;
}

export function groupTitle(tree: GroupTree, graph: VizGraph, g: number): string {
  const group = tree.groups[g]!;
  switch (group.kind) {
    case 'root':
      return say(graph, 'group.root');
    case 'module':
      return moduleName(group);
    case 'repeat':
      return `${count(group.repeat!.count)} \u00d7 ${group.repeat!.block}`;
    case 'step':
      return say(graph, 'group.stepOf', { index: group.position!.index, of: group.position!.of });
    case 'part':
      return say(graph, 'group.partOf', { index: group.position!.index, of: group.position!.of });
  }
}

/** The facts under the title: the module's class, the range inside, the parameter count, with gradients drawn their gradient's norm. */
export function groupFacts(tree: GroupTree, graph: VizGraph, g: number): string[] {
  const group = tree.groups[g]!;
  const facts: string[] = [];
  if (group.kind === 'module' && group.type !== undefined) facts.push(group.type);
  // A repeat of steps reads `214 × block of 14`: its range, step 1 to step 214, says nothing more.
  let first = group.children[0];
  while (first !== undefined && tree.groups[first]!.kind === 'part') first = tree.groups[first]!.children[0];
  const ofSteps = first !== undefined && tree.groups[first]!.kind === 'step';
  if ((group.kind === 'repeat' && !ofSteps) || group.kind === 'part') {
    const inside = range(tree, graph, group);
    if (inside !== undefined) facts.push(inside);
  }
  if (group.parameterCount !== undefined && group.parameterCount > 0) facts.push(parameterText(graph, group.parameterCount));
  const gradient = groupGradientText(tree, graph, g);
  if (gradient !== undefined) facts.push(say(graph, 'group.gradient', { norm: gradient }));
  return facts;
}

const KIND_TEXT: Readonly<Record<Group['kind'], MessageId>> = {
  root: 'group.kind.root',
  module: 'group.kind.module',
  repeat: 'group.kind.repeat',
  step: 'group.kind.step',
  part: 'group.kind.part',
};

/** Hover details of a group's frame or folded box. */
export function groupDetails(tree: GroupTree, graph: VizGraph, g: number): [string, string][] {
  const group = tree.groups[g]!;
  const details: [string, string][] = [[say(graph, 'group.detail.group'), say(graph, KIND_TEXT[group.kind])]];
  if (group.module !== undefined) details.push([say(graph, 'detail.module'), group.module]);
  if (group.type !== undefined) details.push([say(graph, 'group.detail.type'), group.type]);
  if (group.callNumber !== undefined) {
    details.push([say(graph, 'group.detail.call'), say(graph, 'group.detail.callOf', { index: group.callNumber.index, of: group.callNumber.of, module: group.module! })]);
  }
  if (group.parameterCount !== undefined) details.push([say(graph, 'group.detail.parameters'), count(group.parameterCount)]);
  details.push([say(graph, 'group.detail.boxes'), count(group.boxCount)]);
  return details;
}
