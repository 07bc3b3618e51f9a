/**
 * A line of compiled JavaScript mapped back to the source it came from, through the file's source
 * map (`//# sourceMappingURL=` beside it or inline), so findings name the line the user wrote. Node
 * only, read when a snapshot is taken; elsewhere, and for files without a map, the line stays as run.
 */
import type { SourceLocation } from './provenance.js';

interface NodeSourceMap {
  findEntry(line: number, column: number): { originalSource?: string; originalLine?: number; originalColumn?: number };
}

interface NodeBuiltins {
  readFileSync(path: string, encoding: 'utf8'): string;
  SourceMap: new (payload: unknown) => NodeSourceMap;
}

/** `node:fs` and `node:module`, where the engine runs in Node (20.16 and later give them synchronously). */
function nodeBuiltins(): NodeBuiltins | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (get === undefined) return undefined;
  const fs = get('node:fs') as { readFileSync: NodeBuiltins['readFileSync'] } | undefined;
  const module = get('node:module') as { SourceMap?: NodeBuiltins['SourceMap'] } | undefined;
  return fs && module?.SourceMap ? { readFileSync: fs.readFileSync, SourceMap: module.SourceMap } : undefined;
}

const MAP_COMMENT = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;
const COMPILED = /\.[cm]?js$/;

/** Each compiled file's map (null: none), read once. */
const maps = new Map<string, { map: NodeSourceMap; dir: string } | null>();

function directoryOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

function readMap(file: string, node: NodeBuiltins): { map: NodeSourceMap; dir: string } | null {
  const url = MAP_COMMENT.exec(node.readFileSync(file, 'utf8').slice(-4096))?.[1];
  if (url === undefined) return null;
  const inline = /^data:application\/json[^,]*;base64,(.*)$/.exec(url);
  const mapFile = inline ? file : decodeURIComponent(new URL(url, `file://${file}`).pathname);
  const json = inline ? new TextDecoder().decode(Uint8Array.from(atob(inline[1]!), (c) => c.charCodeAt(0))) : node.readFileSync(mapFile, 'utf8');
  const payload = JSON.parse(json) as { sourceRoot?: string };
  return { map: new node.SourceMap(payload), dir: directoryOf(mapFile) + (payload.sourceRoot ?? '') };
}

/** `location` in the file the compiled one was made from; itself when there is no map (or it cannot be read). */
export function originalLocation(location: SourceLocation): SourceLocation {
  if (!COMPILED.test(location.file) || !location.file.startsWith('/')) return location;
  const node = nodeBuiltins();
  if (node === undefined) return location;
  let entry = maps.get(location.file);
  if (entry === undefined) {
    try {
      entry = readMap(location.file, node);
    } catch {
      // An unreadable file or a malformed map: the line as run is still right.
      entry = null;
    }
    maps.set(location.file, entry);
  }
  if (entry === null) return location;
  const found = entry.map.findEntry(location.line - 1, location.column - 1);
  if (found.originalSource === undefined || found.originalLine === undefined) return location;
  const source = found.originalSource.startsWith('file://') ? decodeURIComponent(new URL(found.originalSource).pathname) : new URL(found.originalSource, `file://${entry.dir}`).pathname;
  return { file: decodeURIComponent(source), line: found.originalLine + 1, column: (found.originalColumn ?? 0) + 1 };
}
