// The offline queue: messages that must not be lost (e.g. TransactionEvent), kept in send order.
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { fromJsonText, toJsonText } from './json-text.js';

/** What the caller hands to enqueue(). */
export interface OutboxInput {
  /** Message kind, usually the OCPP action, e.g. 'TransactionEvent'. */
  kind: string;
  /** The transaction this message belongs to, if any. */
  transactionId?: string;
  /** The message payload; must be JSON-serialisable. Stored as TEXT. */
  payload: unknown;
  /** True when the message was produced while the CSMS was unreachable. Default false. */
  producedOffline?: boolean;
}

/** A queued message as read back from the store. */
export interface OutboxMessage {
  /** Autoincrement id; ascending id is the send order. Never reused. */
  id: number;
  kind: string;
  transactionId?: string;
  payload: unknown;
  producedOffline: boolean;
  /** Send attempts recorded so far (recordAttempt); 0 for a fresh message. */
  attempts: number;
  /** Error text given with the latest recordAttempt, if any. */
  lastError?: string;
  /** Epoch ms of the latest recordAttempt, if any. */
  lastAttemptAt?: number;
  /** Epoch ms when the message was enqueued. */
  createdAt: number;
}

/** A message given up on by markDead(), kept for inspection and reporting. */
export interface DeadLetter extends OutboxMessage {
  /** Epoch ms when it was dead-lettered. */
  deadAt: number;
  /** Why it was given up on. */
  reason: string;
}

interface OutboxRow {
  id: number;
  kind: string;
  transaction_id: string | null;
  payload: string;
  produced_offline: 0 | 1;
  attempts: number;
  last_error: string | null;
  last_attempt_at: number | null;
  created_at: number;
}

interface DeadLetterRow extends OutboxRow {
  dead_at: number;
  reason: string;
}

const COLUMNS =
  'id, kind, transaction_id, payload, produced_offline, attempts, last_error, last_attempt_at, created_at';

function toMessage(row: OutboxRow): OutboxMessage {
  const message: OutboxMessage = {
    id: row.id,
    kind: row.kind,
    payload: fromJsonText(row.payload, `outbox message ${row.id} payload`),
    producedOffline: row.produced_offline === 1,
    attempts: row.attempts,
    createdAt: row.created_at,
  };
  if (row.transaction_id !== null) message.transactionId = row.transaction_id;
  if (row.last_error !== null) message.lastError = row.last_error;
  if (row.last_attempt_at !== null) message.lastAttemptAt = row.last_attempt_at;
  return message;
}

export class OutboxTable {
  private readonly insert: Database.Statement;
  private readonly selectOldest: Database.Statement;
  private readonly selectList: Database.Statement;
  private readonly deleteById: Database.Statement;
  private readonly bumpAttempts: Database.Statement;
  private readonly copyToDead: Database.Statement;
  private readonly count: Database.Statement;
  private readonly selectDead: Database.Statement;
  private readonly setPayload: Database.Statement;
  private readonly moveToDead: Database.Transaction<(id: number, reason: string, now: number) => void>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO outbox (kind, transaction_id, payload, produced_offline, created_at)
       VALUES (?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
    );
    this.selectOldest = db.prepare(`SELECT ${COLUMNS} FROM outbox ORDER BY id LIMIT 1`);
    this.selectList = db.prepare(`SELECT ${COLUMNS} FROM outbox ORDER BY id LIMIT ?`);
    this.deleteById = db.prepare('DELETE FROM outbox WHERE id = ?');
    this.bumpAttempts = db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ?
       WHERE id = ? RETURNING attempts`,
    );
    this.copyToDead = db.prepare(
      `INSERT INTO dead_letters (${COLUMNS}, dead_at, reason)
       SELECT ${COLUMNS}, ?, ? FROM outbox WHERE id = ?`,
    );
    this.count = db.prepare('SELECT COUNT(*) AS n FROM outbox');
    this.selectDead = db.prepare(
      `SELECT ${COLUMNS}, dead_at, reason FROM dead_letters ORDER BY id LIMIT ?`,
    );
    this.setPayload = db.prepare('UPDATE outbox SET payload = ? WHERE id = ?');
    this.moveToDead = db.transaction((id: number, reason: string, now: number) => {
      if (this.copyToDead.run(now, reason, id).changes === 0) {
        throw new StoreError(`cannot dead-letter outbox message ${id}: no such message`);
      }
      this.deleteById.run(id);
    });
  }

  /** Appends a message; it is on disk when this returns. */
  enqueue(input: OutboxInput): OutboxMessage {
    if (typeof input.kind !== 'string' || input.kind === '') {
      throw new StoreError('outbox message kind must be a non-empty string');
    }
    const payload = toJsonText(input.payload, `outbox ${input.kind} payload`);
    const row = this.insert.get(
      input.kind,
      input.transactionId ?? null,
      payload,
      input.producedOffline === true ? 1 : 0,
      Date.now(),
    ) as OutboxRow;
    return toMessage(row);
  }

  /** The oldest queued message (the next to send), or undefined when the queue is empty. */
  peek(): OutboxMessage | undefined {
    const row = this.selectOldest.get() as OutboxRow | undefined;
    return row && toMessage(row);
  }

  /** Up to `limit` queued messages, oldest first. */
  list(limit: number): OutboxMessage[] {
    return (this.selectList.all(Math.max(0, Math.floor(limit))) as OutboxRow[]).map(toMessage);
  }

  /** Removes a delivered message. Returns false if it was not queued (already acked or dead). */
  ack(id: number): boolean {
    return this.deleteById.run(id).changes > 0;
  }

  /** Counts one send attempt (persisted) and returns the attempts so far. Throws if unknown. */
  recordAttempt(id: number, error?: string): number {
    const row = this.bumpAttempts.get(error ?? null, Date.now(), id) as { attempts: number } | undefined;
    if (!row) throw new StoreError(`cannot record an attempt for outbox message ${id}: no such message`);
    return row.attempts;
  }

  /**
   * Gives up on a message: moves it to dead_letters (one transaction) so the next message can go.
   * Throws if the id is not queued.
   */
  markDead(id: number, reason: string): void {
    this.moveToDead.immediate(id, reason, Date.now());
  }

  /** Number of queued (not dead) messages. */
  depth(): number {
    return (this.count.get() as { n: number }).n;
  }

  /** Dead-lettered messages, oldest id first (at most `limit`, default 1000). */
  deadLetters(limit = 1000): DeadLetter[] {
    return (this.selectDead.all(Math.max(0, Math.floor(limit))) as DeadLetterRow[]).map((row) => ({
      ...toMessage(row),
      deadAt: row.dead_at,
      reason: row.reason,
    }));
  }

  /** Replaces a queued message's payload (e.g. to set offline: true before sending). Throws if unknown. */
  updatePayload(id: number, payload: unknown): void {
    const text = toJsonText(payload, `outbox message ${id} payload`);
    if (this.setPayload.run(text, id).changes === 0) {
      throw new StoreError(`cannot update outbox message ${id}: no such message`);
    }
  }
}
