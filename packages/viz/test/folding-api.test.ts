/**
 * Folding through the API: makeDot's depth, fold states (unfold, fold, reveal, withFolding), what
 * toJSON() carries for a page to fold, and the checks of a snapshot's module tables (the CLI's
 * --depth is tested in @gradviz/cli).
 */
import { snapshot } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { describe, expect, it } from 'vitest';
import { drawableGraph } from '../src/browser/graph-data.js';
import { makeDot } from '../src/make-dot.js';
import { SnapshotError, validateSnapshot } from '../src/validate.js';
import { blocksFor, buildModel } from './fixtures/models.js';

function residual(blocks: number): GraphSnapshot {
  const { loss, params } = buildModel('residual-mlp', blocks);
  return JSON.parse(JSON.stringify(snapshot(loss, { params }))) as GraphSnapshot;
}

describe('makeDot depth', () => {
  it('defaults to the flat drawing for a small graph, and to a folded one within the budget for a large one', () => {
    expect(makeDot(residual(3)).depth).toBe(Infinity);
    const { loss, params } = buildModel('residual-mlp', blocksFor('residual-mlp', 1000));
    const large = makeDot(loss, { params });
    expect(large.depth).toBeGreaterThan(0);
    expect(large.picture.nodes.length + (large.picture.clusters?.length ?? 0)).toBeLessThanOrEqual(150);
    expect(large.graph.nodes.length).toBeGreaterThan(1000);
  });

  it.each([
    [-1, '-1'],
    [1.5, '1.5'],
    ['2', '"2"'],
    [Number.NaN, 'NaN'],
  ])('refuses depth %s, saying what to pass', (depth, shown) => {
    expect(() => makeDot(residual(3), { depth: depth as number })).toThrow(
      `makeDot(): depth must be a whole number >= 0 (how many levels of groups start unfolded) or Infinity (the flat drawing), got ${shown}`,
    );
  });

  it('unfolds and folds a group, and reveals a box hidden inside folded groups', () => {
    const g = makeDot(residual(3), { depth: 0 });
    expect(g.picture.nodes.filter((n) => n.kind === 'group').map((n) => n.group)).toEqual(['call10', 'call0']);
    const open = g.unfold('call4');
    // Unfolding blocks.1 opens blocks around it too.
    expect(open.picture.clusters?.map((c) => c.id)).toEqual(['call0', 'call4']);
    expect(open.fold('call0').picture.clusters).toBeUndefined();
    const relu = g.graph.nodes.find((n) => n.lines[0] === 'ReluBackward0' && n.module === 'blocks.2')!;
    expect(g.picture.nodes.some((n) => n.id === relu.id)).toBe(false);
    const shown = g.reveal(relu.id);
    expect(shown.picture.nodes.find((n) => n.id === relu.id)?.cluster).toBe('call7');
    expect(shown.reveal(relu.id)).toBe(shown);
    expect(() => g.unfold('nope')).toThrow(`unfold(): there is no group "nope"; a group's id is the data-group of its frame or folded box`);
    expect(() => g.withFolding(['call0', 'nope'])).toThrow('withFolding(): there is no group "nope"');
  });

  it('gives toJSON() what a page needs to fold: the drawing options, the depth and the open groups', () => {
    const g = makeDot(residual(3), { depth: 1, showAttrs: true, sourceRoot: '/src' });
    const json = JSON.parse(JSON.stringify(g.toJSON()));
    expect(json.folding).toEqual({ options: { showAttrs: true, showSaved: false, maxAttrChars: 50, rankdir: 'TB', lang: 'en', sourceRoot: '/src' }, depth: 1, unfolded: ['call0', 'call10'] });
    expect(json.graph.clusters.map((c: { id: string }) => c.id)).toEqual(['call0', 'call10']);
    expect(json.layout.clusters).toHaveLength(2);
    expect('folding' in makeDot(residual(3)).toJSON()).toBe(false);
  });
});

describe('what a page folds', () => {
  it('redraws toJSON() output of a folded picture from its snapshot: the same picture, which then unfolds', () => {
    const g = makeDot(residual(3), { depth: 1 });
    const drawable = drawableGraph(JSON.parse(JSON.stringify(g.toJSON())));
    const inPage = drawable.folding!.source();
    expect(inPage.picture).toEqual(JSON.parse(JSON.stringify(g.picture)));
    expect(inPage.unfold('call4').picture).toEqual(g.unfold('call4').picture);
    expect(drawableGraph(g.snapshot).folding).toBeUndefined();
  });

  it.each([
    ['a depth that is not a whole number', (f: Record<string, unknown>) => (f.depth = 'all'), 'folding.depth must be a whole number, got "all"'],
    ['an unknown rankdir', (f: Record<string, { rankdir?: string }>) => (f.options!.rankdir = 'XY'), 'folding.options.rankdir must be one of "TB", "BT", "LR", "RL", got "XY"'],
    ['open groups that are not ids', (f: Record<string, unknown>) => (f.unfolded = [1]), 'folding.unfolded must hold strings'],
  ])('rejects folding with %s, saying where', (_, mutate, message) => {
    const json = JSON.parse(JSON.stringify(makeDot(residual(3), { depth: 1 }).toJSON()));
    mutate(json.folding);
    expect(() => drawableGraph(json)).toThrow(`malformed graph JSON: ${message}`);
  });
});

describe('snapshot validation of module tables', () => {
  const base = residual(2);
  const calls = base.moduleCalls!;
  const cases: [string, (s: Record<string, unknown>) => void, string][] = [
    ['calls without modules', (s) => delete s.modules, 'modules must be given with moduleCalls, got undefined'],
    ['a module listed twice', (s) => (s.modules as unknown[]).push(base.modules![0]), `modules[${base.modules!.length}].path must be listed once, got "blocks"`],
    ['a negative parameter count', (s) => ((s.modules as { parameterCount: number }[])[1]!.parameterCount = -3), 'modules[1].parameterCount must be a whole number >= 0, got -3'],
    ['a call id out of place', (s) => ((s.moduleCalls as { id: number }[])[2]!.id = 5), 'moduleCalls[2].id must be 2, got 5'],
    ['a call of no module', (s) => ((s.moduleCalls as { module: string }[])[2]!.module = 'blocks.9'), 'moduleCalls[2].module must be the path of an entry of modules, got "blocks.9"'],
    ['a parent after its child', (s) => ((s.moduleCalls as { parent: number }[])[1]!.parent = 3), 'moduleCalls[1].parent must be null or the id of an earlier call (0 to 0): a parent comes before its children, got 3'],
    ['a node in no call', (s) => ((s.nodes as { moduleCall?: number }[]).find((n) => n.moduleCall !== undefined)!.moduleCall = calls.length), `must be a module call id from 0 to ${calls.length - 1}, got ${calls.length}`],
    ['a node whose path is not its call’s', (s) => ((s.nodes as { module?: string }[]).find((n) => n.module === 'head')!.module = 'blocks'), "must be 'head', the module of its call"],
  ];
  it.each(cases)('rejects %s, naming the field', (_, mutate, message) => {
    const bad = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    mutate(bad);
    expect(() => validateSnapshot(bad)).toThrow(SnapshotError);
    expect(() => validateSnapshot(bad)).toThrow(message);
  });

  it('accepts the engine’s tables, and a snapshot without them', () => {
    expect(validateSnapshot(base)).toBe(base);
    const { modules: _, moduleCalls: __, ...plain } = base;
    expect(() => validateSnapshot({ ...plain, nodes: plain.nodes.map(({ moduleCall: ___, ...n }) => n) })).not.toThrow();
  });
});
