// JSON <-> TEXT column helpers with errors that say which value could not be stored or read.
import { StoreError } from './errors.js';

/** Serialises `value` for a TEXT column; throws StoreError if it is not JSON-representable. */
export function toJsonText(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new StoreError(`${what} is not JSON-serialisable: ${(err as Error).message}`, { cause: err });
  }
  if (text === undefined) throw new StoreError(`${what} is not JSON-serialisable (got ${typeof value})`);
  return text;
}

/** Parses a TEXT column written by toJsonText; a corrupt value is a StoreError naming the row. */
export function fromJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new StoreError(`${what} holds invalid JSON: ${(err as Error).message}`, { cause: err });
  }
}
