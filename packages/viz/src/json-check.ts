/**
 * Checking JSON that came from a file or another tool, value by value, with an error that names
 * the path of the bad value, what it must be, and what it is.
 */
import { describeValue } from '@gradviz/engine';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isWholeNumber = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

export class JsonChecker {
  /** `prefix` starts every message; `makeError` gives the error its class. */
  constructor(
    private readonly prefix: string,
    private readonly makeError: (message: string) => Error = (message) => new TypeError(message),
  ) {}

  fail(path: string, problem: string, value: unknown): never {
    throw this.makeError(`${this.prefix}${path} ${problem}, got ${describeValue(value)}`);
  }

  object(value: unknown, path: string, what: string): JsonObject {
    if (!isJsonObject(value)) this.fail(path, `must be ${what}`, value);
    return value;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'must be an array', value);
    return value;
  }

  string(value: unknown, path: string): void {
    if (typeof value !== 'string') this.fail(path, 'must be a string', value);
  }

  number(value: unknown, path: string): void {
    if (typeof value !== 'number') this.fail(path, 'must be a number', value);
  }

  wholeNumber(value: unknown, path: string): void {
    if (!isWholeNumber(value)) this.fail(path, 'must be a whole number', value);
  }

  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false', value);
  }

  oneOf(value: unknown, choices: readonly unknown[], path: string): void {
    if (!choices.includes(value)) this.fail(path, `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`, value);
  }
}
