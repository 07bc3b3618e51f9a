/** What a page hands the web component, checked and turned into what the viewer draws. */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { Finding } from '../diagnose.js';
import { MAX_LABEL_LINES, type VizGraph } from '../graph.js';
import { isJsonObject, JsonChecker, type JsonObject } from '../json-check.js';
import type { LaidOutGraph } from '../layout/types.js';
import { type FoldingJson, makeDot, type MakeDotOptions } from '../make-dot.js';
import { LANGS } from '../messages/index.js';
import { X11_COLORS } from '../render/colors.js';
import { looksLikeSnapshot, validateSnapshot } from '../validate.js';
import { type Folding, drawFoldState, foldingFromJson } from './folding.js';

export interface DrawableGraph {
  readonly graph: VizGraph;
  readonly layout: LaidOutGraph;
  readonly diagnostics: readonly Finding[];
  /** For a picture with folded groups: what folds and unfolds it. */
  readonly folding?: Folding;
}

const SEVERITIES = ['error', 'warning', 'info'];

/** The checks of makeDot().toJSON() output: what the drawing and the viewer read, so a bad file fails here, clearly. */
class DrawableChecker extends JsonChecker {
  constructor() {
    super('malformed graph JSON: ');
  }

  strings(value: unknown, path: string): void {
    if (!this.array(value, path).every((s) => typeof s === 'string')) this.fail(path, 'must hold strings', value);
  }

  /** A hover row: its name and its value, both text (a missing one would show as `undefined`). */
  detailRow(value: unknown, path: string): void {
    const row = this.array(value, path);
    if (row.length !== 2 || typeof row[0] !== 'string' || typeof row[1] !== 'string') this.fail(path, 'must be a [name, value] pair of strings', value);
  }

  graph(value: unknown): void {
    const graph = this.object(value, 'graph', '{ nodes, edges, rankdir, legend }');
    this.array(graph.nodes, 'graph.nodes').forEach((n, i) => {
      const path = `graph.nodes[${i}]`;
      const node = this.object(n, path, 'a box { id, kind, lines, fill }');
      this.string(node.id, `${path}.id`);
      this.string(node.kind, `${path}.kind`);
      this.strings(node.lines, `${path}.lines`);
      // More would not fit a box (and a box measures its lines all at once).
      if ((node.lines as unknown[]).length > MAX_LABEL_LINES) this.fail(`${path}.lines`, `must hold at most ${MAX_LABEL_LINES} lines`, node.lines);
      this.oneOf(node.fill, Object.keys(X11_COLORS), `${path}.fill`);
      for (const field of ['badge', 'module']) if (node[field] !== undefined) this.string(node[field], `${path}.${field}`);
      if (node.details !== undefined) this.array(node.details, `${path}.details`).forEach((row, k) => this.detailRow(row, `${path}.details[${k}]`));
    });
    this.array(graph.edges, 'graph.edges').forEach((e, i) => {
      const edge = this.object(e, `graph.edges[${i}]`, 'an arrow { from, to, kind }');
      for (const field of ['from', 'to', 'kind']) this.string(edge[field], `graph.edges[${i}].${field}`);
    });
    if (graph.lang !== undefined) this.oneOf(graph.lang, LANGS, 'graph.lang');
    this.array(graph.legend, 'graph.legend').forEach((l, i) => {
      const entry = this.object(l, `graph.legend[${i}]`, '{ text, fix, severity }');
      this.string(entry.text, `graph.legend[${i}].text`);
      if (entry.fix !== undefined) this.string(entry.fix, `graph.legend[${i}].fix`);
      this.oneOf(entry.severity, SEVERITIES, `graph.legend[${i}].severity`);
    });
  }

