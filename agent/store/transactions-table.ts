// Persistent transaction records: identity, state, the next seqNo, start meter value, limits.
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { fromJsonText, toJsonText } from './json-text.js';

export type TransactionState = 'active' | 'ended';

/** Local limits on a transaction (OCPP 2.1 TransactionLimitType); absent = no limit. */
export interface TransactionLimits {
  /** Maximum energy, Wh. */
  maxEnergyWh?: number;
  /** Maximum duration, seconds. */
  maxTimeS?: number;
  /** Maximum cost, in the tariff's currency. */
  maxCost?: number;
  /** Stop at this state of charge, percent 0..100. */
  maxSoC?: number;
}

/** A transaction as stored. */
export interface TransactionRecord {
  transactionId: string;
  /** EVSE id (OCPP 1.6: the connectorId). */
  evseId: number;
  connectorId: number;
  state: TransactionState;
  /** The seqNo the next TransactionEvent gets (allocateSeqNo hands it out). */
  nextSeqNo: number;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms; set by endTransaction. */
  endedAt?: number;
  /** Energy register at start, Wh. */
  meterStartWh: number;
  limits: TransactionLimits;
  /** The core's extra fields (JSON object). */
  data: Record<string, unknown>;
}

/**
 * What upsertTransaction() takes. Omitted state = 'active', limits = none, data = {}.
 * nextSeqNo never goes down: the stored value becomes max(stored, given), so writing a stale
 * record cannot make a seqNo be reused.
 */
export type TransactionUpsert = Omit<TransactionRecord, 'state' | 'nextSeqNo' | 'limits' | 'data'> &
  Partial<Pick<TransactionRecord, 'state' | 'nextSeqNo' | 'limits' | 'data'>>;

interface TransactionRow {
  transaction_id: string;
  evse_id: number;
  connector_id: number;
  state: TransactionState;
  next_seq_no: number;
  started_at: number;
  ended_at: number | null;
  meter_start_wh: number;
  limit_max_energy_wh: number | null;
  limit_max_time_s: number | null;
  limit_max_cost: number | null;
  limit_max_soc: number | null;
  data: string;
}

function toRecord(row: TransactionRow): TransactionRecord {
  const limits: TransactionLimits = {};
  if (row.limit_max_energy_wh !== null) limits.maxEnergyWh = row.limit_max_energy_wh;
  if (row.limit_max_time_s !== null) limits.maxTimeS = row.limit_max_time_s;
  if (row.limit_max_cost !== null) limits.maxCost = row.limit_max_cost;
  if (row.limit_max_soc !== null) limits.maxSoC = row.limit_max_soc;
  const record: TransactionRecord = {
    transactionId: row.transaction_id,
    evseId: row.evse_id,
    connectorId: row.connector_id,
    state: row.state,
    nextSeqNo: row.next_seq_no,
    startedAt: row.started_at,
    meterStartWh: row.meter_start_wh,
    limits,
    data: fromJsonText(row.data, `transaction ${row.transaction_id} data`) as Record<string, unknown>,
  };
  if (row.ended_at !== null) record.endedAt = row.ended_at;
  return record;
}

function checkUpsert(input: TransactionUpsert): void {
  const bad = (field: string, want: string) =>
    new StoreError(`transaction ${String(input.transactionId)}: ${field} must be ${want}`);
  if (typeof input.transactionId !== 'string' || input.transactionId === '') {
    throw bad('transactionId', 'a non-empty string');
  }
  for (const field of ['evseId', 'connectorId'] as const) {
    if (!Number.isInteger(input[field]) || input[field] < 0) throw bad(field, 'a non-negative integer');
  }
  if (!Number.isFinite(input.startedAt)) throw bad('startedAt', 'epoch milliseconds');
  if (!Number.isFinite(input.meterStartWh)) throw bad('meterStartWh', 'a finite number of Wh');
  if (input.state !== undefined && input.state !== 'active' && input.state !== 'ended') {
    throw bad('state', "'active' or 'ended'");
  }
  if (input.nextSeqNo !== undefined && (!Number.isInteger(input.nextSeqNo) || input.nextSeqNo < 0)) {
    throw bad('nextSeqNo', 'a non-negative integer');
  }
  if (input.data !== undefined && (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data))) {
    throw bad('data', 'a JSON object');
  }
}

