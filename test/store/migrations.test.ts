// Store.open: pragmas, schema migrations from empty and from an old version, and clear open errors.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME, Store, StoreError } from '../../agent/store/store.js';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../agent/store/migrations.js';
import { openStore, tempDir } from './fixtures/temp-store.js';

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>)
      .map((r) => r.name)
      .filter((n) => !n.startsWith('sqlite_'));
  } finally {
    db.close();
  }
}

describe('Store.open and migrations', () => {
  it('creates the data directory and a fully migrated database from nothing', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const store = openStore(dir);
    expect(store.file).toBe(path.join(dir, DB_FILE_NAME));
    expect(fs.existsSync(store.file)).toBe(true);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(tables(store.file)).toEqual(['dead_letters', 'kv', 'outbox', 'transactions', 'variables']);
    expect(store.integrityCheck()).toEqual([]);
  });

  it('uses WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const store = openStore(tempDir());
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('migrates a version-1 database to the current version and keeps its data', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE_NAME);
    const old = new Database(file);
    expect(migrate(old, 1)).toEqual([1]);
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    old.prepare("INSERT INTO outbox (kind, payload, created_at) VALUES ('TransactionEvent', '{\"seqNo\":0}', 1)").run();
    old.prepare("INSERT INTO kv (key, value, updated_at) VALUES ('lastBoot', '42', 1)").run();
    old.close();
    expect(tables(file)).toEqual(['dead_letters', 'kv', 'outbox']);

    const store = openStore(dir);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(tables(file)).toEqual(['dead_letters', 'kv', 'outbox', 'transactions', 'variables']);
    expect(store.peek()).toMatchObject({ id: 1, kind: 'TransactionEvent', payload: { seqNo: 0 }, attempts: 0 });
    expect(store.getKv('lastBoot')).toBe('42');
    store.upsertTransaction({ transactionId: 't', evseId: 1, connectorId: 1, startedAt: 1, meterStartWh: 0 });
    expect(store.allocateSeqNo('t')).toBe(0);
    store.saveVariable('a', 'b');
    expect(store.loadVariables()).toEqual([{ key: 'a', value: 'b' }]);
  });

  it('re-opening an up-to-date database applies nothing and keeps data', () => {
    const dir = tempDir();
    const first = Store.open(dir);
    first.setKv('k', 'v');
    first.close();
    const db = new Database(path.join(dir, DB_FILE_NAME));
    expect(migrate(db)).toEqual([]);
    db.close();
    expect(openStore(dir).getKv('k')).toBe('v');
  });

  it('refuses a database from a newer schema version, naming both versions', () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, DB_FILE_NAME));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => Store.open(dir)).toThrow(StoreError);
    expect(() => Store.open(dir)).toThrow(
      new RegExp(`schema version ${SCHEMA_VERSION + 1} is newer than this agent supports \\(${SCHEMA_VERSION}\\)`),
    );
  });

  it('refuses a file that is not a database', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DB_FILE_NAME), 'this is not sqlite, just some text '.repeat(200));
    expect(() => Store.open(dir)).toThrow(/charger-agent\.db is not an SQLite database/);
  });

  it('refuses a data directory that cannot be created', () => {
    const parent = tempDir();
    fs.writeFileSync(path.join(parent, 'file'), 'x');
    expect(() => Store.open(path.join(parent, 'file', 'data'))).toThrow(/cannot create data directory .*file\/data/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a data directory that is not writable', () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o500);
    try {
      expect(() => Store.open(dir)).toThrow(/is not writable/);
    } finally {
      fs.chmodSync(dir, 0o700);
    }
  });

  it('rejects a migration target outside the known versions', () => {
    const db = new Database(':memory:');
    try {
      expect(() => migrate(db, SCHEMA_VERSION + 1)).toThrow(StoreError);
    } finally {
      db.close();
    }
  });

  it('close() is idempotent and later calls fail clearly', () => {
    const store = Store.open(tempDir());
    store.close();
    store.close();
    expect(store.isOpen).toBe(false);
    expect(() => store.depth()).toThrow(/not open/);
  });
});
