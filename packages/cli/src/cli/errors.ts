/** Errors the CLI reports as one line, with the exit status that tells them apart. */
import { describeValue } from '@gradviz/engine';
import { format, type Lang, message, type MessageRef } from '@gradviz/viz/internal/messages/index';

/** A problem the CLI foresaw, as a message: `message` holds it in English, `textIn` in any language. */
export class CliError extends Error {
  override name = 'CliError';
  /** 1: the file could not be read, drawn or written; 2: the command line itself is wrong. */
  readonly exitCode: 1 | 2;
  readonly ref: MessageRef;

  constructor(ref: MessageRef, exitCode: 1 | 2 = 1) {
    super(format('en', ref));
    this.ref = ref;
    this.exitCode = exitCode;
  }

  textIn(lang: Lang): string {
    return format(lang, this.ref);
  }
}

export class UsageError extends CliError {
  override name = 'UsageError';

  constructor(problem: MessageRef) {
    super(message('cli.usage', { problem }), 2);
  }
}

/** Longest rendering of a thrown value that is not an Error. */
const MAX_THROWN_CHARS = 200;

/** A thrown value in words: an Error's message, a string as it is, anything else shown as JSON (never `[object Object]`). */
export function thrownText(value: unknown): string {
  if (value instanceof Error) return value.message || value.name;
  if (typeof value === 'string') return value;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // Cyclic, or a BigInt: described below.
  }
  const shown = json === undefined ? describeValue(value) : json.length > MAX_THROWN_CHARS ? `${json.slice(0, MAX_THROWN_CHARS)}…` : json;
  return `${shown} (not an Error)`;
}
