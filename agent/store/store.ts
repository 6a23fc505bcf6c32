// The agent's durable state in one SQLite file: outbox, transactions, variables, key/value.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pino, type Logger } from 'pino';
import { StoreError } from './errors.js';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.js';
import { OutboxTable, type DeadLetter, type OutboxInput, type OutboxMessage } from './outbox.js';
import { TransactionsTable, type TransactionRecord, type TransactionUpsert } from './transactions-table.js';
import { StringMapTable } from './string-map-table.js';

/** File name of the database inside the data directory. */
export const DB_FILE_NAME = 'charger-agent.db';

/** How long a statement waits for a lock held by another connection (e.g. a diagnostic sqlite3 shell), ms. */
export const BUSY_TIMEOUT_MS = 5000;

export interface StoreOptions {
  logger?: Logger;
}

/**
 * Every write is committed and fsynced when the method returns: callers write state first, then act
 * on it or acknowledge it. Methods are synchronous (better-sqlite3); a write takes one fsync.
 */
export class Store {
  private readonly outbox: OutboxTable;
  private readonly transactions: TransactionsTable;
  private readonly variables: StringMapTable;
  private readonly kv: StringMapTable;

  private constructor(
    private readonly db: Database.Database,
    /** Absolute path of the database file. */
    readonly file: string,
  ) {
    this.outbox = new OutboxTable(db);
    this.transactions = new TransactionsTable(db);
    this.variables = new StringMapTable(db, 'variables');
    this.kv = new StringMapTable(db, 'kv');
  }

  /**
   * Opens (creating if needed) `<dataDir>/charger-agent.db` and migrates it to the current schema.
   * Throws StoreError when the directory cannot be created or written, the file is not an SQLite
   * database, or its schema is newer than this build.
   */
  static open(dataDir: string, options: StoreOptions = {}): Store {
    const logger = options.logger ?? pino({ level: 'silent' });
    const dir = path.resolve(dataDir);
    const file = path.join(dir, DB_FILE_NAME);
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new StoreError(`cannot create data directory ${dir}: ${(err as Error).message}`, { cause: err });
    }
    try {
      // WAL creates <file>-wal and <file>-shm next to the database, so the directory must be writable.
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
      throw new StoreError(`data directory ${dir} is not writable: ${(err as Error).message}`, { cause: err });
    }

