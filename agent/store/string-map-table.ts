// A table of string keys to string values (columns key, value, updated_at): the kv facts and the device-model variables.
import type Database from 'better-sqlite3';

/** The tables of this shape (created by the migrations). */
export type StringMapTableName = 'kv' | 'variables';

export class StringMapTable {
  private readonly selectOne: Database.Statement;
  private readonly selectAll: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database, table: StringMapTableName) {
    this.selectOne = db.prepare(`SELECT value FROM ${table} WHERE key = ?`);
    this.selectAll = db.prepare(`SELECT key, value FROM ${table} ORDER BY key`);
    this.upsert = db.prepare(
      `INSERT INTO ${table} (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare(`DELETE FROM ${table} WHERE key = ?`);
  }

  get(key: string): string | undefined {
    const row = this.selectOne.get(key) as { value: string } | undefined;
    return row?.value;
  }

  /** Every entry, sorted by key. */
  all(): Array<{ key: string; value: string }> {
    return this.selectAll.all() as Array<{ key: string; value: string }>;
  }

  /** Inserts or replaces; on disk when this returns. */
  set(key: string, value: string): void {
    this.upsert.run(key, value, Date.now());
  }

  /** Removes a key; false if it was not stored. */
  delete(key: string): boolean {
    return this.remove.run(key).changes > 0;
  }
}