const COLUMNS = `transaction_id, evse_id, connector_id, state, next_seq_no, started_at, ended_at,
  meter_start_wh, limit_max_energy_wh, limit_max_time_s, limit_max_cost, limit_max_soc, data`;

export class TransactionsTable {
  private readonly upsert: Database.Statement;
  private readonly selectOne: Database.Statement;
  private readonly selectOpen: Database.Statement;
  private readonly end: Database.Statement;
  private readonly allocate: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO transactions (${COLUMNS}, updated_at)
       VALUES (@transactionId, @evseId, @connectorId, @state, @nextSeqNo, @startedAt, @endedAt,
               @meterStartWh, @maxEnergyWh, @maxTimeS, @maxCost, @maxSoC, @data, @now)
       ON CONFLICT (transaction_id) DO UPDATE SET
         evse_id = excluded.evse_id, connector_id = excluded.connector_id, state = excluded.state,
         next_seq_no = MAX(next_seq_no, excluded.next_seq_no),
         started_at = excluded.started_at, ended_at = excluded.ended_at,
         meter_start_wh = excluded.meter_start_wh,
         limit_max_energy_wh = excluded.limit_max_energy_wh, limit_max_time_s = excluded.limit_max_time_s,
         limit_max_cost = excluded.limit_max_cost, limit_max_soc = excluded.limit_max_soc,
         data = excluded.data, updated_at = excluded.updated_at`,
    );
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM transactions WHERE transaction_id = ?`);
    this.selectOpen = db.prepare(
      `SELECT ${COLUMNS} FROM transactions WHERE state = 'active' ORDER BY started_at, transaction_id`,
    );
    this.end = db.prepare(
      `UPDATE transactions SET state = 'ended', ended_at = ?, updated_at = ? WHERE transaction_id = ?`,
    );
    // One statement: read-and-increment cannot be split by a crash or by another caller.
    this.allocate = db.prepare(
      `UPDATE transactions SET next_seq_no = next_seq_no + 1
       WHERE transaction_id = ? RETURNING next_seq_no - 1 AS seq_no`,
    );
    this.remove = db.prepare('DELETE FROM transactions WHERE transaction_id = ?');
  }

  /** Inserts or replaces a transaction record (nextSeqNo only ever grows, see TransactionUpsert). */
  upsertTransaction(input: TransactionUpsert): TransactionRecord {
    checkUpsert(input);
    const limits = input.limits ?? {};
    this.upsert.run({
      transactionId: input.transactionId,
      evseId: input.evseId,
      connectorId: input.connectorId,
      state: input.state ?? 'active',
      nextSeqNo: input.nextSeqNo ?? 0,
      startedAt: input.startedAt,
      endedAt: input.endedAt ?? null,
      meterStartWh: input.meterStartWh,
      maxEnergyWh: limits.maxEnergyWh ?? null,
      maxTimeS: limits.maxTimeS ?? null,
      maxCost: limits.maxCost ?? null,
      maxSoC: limits.maxSoC ?? null,
      data: toJsonText(input.data ?? {}, `transaction ${input.transactionId} data`),
      now: Date.now(),
    });
    return this.getTransaction(input.transactionId) as TransactionRecord;
  }

  getTransaction(transactionId: string): TransactionRecord | undefined {
    const row = this.selectOne.get(transactionId) as TransactionRow | undefined;
    return row && toRecord(row);
  }

  /** Transactions in state 'active', oldest start first (to resume after a restart). */
  openTransactions(): TransactionRecord[] {
    return (this.selectOpen.all() as TransactionRow[]).map(toRecord);
  }

  /** Marks a transaction ended at `endedAt` (epoch ms). Throws if unknown. */
  endTransaction(transactionId: string, endedAt: number): void {
    if (this.end.run(endedAt, Date.now(), transactionId).changes === 0) {
      throw new StoreError(`cannot end transaction ${transactionId}: no such transaction`);
    }
  }

  /** Returns the transaction's next seqNo and persists next+1 (atomic). Throws if unknown. */
  allocateSeqNo(transactionId: string): number {
    const row = this.allocate.get(transactionId) as { seq_no: number } | undefined;
    if (!row) throw new StoreError(`cannot allocate a seqNo for transaction ${transactionId}: no such transaction`);
    return row.seq_no;
  }

  /** Deletes a transaction record (e.g. once ended and all its events are acked). */
  deleteTransaction(transactionId: string): boolean {
    return this.remove.run(transactionId).changes > 0;
  }
}