    let db: Database.Database;
    try {
      db = new Database(file);
    } catch (err) {
      throw new StoreError(`cannot open database ${file}: ${(err as Error).message}`, { cause: err });
    }
    try {
      // WAL: a commit appends to the log, readers never block the writer, and a crash mid-write
      // leaves the main file untouched (the torn tail of the log is discarded on recovery).
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new StoreError(`database ${file} could not switch to WAL (journal_mode is ${String(mode)})`);
      // FULL: fsync the WAL on every commit. A charger loses power without warning; with NORMAL a
      // commit that returned could still be in the page cache and vanish, i.e. an acknowledged
      // transaction event or an allocated seqNo would be lost. We trade write speed (one fsync per
      // commit; writes are a few per second at most) for durability.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const from = schemaVersion(db);
      const applied = migrate(db);
      if (applied.length > 0) logger.info({ file, from, to: SCHEMA_VERSION }, 'store schema migrated');
      logger.debug({ file, schemaVersion: SCHEMA_VERSION }, 'store opened');
      return new Store(db, file);
    } catch (err) {
      db.close();
      if (err instanceof StoreError) throw err;
      const code = (err as { code?: unknown }).code;
      if (code === 'SQLITE_NOTADB') {
        throw new StoreError(`${file} is not an SQLite database (corrupt, or some other file)`, { cause: err });
      }
      throw new StoreError(`cannot open database ${file}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Closes the database (checkpoints the WAL). Idempotent. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  /** False after close(). */
  get isOpen(): boolean {
    return this.db.open;
  }

  /** The schema version on disk (PRAGMA user_version). */
  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** PRAGMA integrity_check: [] when the file is sound, else SQLite's list of problems. */
  integrityCheck(): string[] {
    const rows = this.db.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
    const problems = rows.map((r) => r.integrity_check);
    return problems.length === 1 && problems[0] === 'ok' ? [] : problems;
  }

  /**
   * Runs `fn` as one transaction: everything it writes through this store commits together, or
   * (if it throws) none of it does and the error is rethrown. `fn` must be synchronous (a returned
   * promise is rejected with a TypeError and rolled back). Nesting is allowed (a savepoint).
   */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // Outbox (offline queue); see OutboxTable for details.

  /** Appends a message; returns it with its id (= send order) and createdAt (epoch ms). */
  enqueue(input: OutboxInput): OutboxMessage {
    return this.outbox.enqueue(input);
  }
  /** Oldest queued message, undefined when empty. Dead messages are not in the queue. */
  peek(): OutboxMessage | undefined {
    return this.outbox.peek();
  }
  /** Up to `limit` queued messages, oldest first. */
  list(limit: number): OutboxMessage[] {
    return this.outbox.list(limit);
  }
  /** Deletes a delivered message; false if it was not queued. */
  ack(id: number): boolean {
    return this.outbox.ack(id);
  }
  /** Persists one more send attempt (with the error, if any); returns the attempts so far. */
  recordAttempt(id: number, error?: string): number {
    return this.outbox.recordAttempt(id, error);
  }
  /** Moves a message that exhausted its attempts to dead_letters, so the next one can go. */
  markDead(id: number, reason: string): void {
    this.outbox.markDead(id, reason);
  }
  /** Number of queued messages. */
  depth(): number {
    return this.outbox.depth();
  }
  /** Dead-lettered messages, oldest first (at most `limit`, default 1000). */
  deadLetters(limit?: number): DeadLetter[] {
    return this.outbox.deadLetters(limit);
  }
  /** Replaces a queued message's payload. Throws if it is not queued. */
  updatePayload(id: number, payload: unknown): void {
    this.outbox.updatePayload(id, payload);
  }

  // Transactions; see TransactionsTable.

  upsertTransaction(record: TransactionUpsert): TransactionRecord {
    return this.transactions.upsertTransaction(record);
  }
  getTransaction(transactionId: string): TransactionRecord | undefined {
    return this.transactions.getTransaction(transactionId);
  }
  /** Transactions still 'active' (to resume after a restart). */
  openTransactions(): TransactionRecord[] {
    return this.transactions.openTransactions();
  }
  /** Marks a transaction ended at `endedAt` (epoch ms). Throws if unknown. */
  endTransaction(transactionId: string, endedAt: number): void {
    this.transactions.endTransaction(transactionId, endedAt);
  }
  /** Returns the current seqNo and persists seqNo+1; no seqNo is handed out twice, even across a crash. */
  allocateSeqNo(transactionId: string): number {
    return this.transactions.allocateSeqNo(transactionId);
  }
  /** Deletes a transaction record; false if unknown. */
  deleteTransaction(transactionId: string): boolean {
    return this.transactions.deleteTransaction(transactionId);
  }

  // Device-model variables (structural interface used by the device model).

  loadVariables(): Array<{ key: string; value: string }> {
    return this.variables.all();
  }
  saveVariable(key: string, value: string): void {
    this.variables.set(key, value);
  }
  deleteVariable(key: string): boolean {
    return this.variables.delete(key);
  }

  // Key/value facts.

  getKv(key: string): string | undefined {
    return this.kv.get(key);
  }
  setKv(key: string, value: string): void {
    this.kv.set(key, value);
  }
  deleteKv(key: string): boolean {
    return this.kv.delete(key);
  }
}

export { StoreError } from './errors.js';
export { MIGRATIONS, SCHEMA_VERSION, migrate } from './migrations.js';
export type { DeadLetter, OutboxInput, OutboxMessage } from './outbox.js';
export type { TransactionLimits, TransactionRecord, TransactionState, TransactionUpsert } from './transactions-table.js';
