// The one error type the store throws: names the database file and what was wrong with it.

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
