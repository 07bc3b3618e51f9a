import { format, type Lang, message } from '@gradviz/viz/internal/messages/index';
import { DEFAULT_TIMEOUT_SECONDS } from './load.js';

/** The text of `gradviz --help`: every command, input, format and option. */
export function helpText(lang: Lang): string {
  return format(lang, message('cli.help', { timeout: DEFAULT_TIMEOUT_SECONDS }));
}
