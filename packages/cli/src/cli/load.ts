/**
 * What the CLI draws: a module's default export or a snapshot file, handed to makeDot. Every
 * error names the file and says what it should hold instead. A module is code: it runs in a child
 * process (module-loader.ts), which sends back only its graph.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { type GradvizGraph, makeDot } from '@gradviz/viz';
import { isJsonObject } from '@gradviz/viz/internal/json-check';
import { looksLikeSnapshot, validateSnapshot } from '@gradviz/viz/internal/validate';
import type { FlagOptions } from './args.js';
import { message } from '@gradviz/viz/internal/messages/index';
import { CliError, thrownText } from './errors.js';
import type { GraphSource } from './module-export.js';
import { loadModuleInChild } from './module-loader.js';
import type { TextSink } from './output.js';

const MODULE_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

export interface LoadOptions {
  /** Relative paths start here, and source files under it print relative to it; a module runs here. Default: the working directory. */
  readonly cwd?: string;
  /** How long a module may take to load and export its graph, in milliseconds. Default 60,000. */
  readonly timeoutMs?: number;
  /** Where a module's own console output goes. Default: standard error. */
  readonly moduleOutput?: TextSink;
}

/** A module's time to load unless told otherwise, in seconds (`--timeout`). */
export const DEFAULT_TIMEOUT_SECONDS = 60;

function checkIsFile(path: string, file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CliError(message('cli.noSuchFile', { file }));
  }
  if (!isFile) throw new CliError(message('cli.isFolder', { file }));
}

/** A snapshot file holds a bare snapshot, or makeDot().toJSON() output whose `snapshot` is one. */
function readSnapshotFile(path: string, file: string): GraphSource {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(message('cli.notJson', { file, problem: error instanceof Error ? error.message : String(error) }));
  }
  // A file holds a snapshot, never tensors: anything but an object is a malformed snapshot.
  if (!isJsonObject(value)) {
    try {
      validateSnapshot(value);
    } catch (error) {
      throw new CliError(message('cli.fileProblem', { file, problem: thrownText(error) }));
    }
  }
  const saved = (value as { snapshot?: unknown }).snapshot;
  return { outputs: looksLikeSnapshot(saved) ? saved : value, options: {} };
}

function draw(source: GraphSource, file: string, flags: FlagOptions, cwd: string): GradvizGraph {
  try {
    return makeDot(source.outputs as Parameters<typeof makeDot>[0], { sourceRoot: cwd, ...source.options, ...flags });
  } catch (error) {
    throw new CliError(message('cli.fileProblem', { file, problem: thrownText(error) }));
  }
}

function resolveInput(file: string, options: LoadOptions): { path: string; extension: string; cwd: string } {
  const cwd = options.cwd ?? process.cwd();
  const path = resolve(cwd, file);
  checkIsFile(path, file);
  return { path, extension: extname(path).toLowerCase(), cwd };
}

/** Draws a snapshot .json, synchronously (for markdown-it, whose renderers cannot wait). */
export function loadSnapshotGraph(file: string, flags: FlagOptions = {}, options: LoadOptions = {}): GradvizGraph {
  const { path, extension, cwd } = resolveInput(file, options);
  if (extension !== '.json') throw new CliError(message('cli.snapshotOnly', { file }));
  return draw(readSnapshotFile(path, file), file, flags, cwd);
}

/**
 * Draws `file`: a module whose default export makeDot takes, or a snapshot .json. The module runs
 * in a child process, with `timeoutMs` to export its graph.
 */
export async function loadGraph(file: string, flags: FlagOptions = {}, options: LoadOptions = {}): Promise<GradvizGraph> {
  const { path, extension, cwd } = resolveInput(file, options);
  if (extension === '.json') return draw(readSnapshotFile(path, file), file, flags, cwd);
  if (!MODULE_EXTENSIONS.includes(extension)) {
    const got = extension ? message('cli.fileWithExtension', { extension }) : message('cli.fileWithoutExtension');
    throw new CliError(message('cli.notModule', { file, extensions: MODULE_EXTENSIONS.join(' '), got }));
  }
  const source = await loadModuleInChild(
    { path, file, cwd },
    { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_SECONDS * 1000, output: options.moduleOutput ?? process.stderr },
  );
  return draw(source, file, flags, cwd);
}
