/**
 * Every sentence gradviz shows comes from a message catalogue, one per language, keyed by id with
 * named placeholders (`{name}`). Code builds ids and arguments (names, numbers, code snippets in
 * the program's language, other messages), never sentences; `format` puts them together.
 * PyTorch's own warning and error texts go in as arguments, untranslated.
 */
import { en, type MessageId } from './en.js';
import { ja } from './ja.js';

export type { MessageId } from './en.js';

export const LANGS = ['en', 'ja'] as const;
export type Lang = (typeof LANGS)[number];

export type Catalogue = Readonly<Record<MessageId, string>>;

export const CATALOGUES: Readonly<Record<Lang, Catalogue>> = { en, ja };

/** A message not yet in words: its id and its arguments. */
export interface MessageRef {
  readonly id: MessageId;
  readonly args?: Readonly<Record<string, MessageArg>>;
}

/**
 * What fills a placeholder: text as it is (a name, a code snippet, PyTorch's words), a number
 * (written with the language's digit grouping), another message, or a list read as "a, b and c".
 */
export type MessageArg = string | number | MessageRef | { readonly list: readonly MessageArg[] };

export function message(id: MessageId, args?: Readonly<Record<string, MessageArg>>): MessageRef {
  return args === undefined ? { id } : { id, args };
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholders a catalogue entry uses, sorted: both catalogues must have the same for an id. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

function formatArg(lang: Lang, arg: MessageArg): string {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'number') return arg.toLocaleString('en-US');
  if ('list' in arg) {
    const items = arg.list.map((item) => formatArg(lang, item));
    if (items.length <= 1) return items.join('');
    return render(lang, message('list.and', { first: items.slice(0, -1).join(render(lang, message('list.separator'))), last: items.at(-1)! }));
  }
  return render(lang, arg);
}

/** The message in words. */
export function format(lang: Lang, ref: MessageRef): string {
  const text = render(lang, ref);
  return lang === 'ja' ? spaceJapanese(text) : text;
}

const JAPANESE = '\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Han}ー';
const BETWEEN_JAPANESE = new RegExp(`([${JAPANESE}、。（）「」]) +(?=[${JAPANESE}、。（）「」])`, 'gu');
const JAPANESE_THEN_LATIN = new RegExp(`([${JAPANESE}])(?=[A-Za-z0-9_.])`, 'gu');
const LATIN_THEN_JAPANESE = new RegExp(`([A-Za-z0-9_)\\]])(?=[${JAPANESE}])`, 'gu');

/**
 * Spaces as Japanese technical writing puts them once the pieces are together: none between
 * Japanese words (a placeholder filled with Japanese leaves the spaces it had around it), one
 * between Japanese and code or numbers.
 */
function spaceJapanese(text: string): string {
  return text.replace(BETWEEN_JAPANESE, '$1').replace(JAPANESE_THEN_LATIN, '$1 ').replace(LATIN_THEN_JAPANESE, '$1 ');
}

/** A message with its placeholders filled. Nesting is as deep as the code that built it, a few levels at most. */
function render(lang: Lang, ref: MessageRef): string {
  const text = CATALOGUES[lang][ref.id];
  const args = ref.args ?? {};
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const arg = args[name];
    if (arg === undefined) throw new Error(`message ${ref.id}: no value for {${name}}`);
    return formatArg(lang, arg);
  });
}

/** The message id for a count: `base.one` for 1, `base.other` for any other number (English needs both; Japanese says the same in each). */
export function plural<B extends string>(base: B, count: number): `${B}.one` | `${B}.other` {
  return count === 1 ? `${base}.one` : `${base}.other`;
}
