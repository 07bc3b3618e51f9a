/**
 * `makeDot()`: torchviz's `make_dot` for gradviz — one call from tensors (or a snapshot) to a
 * graph that draws as SVG, writes as DOT or JSON, and says what breaks the chain to a leaf.
 */
import { describeValue, type ParamsInput, type Tensor } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { Finding } from './diagnose.js';
import { toDot } from './dot.js';
import { type DrawingOptions, drawSnapshot } from './drawing.js';
import { explainName } from './explain.js';
import { format as formatMessage, isLang, type Lang, LANGS } from './messages/index.js';
import { environmentLang } from './messages/lang.js';
import type { RankDir, VizGraph } from './graph.js';
import { toSnapshot } from './input.js';
import type { LaidOutGraph } from './layout/types.js';
import { type Foldable, type FoldedPicture, GroupedDrawing } from './picture.js';
import { drawGraph, lightTheme, toSvgString, type Theme } from './render/index.js';

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
  /**
   * How many levels of groups (module calls, and the repeats and parts gradviz adds to long runs)
   * start unfolded: 0 folds each top-level group into one box; Infinity is the flat drawing,
   * torchviz's picture. Default: the flat drawing up to 200 boxes (2,000 for a graph without
   * modules), else the deepest depth that shows at most about 150 boxes and frames.
   */
  depth?: number;
  /**
   * The language of the findings, `explain()`, badges, hover details, the legend and the page's
   * interface: `'en'` or `'ja'`. Default: the environment's (`LANG` in Node, the browser's language).
   */
  lang?: Lang;
  /**
   * Draw the gradient that flowed: arrows and leaves coloured by its norm on a log scale (with a
   * colour bar), each leaf's norm under its name, and findings for zero, vanishing, exploding and
   * NaN/Inf gradients. Needs a snapshot whose backward recorded it (`recordGradients`).
   */
  gradients?: boolean;
}

const RANKDIRS: readonly RankDir[] = ['TB', 'BT', 'LR', 'RL'];

type CheckedOptions = Required<Omit<MakeDotOptions, 'params' | 'theme' | 'sourceRoot' | 'depth' | 'gradients'>> & Pick<MakeDotOptions, 'params' | 'theme' | 'sourceRoot' | 'depth' | 'gradients'>;

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
  if (options === undefined) return { showAttrs: false, showSaved: false, maxAttrChars: 50, rankdir: 'TB', sourceRoot: workingDirectory(), lang: environmentLang() };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`makeDot(): options must be an object such as { params, showAttrs, showSaved }, got ${Array.isArray(options) ? 'an array' : String(options)}`);
  }
  const o = options as MakeDotOptions;
  const known = ['params', 'showAttrs', 'showSaved', 'maxAttrChars', 'rankdir', 'theme', 'sourceRoot', 'depth', 'lang', 'gradients'];
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
  if (o.depth !== undefined && !(o.depth === Infinity || (Number.isInteger(o.depth) && o.depth >= 0))) {
    throw new TypeError(`makeDot(): depth must be a whole number >= 0 (how many levels of groups start unfolded) or Infinity (the flat drawing), got ${describeValue(o.depth)}`);
  }
  if (o.gradients !== undefined && typeof o.gradients !== 'boolean') throw new TypeError(`makeDot(): gradients must be true or false, got ${describeValue(o.gradients)}`);
  if (o.lang !== undefined && !isLang(o.lang)) throw new TypeError(`makeDot(): lang must be one of ${LANGS.map((l) => `'${l}'`).join(', ')} (or left out for the environment's language), got ${describeValue(o.lang)}`);
  return {
    params: o.params,
    showAttrs: o.showAttrs ?? false,
    showSaved: o.showSaved ?? false,
    maxAttrChars,
    rankdir,
    theme: o.theme === undefined ? undefined : checkTheme(o.theme),
    sourceRoot: o.sourceRoot ?? workingDirectory(),
    depth: o.depth,
    lang: o.lang ?? environmentLang(),
    ...(o.gradients ? { gradients: true } : {}),
  };
}

/** In toJSON() output of a folded picture: redraw the snapshot with `options`, then open `unfolded`. */
export interface FoldingJson {
  /** `lang` may be absent in a page made before pictures had a language. */
  readonly options: Omit<DrawingOptions, 'lang'> & Partial<Pick<DrawingOptions, 'lang'>>;
  readonly depth: number;
  readonly unfolded: readonly string[];
}

/** What a graph and the fold states made from it share. */
interface Shared {
  readonly drawing: GroupedDrawing;
  readonly diagnostics: readonly Finding[];
  readonly statementCount: number;
}

