/**
 * Source maps for provenance. Bundled, the engine and the user's code share script files, and a
 * stack names only positions in them ("line 1 of index-Cc6zwrqv.js"): only the bundle's source map
 * tells the user's lines from the engine's. Browsers do not apply source maps to `Error.stack`, so
 * the maps are fetched once (`loadSourceMaps()`, asynchronous) and then read synchronously whenever
 * a snapshot is taken. Unbundled in Node, a user's line in compiled JavaScript is mapped through the
 * map beside the file, read from disk when a snapshot names it. No Node imports: browsers run it.
 */

/** A place in original source, as a source map names it: 1-based line and column. */
export interface OriginalPosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((char, value) => [char, value]));

/** One mapping: generated column, then source index, original line and column (0-based). */
type Segment = readonly [number, number, number, number];

/** A decoded version 3 source map: for each generated line, its segments by column. */
export class SourceMap {
  readonly #sources: readonly string[];
  readonly #lines: readonly (readonly Segment[])[];

  /** `json` is the map's text; `url` where it was found, which relative `sources` start from. */
  constructor(json: string, url: string) {
    const map = JSON.parse(json) as { version?: unknown; sources?: unknown; sourceRoot?: unknown; mappings?: unknown };
    if (map.version !== 3 || !Array.isArray(map.sources) || typeof map.mappings !== 'string') {
      throw new Error(`${url} is not a version 3 source map with sources and mappings`);
    }
    const root = typeof map.sourceRoot === 'string' && map.sourceRoot !== '' ? `${map.sourceRoot.replace(/\/?$/, '/')}` : '';
    this.#sources = map.sources.map((source) => resolveUrl(`${root}${String(source)}`, url));
    this.#lines = decodeMappings(map.mappings);
  }

