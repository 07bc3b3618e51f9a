/**
 * `makeDot()`: torchviz's `make_dot` for gradviz — one call from tensors (or a snapshot) to a
 * graph that draws as SVG, writes as DOT or JSON, and says what breaks the chain to a leaf.
 */
import { describeValue, type ParamsInput, type Tensor } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { annotate } from './annotate.js';
import { diagnose, type Finding } from './diagnose.js';
import { toDot } from './dot.js';
import { explainName } from './explain.js';
import type { RankDir, VizGraph } from './graph.js';
import { toSnapshot } from './input.js';
import { layoutGraph } from '#layout';
import type { LaidOutGraph } from './layout/types.js';
import { outputFormatOf, unknownFormatText } from './output-formats.js';
import { drawGraph, lightTheme, toSvgString, type Theme } from './render/index.js';
import { torchvizDrawing } from './torchviz.js';

export interface MakeDotOptions {
  /** Names for tensors: a plain object, a Map, or `namedParameters()`. */
  params?: ParamsInput;
  /** torchviz's `show_attrs`: saved values as a table in each node. */
  showAttrs?: boolean;
  /** torchviz's `show_saved`: saved tensors as orange boxes. */
  showSaved?: boolean;
  /** torchviz's `max_attr_chars` (default 50). */
  maxAttrChars?: number;
  /** Direction of the ranks (default 'TB': leaves at the top, outputs at the bottom). */
  rankdir?: RankDir;
  theme?: Theme;
  /** Source files under this folder are shown relative to it (default: the working directory in Node). */
  sourceRoot?: string;
}

const RANKDIRS: readonly RankDir[] = ['TB', 'BT', 'LR', 'RL'];

type CheckedOptions = Required<Omit<MakeDotOptions, 'params' | 'theme' | 'sourceRoot'>> & Pick<MakeDotOptions, 'params' | 'theme' | 'sourceRoot'>;

function workingDirectory(): string | undefined {
  return (globalThis as { process?: { cwd?: () => string } }).process?.cwd?.();
}

/** What is wrong with `value` as a theme, field by field against the light theme's fields; undefined when nothing is. */
function themeProblem(value: unknown, model: object, path: string): string | undefined {
  if (typeof value !== 'object' || value === null) return `${path} must be an object, got ${describeValue(value)}`;
  for (const [key, field] of Object.entries(model)) {
    const given = (value as Record<string, unknown>)[key];
    if (typeof field === 'object') {
      const problem = themeProblem(given, field, `${path}.${key}`);
      if (problem !== undefined) return problem;
    } else if (typeof given !== typeof field) {
      return `${path}.${key} must be a ${typeof field}, got ${describeValue(given)}`;
    }
  }
  return undefined;
}

/** A theme missing a colour would fail deep inside the renderer: say which field, here. */
function checkTheme(theme: unknown): Theme {
  const problem = themeProblem(theme, lightTheme, 'theme');
  if (problem !== undefined) throw new TypeError(`makeDot(): theme must be lightTheme, darkTheme or an object with every field a Theme has: ${problem}`);
  return theme as Theme;
}

function checkOptions(options: unknown): CheckedOptions {
  if (options === undefined) return { showAttrs: false, showSaved: false, maxAttrChars: 50, rankdir: 'TB', sourceRoot: workingDirectory() };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`makeDot(): options must be an object such as { params, showAttrs, showSaved }, got ${Array.isArray(options) ? 'an array' : String(options)}`);
  }
  const o = options as MakeDotOptions;
  const known = ['params', 'showAttrs', 'showSaved', 'maxAttrChars', 'rankdir', 'theme', 'sourceRoot'];
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) {
      const hint = { show_attrs: 'showAttrs', show_saved: 'showSaved', max_attr_chars: 'maxAttrChars' }[key];
      throw new TypeError(`makeDot(): unknown option '${key}'${hint ? ` (gradviz spells it '${hint}')` : ''}; expected one of ${known.join(', ')}`);
    }
  }
  const maxAttrChars = o.maxAttrChars ?? 50;
  if (typeof maxAttrChars !== 'number' || !Number.isInteger(maxAttrChars)) {
    throw new TypeError(`makeDot(): maxAttrChars must be a whole number, got ${String(maxAttrChars)}`);
  }
  const rankdir = o.rankdir ?? 'TB';
  if (!RANKDIRS.includes(rankdir)) throw new TypeError(`makeDot(): rankdir must be one of ${RANKDIRS.join(', ')}, got ${String(rankdir)}`);
  if (o.sourceRoot !== undefined && typeof o.sourceRoot !== 'string') {
    throw new TypeError(`makeDot(): sourceRoot must be a folder path, got ${String(o.sourceRoot)}`);
  }
  return {
    params: o.params,
    showAttrs: o.showAttrs ?? false,
    showSaved: o.showSaved ?? false,
    maxAttrChars,
    rankdir,
    theme: o.theme === undefined ? undefined : checkTheme(o.theme),
    sourceRoot: o.sourceRoot ?? workingDirectory(),
  };
}

