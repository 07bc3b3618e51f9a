/** The message catalogues: the same ids and placeholders in every language, and the language chosen as told or from the environment. */
import { tensor } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';
import { explain, makeDot } from '../src/index.js';
import { CATALOGUES, format, LANGS, message, type MessageId, placeholdersOf } from '../src/messages/index.js';
import { environmentLang, langOfLocale } from '../src/messages/lang.js';

const ids = (lang: (typeof LANGS)[number]) => Object.keys(CATALOGUES[lang]).sort();

describe('the message catalogues', () => {
  it('have the same ids in every language', () => {
    for (const lang of LANGS) expect(ids(lang), lang).toEqual(ids('en'));
  });

  it('use the same placeholders for an id in every language', () => {
    const differing = ids('en').filter((id) => LANGS.some((lang) => placeholdersOf(CATALOGUES[lang][id as MessageId]).join() !== placeholdersOf(CATALOGUES.en[id as MessageId]).join()));
    expect(differing).toEqual([]);
  });

  it('are translated: every Japanese sentence is in Japanese, not a copy of the English', () => {
    // Pieces that are code, names or punctuation read the same in both.
    const same = ids('en').filter((id) => CATALOGUES.ja[id as MessageId] === CATALOGUES.en[id as MessageId]);
    expect(same.every((id) => !/[a-z]{4,} [a-z]{4,} [a-z]{4,}/.test(CATALOGUES.en[id as MessageId]))).toBe(true);
    const sentences = ids('en').filter((id) => /[.:]$/.test(CATALOGUES.en[id as MessageId].trim()) && CATALOGUES.en[id as MessageId].length > 40);
    for (const id of sentences) expect(CATALOGUES.ja[id as MessageId], id).toMatch(/[ぁ-んァ-ヶ一-龯]/);
  });

  it('put nested messages, lists and numbers together; Japanese spaces only where code meets Japanese', () => {
    const nodes = { list: ['MulBackward0', 'AddBackward0', message('nodes.more.other', { count: 4998 })] };
    expect(format('en', message('into.nodes', { nodes }))).toBe('enter MulBackward0, AddBackward0 and 4,998 more nodes as a constant');
    expect(format('ja', message('into.nodes', { nodes }))).toBe('定数として MulBackward0、AddBackward0 とほか 4,998 個のノードに入る');
    expect(format('ja', message('receiver.unnamed', { dtype: 'float64' }))).toBe('その先にある、名前のない float64 の葉テンソル');
    expect(() => format('en', message('at.file'))).toThrow('message at.file: no value for {place}');
  });
});

describe('the language', () => {
  it('is read from the locale as gettext reads it, then from the browser; English when neither names one gradviz has', () => {
    expect(langOfLocale('ja_JP.UTF-8')).toBe('ja');
    expect(langOfLocale('ja-JP')).toBe('ja');
    expect(langOfLocale('fr_FR')).toBeUndefined();
    expect(environmentLang({ env: { LANG: 'ja_JP.UTF-8' } })).toBe('ja');
    expect(environmentLang({ env: { LANG: 'en_US.UTF-8', LC_ALL: 'ja_JP.UTF-8' } })).toBe('ja');
    expect(environmentLang({ env: { LANG: 'de_DE.UTF-8', LANGUAGE: 'ja:en' } })).toBe('ja');
    expect(environmentLang({ env: { LANG: 'C.UTF-8', LANGUAGE: 'ja' } })).toBe('en');
    expect(environmentLang({ env: {}, languages: ['fr-FR', 'ja'] })).toBe('ja');
    expect(environmentLang({ env: {}, languages: ['fr-FR'] })).toBe('en');
  });

  it("makeDot's lang chooses the findings', the legend's and explain()'s words", () => {
    const x = tensor(Float64Array.of(1, 2), { requiresGrad: true }).float();
    const z = x.pow(2).sum();
    const ja = makeDot(z, { params: { x }, lang: 'ja' });
    expect(ja.diagnostics[0]!.text).toMatch(/^x が葉テンソル \(leaf\) ではないため、x\.grad は null です。\.float\(\)（messages\.test\.ts の \d+ 行目）が x を float64 テンソルの float32 コピー（ToCopyBackward0）にしたので/);
    expect(ja.toSVG()).toContain('直し方: 作るときに dtype を指定するか');
    expect(ja.explain('x')).toContain('直し方:');
    expect(explain(x, { lang: 'ja' })).toMatch(/^x が葉テンソル/);
    expect(() => makeDot(z, { lang: 'fr' as never })).toThrow(`makeDot(): lang must be one of 'en', 'ja' (or left out for the environment's language), got "fr"`);
  });
});
