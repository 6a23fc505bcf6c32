// Small string key/value facts that must survive a restart (last boot, clean-shutdown marker, ...).
import type Database from 'better-sqlite3';

export class KvTable {
  private readonly selectOne: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.selectOne = db.prepare('SELECT value FROM kv WHERE key = ?');
    this.upsert = db.prepare(
      `INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM kv WHERE key = ?');
  }

  getKv(key: string): string | undefined {
    const row = this.selectOne.get(key) as { value: string } | undefined;
    return row?.value;
  }

  /** Inserts or replaces; on disk when this returns. */
  setKv(key: string, value: string): void {
    this.upsert.run(key, value, Date.now());
  }

  /** Removes a key; false if it was not stored. */
  deleteKv(key: string): boolean {
    return this.remove.run(key).changes > 0;
  }
}
