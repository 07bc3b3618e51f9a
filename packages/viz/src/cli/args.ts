/** The command line, parsed into what to do; anything wrong is a UsageError. */
import { parseArgs } from 'node:util';
import type { MakeDotOptions } from '../make-dot.js';
import { UsageError } from './errors.js';

/** The makeDot options that flags can set; only the flags given are present. */
export type FlagOptions = Pick<MakeDotOptions, 'showAttrs' | 'showSaved' | 'maxAttrChars' | 'rankdir' | 'depth'>;

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'render'; readonly file: string; readonly out: string | undefined; readonly options: FlagOptions }
  | { readonly kind: 'explain'; readonly file: string; readonly param: string | undefined; readonly options: FlagOptions };

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  'show-attrs': { type: 'boolean' },
  'show-saved': { type: 'boolean' },
  'max-attr-chars': { type: 'string' },
  rankdir: { type: 'string' },
  depth: { type: 'string' },
  param: { type: 'string' },
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

/** `argv` without node and the script: `['render', 'model.ts', '--out', 'model.svg']`. */
export function parseCommandLine(argv: readonly string[]): Command {
  const { values, positionals } = parse(argv);
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return { kind: 'help' };
  const [command, file, ...extra] = positionals;
  if (command !== 'render' && command !== 'explain') throw new UsageError(`unknown command '${command}'; use 'render' or 'explain'`);
  if (file === undefined) throw new UsageError(`${command} needs a file: a module (.ts, .js) or a snapshot .json`);
  if (extra.length > 0) throw new UsageError(`${command} takes one file, got also ${extra.map((e) => `'${e}'`).join(', ')}`);
  const options = flagOptions(values);
  if (command === 'render') {
    if (values.param !== undefined) throw new UsageError('--param is for explain; render draws every param');
    return { kind: 'render', file, out: values.out, options };
  }
  if (values.out !== undefined) throw new UsageError('explain prints to the terminal and takes no --out; use render to write a file');
  return { kind: 'explain', file, param: values.param, options };
}
