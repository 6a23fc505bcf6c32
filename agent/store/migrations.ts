// Numbered schema steps, tracked by PRAGMA user_version; each step runs in its own transaction.
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';

/**
 * MIGRATIONS[i] brings the schema from version i to version i+1. Append only: never edit or
 * reorder a shipped step, chargers in the field are at every version in between.
 */
export const MIGRATIONS: readonly string[] = [
  // v1: the offline queue (outbox), its dead letters, and a small key/value table.
  // AUTOINCREMENT so an id is never reused even after the outbox drains: ids are the send
  // order and dead_letters keeps the original id.
  `
  CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT    NOT NULL,
    transaction_id   TEXT,
    payload          TEXT    NOT NULL,
    produced_offline INTEGER NOT NULL DEFAULT 0 CHECK (produced_offline IN (0, 1)),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    last_attempt_at  INTEGER,
    created_at       INTEGER NOT NULL
  );
  CREATE INDEX outbox_transaction_id ON outbox (transaction_id);
  CREATE TABLE dead_letters (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL,
    transaction_id   TEXT,
    payload          TEXT    NOT NULL,
    produced_offline INTEGER NOT NULL,
    attempts         INTEGER NOT NULL,
    last_error       TEXT,
    last_attempt_at  INTEGER,
    created_at       INTEGER NOT NULL,
    dead_at          INTEGER NOT NULL,
    reason           TEXT    NOT NULL
  );
  CREATE TABLE kv (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // v2: transactions, with the next seqNo so a restart never reuses one.
  `
  CREATE TABLE transactions (
    transaction_id      TEXT    PRIMARY KEY,
    evse_id             INTEGER NOT NULL,
    connector_id        INTEGER NOT NULL,
    state               TEXT    NOT NULL CHECK (state IN ('active', 'ended')),
    next_seq_no         INTEGER NOT NULL DEFAULT 0 CHECK (next_seq_no >= 0),
    started_at          INTEGER NOT NULL,
    ended_at            INTEGER,
    meter_start_wh      REAL    NOT NULL,
    limit_max_energy_wh REAL,
    limit_max_time_s    INTEGER,
    limit_max_cost      REAL,
    limit_max_soc       INTEGER,
    data                TEXT    NOT NULL DEFAULT '{}',
    updated_at          INTEGER NOT NULL
  );
  CREATE INDEX transactions_state ON transactions (state);
  `,
  // v3: device-model variables (persistent configuration values).
  `
  CREATE TABLE variables (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Reads PRAGMA user_version (0 for a new, empty database). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every step after the database's current version, up to `target` (default: all).
 * Each step and its user_version bump commit together, so a crash mid-migration leaves the
 * database at the previous version, not half-migrated. Returns the versions applied.
 * Throws StoreError if the database is newer than this build knows.
 */
export function migrate(db: Database.Database, target: number = SCHEMA_VERSION): number[] {
  if (!Number.isInteger(target) || target < 0 || target > SCHEMA_VERSION) {
    throw new StoreError(`migration target ${target} is outside 0..${SCHEMA_VERSION}`);
  }
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      `database schema version ${current} is newer than this agent supports (${SCHEMA_VERSION}); ` +
        'refusing to open it (downgrade the database or upgrade the agent)',
    );
  }
  const applied: number[] = [];
  for (let version = current + 1; version <= target; version++) {
    const sql = MIGRATIONS[version - 1] as string;
    db.transaction(() => {
      db.exec(sql);
      // user_version lives in the database header and is part of this transaction.
      db.pragma(`user_version = ${version}`);
    }).immediate();
    applied.push(version);
  }
  return applied;
}
