/**
 * A markdown-it plugin (VitePress and most JS doc tools use markdown-it): a fenced block
 *
 *     ```gradviz
 *     examples/blog-graph.ts --rankdir LR
 *     ```
 *
 * becomes the graph's SVG, inline, at build time. The block holds what `gradviz render` takes: a
 * file and its flags, without --out. markdown-it renders synchronously, so a snapshot .json is read
 * and drawn here, and a module (.ts, .js) is drawn by the gradviz CLI in a child process. A module
 * is code: building the page runs it (see docs/security.md).
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '../cli/args.js';
import { loadSnapshotGraph } from '../cli/load.js';
import { toSvgString } from '@gradviz/viz';
import { readSvg } from './read-svg.js';

export interface GradvizMarkdownOptions {
  /** Paths in blocks are relative to this folder, and source files print relative to it. Default: the working directory. */
  readonly root?: string;
  /** The block's language word. Default `gradviz`. */
  readonly fence?: string;
}

/** A fenced block as markdown-it hands it to a renderer rule. */
export interface FenceToken {
  readonly info: string;
  readonly content: string;
  readonly map: [number, number] | null;
}

/**
 * What the plugin uses of a markdown-it instance, its fence renderer: typed here, so the plugin
 * takes any markdown-it (VitePress's included) and needs none of its own.
 */
export interface MarkdownItLike {
  readonly renderer: { readonly rules: { fence?(tokens: FenceToken[], index: number, options: unknown, env: unknown, self: unknown): string } };
}

// From src/ in a checkout and from dist/ when installed: the same folder up.
const CLI = fileURLToPath(new URL('../../bin/gradviz.mjs', import.meta.url));

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.replace(/ \(see gradviz --help\)$/, '') : String(error);
}

/** The CLI's last stderr line is its message; the lines before are the module's own output. */
function cliMessage(stderr: string): string | undefined {
  const line = stderr.trim().split('\n').reverse().find((l) => l.startsWith('gradviz: '));
  return line?.slice('gradviz: '.length);
}

/**
 * The SVG of a module, from the CLI, which runs the module in a process of its own. What comes
 * back is parsed as a drawing and written again, so only a drawing's elements reach the page.
 */
function svgFromCli(words: readonly string[], root: string): string {
  let output: string;
  try {
    output = execFileSync(process.execPath, [CLI, 'render', ...words], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 30,
    });
  } catch (error) {
    throw new Error(cliMessage(String((error as { stderr?: unknown }).stderr ?? '')) ?? messageOf(error));
  }
  try {
    return toSvgString(readSvg(output));
  } catch (error) {
    throw new Error(`the CLI's output is not a drawing, so it is not embedded: ${messageOf(error)}`);
  }
}

/** Draws the graph a block names. Cached by file, modification time and flags. */
function blockSvg(content: string, root: string, cache: Map<string, string>): string {
  const words = content.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) throw new Error('the block is empty; write the path of a module or snapshot .json in it, e.g. examples/blog-graph.ts');
  const command = parseCommandLine(['render', ...words]);
  if (command.kind !== 'render') throw new Error('a gradviz block holds a file and render flags, e.g. examples/blog-graph.ts --rankdir LR');
  if (command.out !== undefined) throw new Error('the block is drawn inline; remove --out');
  let modified: number;
  try {
    modified = statSync(resolve(root, command.file)).mtimeMs;
  } catch {
    throw new Error(`cannot read '${command.file}': no such file under ${root}`);
  }
  const key = `${resolve(root, command.file)}\0${modified}\0${words.slice(1).join(' ')}`;
  let svg = cache.get(key);
  if (svg === undefined) {
    svg = extname(command.file).toLowerCase() === '.json' ? loadSnapshotGraph(command.file, command.options, { cwd: root }).toSVG() : svgFromCli(words, root);
    cache.set(key, svg);
  }
  return svg;
}

/**
 * `md.use(markdownItGradviz, { root })`. A block that cannot be drawn stops the build with an error
 * naming the block's line (and the page, when the render env has a `file`).
 */
export function markdownItGradviz(md: MarkdownItLike, options: GradvizMarkdownOptions = {}): void {
  const root = resolve(options.root ?? process.cwd());
  const language = options.fence ?? 'gradviz';
  const cache = new Map<string, string>();
  const otherFences = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, index, mdOptions, env, self) => {
    const token = tokens[index]!;
    if (token.info.trim().split(/\s+/)[0] !== language) return otherFences(tokens, index, mdOptions, env, self);
    try {
      // v-pre: VitePress compiles pages as Vue templates, which would run a label's `{{ }}` as code.
      return `<figure class="gradviz" v-pre>${blockSvg(token.content, root, cache)}</figure>\n`;
    } catch (error) {
      const file: unknown = (env as { file?: unknown } | undefined)?.file;
      const line = (token.map?.[0] ?? 0) + 1;
      throw new Error(`gradviz block at ${typeof file === 'string' ? `${file}:${line}` : `line ${line}`}: ${messageOf(error)}`);
    }
  };
}