  /** The original place of generated `line` and `column` (1-based, as stacks print them); undefined where nothing maps. */
  originalPosition(line: number, column: number): OriginalPosition | undefined {
    const segments = this.#lines[line - 1];
    if (segments === undefined) return undefined;
    // The last segment starting at or before the column (segments are sorted by column).
    let low = 0;
    let high = segments.length - 1;
    let found: Segment | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const segment = segments[middle]!;
      if (segment[0] <= column - 1) {
        found = segment;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (found === undefined || found[1] < 0) return undefined;
    return { file: this.#sources[found[1]]!, line: found[2] + 1, column: found[3] + 1 };
  }
}

// No node:url here: the engine also runs in browsers.
export function fileUrlToPath(url: string): string {
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
}

function resolveUrl(path: string, base: string): string {
  try {
    return new URL(path, base).href;
  } catch {
    return path;
  }
}

/** The `mappings` string: lines split by `;`, segments by `,`, each base64 VLQ fields relative to the previous. */
function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  for (const lineText of mappings.split(';')) {
    const segments: Segment[] = [];
    let column = 0;
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue;
      const fields = decodeVlq(segmentText);
      column += fields[0]!;
      if (fields.length >= 4) {
        source += fields[1]!;
        originalLine += fields[2]!;
        originalColumn += fields[3]!;
        segments.push([column, source, originalLine, originalColumn]);
      } else {
        // A generated position with no original: it ends the previous mapping.
        segments.push([column, -1, 0, 0]);
      }
    }
    segments.sort((a, b) => a[0] - b[0]);
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`a source map's mappings hold '${char}', which is not base64`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Maps by script URL; null for a script that was read and has no map. */
const maps = new Map<string, SourceMap | null>();
/** Bumped whenever a map is added, so locations worked out before can be worked out again. */
let generation = 0;

export function sourceMapOf(script: string): SourceMap | undefined {
  return maps.get(script) ?? undefined;
}

export function sourceMapGeneration(): number {
  return generation;
}

/** `//# sourceMappingURL=...`: the last one in a script's text, as browsers read it. */
function mappingUrl(code: string): string | undefined {
  const matches = [...code.matchAll(/\/[/*][#@]\s*sourceMappingURL=([^\s'"*]+)/g)];
  return matches.at(-1)?.[1];
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response.text();
}

async function loadMapOf(script: string): Promise<SourceMap | null> {
  const mapUrl = mappingUrl(await fetchText(script));
  if (mapUrl === undefined) return null;
  const url = resolveUrl(mapUrl, script);
  return new SourceMap(await fetchText(url), url);
}

/** The scripts a page loaded: on the current stack, in `<script src>`, and preloaded modules. */
function scriptsInPage(): string[] {
  const found: string[] = [];
  const stack = new Error().stack ?? '';
  for (const match of stack.matchAll(/(https?:\/\/[^\s()]+?):\d+:\d+/g)) found.push(match[1]!);
  const page = (globalThis as { document?: { querySelectorAll(selector: string): ArrayLike<{ src?: string; href?: string }> } }).document;
  if (page !== undefined) {
    for (const element of Array.from(page.querySelectorAll('script[src], link[rel="modulepreload"][href]'))) {
      const url = element.src || element.href;
      if (url) found.push(url);
    }
  }
  return found;
}

/**
 * Reads the source maps of a bundled program, so that provenance names the user's file and line
 * (`main.ts`, line 7). Bundled, a stack holds only positions in the bundle, and a line of it is no
 * help: without the map, a snapshot leaves each such place out and says so (`unknownSources`).
 * Call it once, awaited, before taking snapshots (makeDot takes one).
 *
 * `scripts`: the URLs of the scripts whose maps to read. Default: the scripts on the current call
 * stack, the page's `<script src>` and `<link rel="modulepreload">`, skipping any that cannot be
 * read. Each script is fetched and its `//# sourceMappingURL` followed (a file or a `data:` URL).
 * Returns the scripts whose maps are loaded. A script named in `scripts` that cannot be read, or
 * whose map is not a source map, rejects the promise with the reason.
 *
 * In Node, run with `--enable-source-maps` instead: Node then maps stacks itself.
 */
export async function loadSourceMaps(scripts?: Iterable<string | URL>): Promise<string[]> {
  const named = scripts !== undefined;
  const urls = [...new Set([...(scripts ?? scriptsInPage())].map(String))].filter((url) => !maps.has(url));
  const results = await Promise.allSettled(urls.map(loadMapOf));
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') maps.set(urls[i]!, result.value);
  });
  generation++;
  const failed = results.findIndex((result) => result.status === 'rejected');
  if (named && failed >= 0) {
    const reason = (results[failed] as PromiseRejectedResult).reason as unknown;
    throw new Error(`loadSourceMaps(): cannot read the source map of ${urls[failed]}: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
  return [...maps].filter(([, map]) => map !== null).map(([url]) => url);
}

/** Node's `fs`, where the engine runs in Node (20.16 and later give it synchronously); undefined elsewhere. */
function nodeFs(): { readFileSync(path: string, encoding: 'utf8'): string } | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  return get?.('node:fs') as ReturnType<typeof nodeFs>;
}

/** The map of a compiled file on disk (`//# sourceMappingURL=` beside it or inline); null when it has none. */
function readFileMap(file: string, fs: NonNullable<ReturnType<typeof nodeFs>>): SourceMap | null {
  const mapUrl = mappingUrl(fs.readFileSync(file, 'utf8'));
  if (mapUrl === undefined) return null;
  const fileUrl = `file://${file}`;
  const inline = /^data:application\/json[^,]*;base64,(.*)$/.exec(mapUrl);
  if (inline) return new SourceMap(new TextDecoder().decode(Uint8Array.from(atob(inline[1]!), (c) => c.charCodeAt(0))), fileUrl);
  const url = resolveUrl(mapUrl, fileUrl);
  return new SourceMap(fs.readFileSync(fileUrlToPath(url), 'utf8'), url);
}

/** Maps of compiled files on disk by path; null for a file without one (or whose map cannot be read). */
const fileMaps = new Map<string, SourceMap | null>();

/** `location` in the file a compiled one was made from; itself when there is no map, or outside Node. */
export function originalLocation(location: OriginalPosition): OriginalPosition {
  if (!/\.[cm]?js$/.test(location.file) || !location.file.startsWith('/')) return location;
  let map = fileMaps.get(location.file);
  if (map === undefined) {
    const fs = nodeFs();
    if (fs === undefined) return location;
    try {
      map = readFileMap(location.file, fs);
    } catch {
      // An unreadable file or a malformed map: the line as run is still right.
      map = null;
    }
    fileMaps.set(location.file, map);
  }
  const found = map?.originalPosition(location.line, location.column);
  return found === undefined ? location : { ...found, file: fileUrlToPath(found.file) };
}
