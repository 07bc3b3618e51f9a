/** The command line, parsed into what to do; anything wrong is a UsageError. */
import { parseArgs } from 'node:util';
import type { MakeDotOptions } from '@gradviz/viz';
import { UsageError } from './errors.js';
import { DEFAULT_TIMEOUT_SECONDS } from './load.js';

/** The makeDot options that flags can set; only the flags given are present. */
export type FlagOptions = Pick<MakeDotOptions, 'showAttrs' | 'showSaved' | 'maxAttrChars' | 'rankdir' | 'depth'>;

/** What both commands read: the file, makeDot's flags, and how long a module may take to load. */
interface Input {
  readonly file: string;
  readonly options: FlagOptions;
  readonly timeoutMs: number;
}

export type Command =
  | { readonly kind: 'help' }
  | ({ readonly kind: 'render'; readonly out: string | undefined } & Input)
  | ({ readonly kind: 'explain'; readonly param: string | undefined; readonly json: boolean } & Input);

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  'show-attrs': { type: 'boolean' },
  'show-saved': { type: 'boolean' },
  'max-attr-chars': { type: 'string' },
  rankdir: { type: 'string' },
  depth: { type: 'string' },
  param: { type: 'string' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(args: readonly string[]): ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>> {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // node:util's text for an unknown option goes on about positionals; the option's name is what matters.
    const unknown = (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(message)?.[1] : undefined;
    throw new UsageError(unknown !== undefined ? `unknown option '${unknown}'` : message);
  }
}

function flagOptions(values: ReturnType<typeof parse>['values']): FlagOptions {
  const options: { -readonly [K in keyof FlagOptions]: FlagOptions[K] } = {};
  if (values['show-attrs']) options.showAttrs = true;
  if (values['show-saved']) options.showSaved = true;
  if (values.rankdir !== undefined) options.rankdir = values.rankdir as FlagOptions['rankdir'];
  const maxAttrChars = values['max-attr-chars'];
  if (maxAttrChars !== undefined) {
    if (!/^\d+$/.test(maxAttrChars)) throw new UsageError(`--max-attr-chars must be a whole number, got '${maxAttrChars}'`);
    options.maxAttrChars = Number(maxAttrChars);
  }
  const depth = values.depth;
  if (depth !== undefined) {
    if (/^\d+$/.test(depth)) options.depth = Number(depth);
    else if (/^(inf|infinity|flat)$/i.test(depth)) options.depth = Infinity;
    else throw new UsageError(`--depth must be a whole number (levels of groups unfolded) or 'flat', got '${depth}'`);
  }
  return options;
}

/** `--timeout <seconds>` in milliseconds: a number above 0, fractions allowed. */
function timeoutMs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  // setTimeout takes at most 2^31 - 1 ms (about 24.8 days).
  if (!(seconds > 0 && seconds * 1000 < 2 ** 31)) throw new UsageError(`--timeout must be a number of seconds above 0 (and under 24 days), got '${value}'`);
  return seconds * 1000;
}

/** `argv` without node and the script: `['render', 'model.ts', '--out', 'model.svg']`. */
export function parseCommandLine(argv: readonly string[]): Command {
  const { values, positionals } = parse(argv);
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return { kind: 'help' };
  const [command, file, ...extra] = positionals;
  if (command !== 'render' && command !== 'explain') throw new UsageError(`unknown command '${command}'; use 'render' or 'explain'`);
  if (file === undefined) throw new UsageError(`${command} needs a file: a module (.ts, .js) or a snapshot .json`);
  if (extra.length > 0) throw new UsageError(`${command} takes one file, got also ${extra.map((e) => `'${e}'`).join(', ')}`);
  const input = { file, options: flagOptions(values), timeoutMs: timeoutMs(values.timeout) };
  if (command === 'render') {
    if (values.param !== undefined) throw new UsageError('--param is for explain; render draws every param');
    if (values.json) throw new UsageError('--json is for explain; render writes JSON with --out graph.json');
    return { kind: 'render', out: values.out, ...input };
  }
  if (values.out !== undefined) throw new UsageError('explain prints to the terminal and takes no --out; use render to write a file');
  return { kind: 'explain', param: values.param, json: values.json ?? false, ...input };
}