  layout(value: unknown): void {
    const layout = this.object(value, 'layout', '{ width, height, nodes, edges }');
    this.number(layout.width, 'layout.width');
    this.number(layout.height, 'layout.height');
    this.array(layout.nodes, 'layout.nodes').forEach((n, i) => {
      const box = this.object(n, `layout.nodes[${i}]`, 'a placed box { x, y, width, height }');
      for (const field of ['x', 'y', 'width', 'height']) this.number(box[field], `layout.nodes[${i}].${field}`);
    });
    this.array(layout.edges, 'layout.edges').forEach((e, i) => {
      const edge = this.object(e, `layout.edges[${i}]`, 'a routed arrow { points }');
      const points = this.array(edge.points, `layout.edges[${i}].points`);
      if (points.length === 0) this.fail(`layout.edges[${i}].points`, 'must hold at least one point', points);
      points.forEach((p, k) => {
        const point = this.object(p, `layout.edges[${i}].points[${k}]`, '{ x, y }');
        this.number(point.x, `layout.edges[${i}].points[${k}].x`);
        this.number(point.y, `layout.edges[${i}].points[${k}].y`);
      });
    });
  }

  /** What a page redraws the snapshot with when it folds and unfolds. */
  folding(value: unknown): void {
    const folding = this.object(value, 'folding', '{ options, depth, unfolded }');
    const options = this.object(folding.options, 'folding.options', '{ showAttrs, showSaved, maxAttrChars, rankdir }');
    this.boolean(options.showAttrs, 'folding.options.showAttrs');
    this.boolean(options.showSaved, 'folding.options.showSaved');
    this.wholeNumber(options.maxAttrChars, 'folding.options.maxAttrChars');
    this.oneOf(options.rankdir, ['TB', 'BT', 'LR', 'RL'], 'folding.options.rankdir');
    if (options.sourceRoot !== undefined) this.string(options.sourceRoot, 'folding.options.sourceRoot');
    if (options.lang !== undefined) this.oneOf(options.lang, LANGS, 'folding.options.lang');
    if (options.gradients !== undefined) this.boolean(options.gradients, 'folding.options.gradients');
    this.wholeNumber(folding.depth, 'folding.depth');
    this.strings(folding.unfolded, 'folding.unfolded');
  }

  diagnostics(value: unknown): void {
    this.array(value, 'diagnostics').forEach((f, i) => {
      const path = `diagnostics[${i}]`;
      const finding = this.object(f, path, 'a finding { kind, severity, text, fix, params, tensors, nodes }');
      this.oneOf(finding.severity, SEVERITIES, `${path}.severity`);
      this.string(finding.text, `${path}.text`);
      this.string(finding.fix, `${path}.fix`);
      for (const ids of ['tensors', 'nodes']) this.array(finding[ids], `${path}.${ids}`);
    });
  }
}

/** makeDot().toJSON() output, checked part by part. */
function checkDrawable(json: JsonObject): DrawableGraph {
  validateSnapshot(json.snapshot, 'graph JSON');
  const check = new DrawableChecker();
  check.graph(json.graph);
  check.layout(json.layout);
  check.diagnostics(json.diagnostics);
  const { graph, layout } = json as unknown as DrawableGraph;
  // The drawing pairs boxes and arrows with their places by position.
  for (const part of ['nodes', 'edges'] as const) {
    if (layout[part].length !== graph[part].length) check.fail(`layout.${part}`, `must have one entry per graph.${part} entry (${graph[part].length})`, layout[part]);
  }
  if (json.folding === undefined) return json as unknown as DrawableGraph;
  check.folding(json.folding);
  const drawable = json as unknown as DrawableGraph & { snapshot: GraphSnapshot; folding: FoldingJson };
  return { ...drawable, folding: foldingFromJson(drawable)! };
}

/**
 * makeDot().toJSON() output is drawn as it is (its layout came from the server); a bare snapshot
 * goes through makeDot here, in the page, with `options`.
 */
export function drawableGraph(json: unknown, options?: MakeDotOptions): DrawableGraph {
  if (looksLikeSnapshot(json)) {
    const graph = makeDot(json as GraphSnapshot, options);
    return { graph: graph.picture, layout: graph.layout(), diagnostics: graph.diagnostics, ...(graph.unfolded !== undefined ? { folding: { source: () => graph, draw: drawFoldState } } : {}) };
  }
  if (isJsonObject(json) && 'graph' in json && 'layout' in json) return checkDrawable(json);
  throw new TypeError("expected the JSON that makeDot().toJSON() or 'gradviz render --out graph.json' writes, or a snapshot (format 'gradviz.graph')");
}