/** What makeDot returns: the picture of one graph, with its diagnosis. */
export class GradvizGraph {
  readonly snapshot: GraphSnapshot;
  /** The boxes and arrows before layout. */
  readonly graph: VizGraph;
  /** One finding per problem: why a gradient does not arrive, and the fix. */
  readonly diagnostics: readonly Finding[];
  readonly #statementCount: number;
  readonly #theme: Theme | undefined;
  #layout: LaidOutGraph | undefined;

  constructor(snapshot: GraphSnapshot, options: CheckedOptions) {
    this.snapshot = snapshot;
    const drawing = torchvizDrawing(snapshot, options);
    this.diagnostics = diagnose(snapshot);
    this.graph = annotate(snapshot, drawing, this.diagnostics, { rankdir: options.rankdir, sourceRoot: options.sourceRoot });
    this.#statementCount = drawing.statementCount;
    this.#theme = options.theme;
  }

  /** Positions of boxes and edges (dagre), computed once. */
  layout(): LaidOutGraph {
    this.#layout ??= layoutGraph(this.graph);
    return this.#layout;
  }

  /** A standalone SVG document: inline styles, no scripts, every label escaped. */
  toSVG(): string {
    return toSvgString(drawGraph(this.layout(), this.graph, { theme: this.#theme }));
  }

  /** Graphviz source with torchviz's attributes. */
  toDOT(): string {
    return toDot(this.graph, this.#statementCount);
  }

  /** The snapshot, the picture, its layout and the diagnosis, as plain JSON. */
  toJSON(): { snapshot: GraphSnapshot; graph: VizGraph; layout: LaidOutGraph; diagnostics: readonly Finding[] } {
    return { snapshot: this.snapshot, graph: this.graph, layout: this.layout(), diagnostics: this.diagnostics };
  }

  /**
   * Writes the graph to `path` in the format its extension names: `.svg`, `.png`, `.dot`/`.gv`,
   * `.json` or `.html` (the interactive page, one self-contained file) (Node.js only). Atomic: a
   * write that fails (full disk, a kill) leaves the file that was there unchanged.
   */
  async save(path: string): Promise<void> {
    if (typeof path !== 'string' || path === '') throw new TypeError(`save(path): path must be a file name such as 'graph.svg', got ${String(path)}`);
    const format = outputFormatOf(path);
    if (format === undefined) throw new TypeError(`save(): ${unknownFormatText(path)}`);
    const { writeFileAtomic } = await import('./write-file.js');
    return writeFileAtomic(path, await format.contents(this));
  }

  /** Why the params `name`'s `.grad` is or will be null, or that it arrives. */
  explain(name: string): string {
    return explainName(this.snapshot, this.diagnostics, name);
  }
}

/**
 * Draws the autograd graph of `outputs` — a tensor, an array of tensors, or a snapshot — as
 * torchviz's `make_dot(var, params, show_attrs, show_saved, max_attr_chars)` does, and marks where
 * the chain to a leaf is broken.
 */
export function makeDot(outputs: Tensor | readonly Tensor[] | GraphSnapshot, options?: MakeDotOptions): GradvizGraph {
  const checked = checkOptions(options);
  return new GradvizGraph(toSnapshot(outputs, checked.params, 'makeDot()'), checked);
}