/** What makeDot returns: the picture of one graph, with its diagnosis. */
export class GradvizGraph implements Foldable {
  readonly snapshot: GraphSnapshot;
  /** The boxes and arrows before layout, every one of them (the flat drawing). */
  readonly graph: VizGraph;
  /** One finding per problem: why a gradient does not arrive, and the fix. */
  readonly diagnostics: readonly Finding[];
  /** How many levels of groups started unfolded; Infinity for the flat drawing. */
  readonly depth: number;
  readonly #options: CheckedOptions;
  readonly #shared: Shared;
  readonly #folded: FoldedPicture;

  constructor(snapshot: GraphSnapshot, options: CheckedOptions, from?: { shared: Shared; depth: number; folded: FoldedPicture }) {
    this.snapshot = snapshot;
    this.#options = options;
    if (from === undefined) {
      const drawn = drawSnapshot(snapshot, options);
      this.#shared = { drawing: new GroupedDrawing(snapshot, drawn.graph), diagnostics: drawn.diagnostics, statementCount: drawn.statementCount };
      this.depth = this.#shared.drawing.depth(options.depth);
      this.#folded = this.#shared.drawing.at(this.depth);
    } else {
      this.#shared = from.shared;
      this.depth = from.depth;
      this.#folded = from.folded;
    }
    this.graph = this.#shared.drawing.graph;
    this.diagnostics = this.#shared.diagnostics;
  }

  /** The ids of the unfolded groups; undefined for the flat drawing. */
  get unfolded(): ReadonlySet<string> | undefined {
    return this.#folded.unfolded;
  }

  /** What is drawn: the graph with its groups folded as `unfolded` says (the graph itself when flat). */
  get picture(): VizGraph {
    return this.#folded.picture;
  }

  /** Positions of the picture's boxes, frames and edges (dagre), computed once. */
  layout(): LaidOutGraph {
    return this.#folded.layout();
  }

  #with(folded: FoldedPicture): GradvizGraph {
    return folded === this.#folded ? this : new GradvizGraph(this.snapshot, this.#options, { shared: this.#shared, depth: this.depth, folded });
  }

  /** The same graph with the groups `unfolded` (ids) open: a group shows open when its parents are open too. */
  withFolding(unfolded: Iterable<string>): GradvizGraph {
    return this.#with(this.#folded.withFolding(unfolded));
  }

  /** The same graph with group `id` unfolded (and the groups around it). */
  unfold(id: string): GradvizGraph {
    return this.#with(this.#folded.unfold(id));
  }

  /** The same graph with group `id` folded into one box. */
  fold(id: string): GradvizGraph {
    return this.#with(this.#folded.fold(id));
  }

  /** The same graph with every group around box `id` (of `graph`) unfolded, so that the box shows; this graph if it already does. */
  reveal(id: string): GradvizGraph {
    return this.#with(this.#folded.reveal(id));
  }

  /** A standalone SVG document: inline styles, no scripts, every label escaped. */
  toSVG(): string {
    return toSvgString(drawGraph(this.layout(), this.picture, { theme: this.#options.theme }));
  }

  /** Graphviz source with torchviz's attributes. */
  toDOT(): string {
    return toDot(this.graph, this.#shared.statementCount);
  }

  /**
   * The snapshot, the picture, its layout and the diagnosis, as plain JSON; with groups folded,
   * also what a page needs to fold and unfold them (`folding`).
   */
  toJSON(): { snapshot: GraphSnapshot; graph: VizGraph; layout: LaidOutGraph; diagnostics: readonly Finding[]; lang: Lang; folding?: FoldingJson } {
    const json = { snapshot: this.snapshot, graph: this.picture, layout: this.layout(), diagnostics: this.diagnostics, lang: this.lang };
    if (this.unfolded === undefined) return json;
    const { showAttrs, showSaved, maxAttrChars, rankdir, sourceRoot, lang, gradients } = this.#options;
    const options = { showAttrs, showSaved, maxAttrChars, rankdir, lang, ...(sourceRoot !== undefined ? { sourceRoot } : {}), ...(gradients ? { gradients } : {}) };
    return { ...json, folding: { options, depth: this.depth, unfolded: [...this.unfolded] } };
  }

  /** The language of its words. */
  get lang(): Lang {
    return this.#options.lang;
  }
  /** Why the params `name`'s `.grad` is or will be null, or that it arrives. */
  explain(name: string): string {
    return explainName(this.snapshot, this.diagnostics, name, this.#options.lang);
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
