/** The command line, parsed into what to do; anything wrong is a UsageError. */
import { parseArgs } from 'node:util';
import type { MakeDotOptions } from '@gradviz/viz';
import { isLang, LANGS, message } from '@gradviz/viz/internal/messages/index';
import { UsageError } from './errors.js';
import { DEFAULT_TIMEOUT_SECONDS } from './load.js';

/** The makeDot options that flags can set; only the flags given are present. */
export type FlagOptions = Pick<MakeDotOptions, 'showAttrs' | 'showSaved' | 'maxAttrChars' | 'rankdir' | 'depth' | 'lang' | 'gradients'>;

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
  gradients: { type: 'boolean' },
  'max-attr-chars': { type: 'string' },
  rankdir: { type: 'string' },
  depth: { type: 'string' },
  param: { type: 'string' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(args: readonly string[]): ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>> {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // node:util's text for an unknown option goes on about positionals; the option's name is what matters.
    const unknown = (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(text)?.[1] : undefined;
    throw new UsageError(unknown !== undefined ? message('cli.unknownOption', { option: unknown }) : message('cli.badCommandLine', { problem: text }));
  }
}

function flagOptions(values: ReturnType<typeof parse>['values']): FlagOptions {
  const options: { -readonly [K in keyof FlagOptions]: FlagOptions[K] } = {};
  if (values['show-attrs']) options.showAttrs = true;
  if (values['show-saved']) options.showSaved = true;
  if (values.gradients) options.gradients = true;
  if (values.rankdir !== undefined) options.rankdir = values.rankdir as FlagOptions['rankdir'];
  const maxAttrChars = values['max-attr-chars'];
  if (maxAttrChars !== undefined) {
    if (!/^\d+$/.test(maxAttrChars)) throw new UsageError(message('cli.maxAttrChars', { value: maxAttrChars }));
    options.maxAttrChars = Number(maxAttrChars);
  }
  const depth = values.depth;
  if (depth !== undefined) {
    if (/^\d+$/.test(depth)) options.depth = Number(depth);
    else if (/^(inf|infinity|flat)$/i.test(depth)) options.depth = Infinity;
    else throw new UsageError(message('cli.depth', { value: depth }));
  }
  const lang = values.lang;
  if (lang !== undefined) {
    if (!isLang(lang)) throw new UsageError(message('cli.lang', { value: lang, langs: LANGS.join(', ') }));
    options.lang = lang;
  }
  return options;
}

/** `--timeout <seconds>` in milliseconds: a number above 0, fractions allowed. */
function timeoutMs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  // setTimeout takes at most 2^31 - 1 ms (about 24.8 days).
  if (!(seconds > 0 && seconds * 1000 < 2 ** 31)) throw new UsageError(message('cli.timeout', { value }));
  return seconds * 1000;
}

/** The `--lang` given on a command line, if it names a language, before (or whether or not) the rest parses: the words of its errors. */
export function langOf(argv: readonly string[]): (typeof LANGS)[number] | undefined {
  const at = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = at < 0 ? undefined : argv[at]!.startsWith('--lang=') ? argv[at]!.slice('--lang='.length) : argv[at + 1];
  return isLang(value) ? value : undefined;
}

/** `argv` without node and the script: `['render', 'model.ts', '--out', 'model.svg']`. */
export function parseCommandLine(argv: readonly string[]): Command {
  const { values, positionals } = parse(argv);
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return { kind: 'help' };
  const [command, file, ...extra] = positionals;
  if (command !== 'render' && command !== 'explain') throw new UsageError(message('cli.unknownCommand', { command: command! }));
  if (file === undefined) throw new UsageError(message('cli.needsFile', { command }));
  if (extra.length > 0) throw new UsageError(message('cli.oneFile', { command, extra: extra.map((e) => `'${e}'`).join(', ') }));
  const input = { file, options: flagOptions(values), timeoutMs: timeoutMs(values.timeout) };
  if (command === 'render') {
    if (values.param !== undefined) throw new UsageError(message('cli.paramForExplain'));
    if (values.json) throw new UsageError(message('cli.jsonForExplain'));
    return { kind: 'render', out: values.out, ...input };
  }
  if (values.out !== undefined) throw new UsageError(message('cli.explainNoOut'));
  return { kind: 'explain', param: values.param, json: values.json ?? false, ...input };
}
