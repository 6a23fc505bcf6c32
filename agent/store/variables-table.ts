// Device-model variable persistence: opaque key -> string value, upserted one at a time.
import type Database from 'better-sqlite3';

export class VariablesTable {
  private readonly selectAll: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.selectAll = db.prepare('SELECT key, value FROM variables ORDER BY key');
    this.upsert = db.prepare(
      `INSERT INTO variables (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM variables WHERE key = ?');
  }

  /** Every stored variable, sorted by key. */
  loadVariables(): Array<{ key: string; value: string }> {
    return this.selectAll.all() as Array<{ key: string; value: string }>;
  }

  /** Inserts or replaces one variable; on disk when this returns. */
  saveVariable(key: string, value: string): void {
    this.upsert.run(key, value, Date.now());
  }

  /** Removes a variable; false if it was not stored. */
  deleteVariable(key: string): boolean {
    return this.remove.run(key).changes > 0;
  }
}
