/**
 * A module's default export read as makeDot's arguments. Runs where the module runs: in the child
 * process (module-child.ts), which imports nothing of the drawing, so it starts quickly.
 */
import { pathToFileURL } from 'node:url';
import { describeValue, isTensor } from '@gradviz/engine';
import type { MakeDotOptions } from '@gradviz/viz';
import { looksLikeSnapshot } from '@gradviz/viz/internal/validate';
import { message } from '@gradviz/viz/internal/messages/index';
import { CliError, thrownText } from './errors.js';

const EXPECTED_EXPORT = 'a Tensor, an array of Tensors, { outputs, params, options } or a snapshot object';
const MODULE_KEYS = ['outputs', 'params', 'options'];

/** What makeDot is called with. */
export interface GraphSource {
  readonly outputs: unknown;
  readonly options: MakeDotOptions;
}

/** The default export, read as makeDot's arguments. */
function fromDefaultExport(value: unknown, file: string): GraphSource {
  try {
    return readDefaultExport(value, file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    // A getter on the export threw: the module's own error.
    throw new CliError(message('cli.exportGetterFailed', { file, problem: thrownText(error) }));
  }
}

function readDefaultExport(value: unknown, file: string): GraphSource {
  if (value === undefined) throw new CliError(message('cli.noDefaultExport', { file, expected: EXPECTED_EXPORT }));
  if (isTensor(value) || Array.isArray(value) || looksLikeSnapshot(value)) return { outputs: value, options: {} };
  if (typeof value !== 'object' || value === null || !('outputs' in value)) {
    const hint = typeof value === 'function' ? message('cli.exportIsFunction') : '';
    throw new CliError(message('cli.badDefaultExport', { file, value: describeValue(value), hint, expected: EXPECTED_EXPORT }));
  }
  const unknown = Object.keys(value).filter((key) => !MODULE_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new CliError(message('cli.exportUnknownKeys', { file, keys: unknown.join(', ') }));
  }
  const { outputs, params, options } = value as { outputs: unknown; params?: MakeDotOptions['params']; options?: unknown };
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new CliError(message('cli.exportBadOptions', { file, value: describeValue(options) }));
  }
  return { outputs, options: { ...(options as MakeDotOptions | undefined), ...(params !== undefined ? { params } : {}) } };
}

async function importDefault(path: string, file: string): Promise<unknown> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    throw new CliError(message('cli.failedToLoad', { file, problem: thrownText(error) }));
  }
  try {
    return await module.default;
  } catch (error) {
    throw new CliError(message('cli.exportRejected', { file, problem: thrownText(error) }));
  }
}

/** Imports a module in this process and reads its default export (module-child.ts does, in its own process). */
export async function readModule(path: string, file: string): Promise<GraphSource> {
  return fromDefaultExport(await importDefault(path, file), file);
}
