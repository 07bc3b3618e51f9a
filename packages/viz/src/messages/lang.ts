/**
 * The language to speak when none is given: the environment's (`LANGUAGE`, `LC_ALL`,
 * `LC_MESSAGES`, `LANG`, as gettext reads them) in Node, the browser's (`navigator.languages`) in
 * a page; English when neither names one gradviz has.
 */
import { type Lang, LANGS } from './index.js';

/** `ja_JP.UTF-8`, `ja-JP`, `ja` → `ja`; undefined for a language gradviz has no catalogue for. */
export function langOfLocale(locale: string | undefined): Lang | undefined {
  const code = locale?.trim().toLowerCase().split(/[-_.@]/, 1)[0];
  return LANGS.find((lang) => lang === code);
}

interface Environment {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly languages?: readonly string[];
}

function currentEnvironment(): Environment {
  const global = globalThis as { process?: { env?: Record<string, string | undefined> }; navigator?: { languages?: readonly string[]; language?: string } };
  const navigator = global.navigator;
  return {
    ...(global.process?.env ? { env: global.process.env } : {}),
    ...(navigator ? { languages: navigator.languages ?? (navigator.language ? [navigator.language] : []) } : {}),
  };
}

/** The environment's language: the first locale variable set (a `C` or `POSIX` locale means English), else the browser's first language gradviz has. */
export function environmentLang(environment: Environment = currentEnvironment()): Lang {
  const env = environment.env;
  if (env !== undefined) {
    // gettext reads LANGUAGE (a list, `ja:en`) only when the locale is not C.
    const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
    if (locale !== undefined && !/^(C|POSIX)([._@]|$)/.test(locale)) {
      for (const candidate of [...(env.LANGUAGE ?? '').split(':'), locale]) {
        const lang = langOfLocale(candidate);
        if (lang !== undefined) return lang;
      }
    }
    if (locale !== undefined) return 'en';
  }
  for (const language of environment.languages ?? []) {
    const lang = langOfLocale(language);
    if (lang !== undefined) return lang;
  }
  return 'en';
}
