// Persisted bookkeeping of OCPP 1.6 transactions: core UUID ↔ the CSMS's integer transactionId, and what Start/StopTransaction need.

import type { Logger } from 'pino';

/** A small durable key-value store (start-agent passes the store's kv table). */
export interface KeyValuePort {
  get(key: string): string | undefined;
  /** Stores durably before returning. */
  set(key: string, value: string): void;
  /** Removes a key; absent: the key is overwritten with "" (read back as absent). */
  delete?(key: string): void;
}

/** What the 1.6 adapter remembers about one core transaction. */
export interface V16TxRecord {
  /** Transaction.Begin energy register, Wh, rounded to an integer (StartTransaction.meterStart). */
  meterStart: number;
  /** ISO 8601 time the core transaction started (StartTransaction.timestamp). */
  startedAt: string;
  /** 1.6 connectorId (= the EVSE id). */
  connectorId: number;
  /** The idTag StartTransaction carried (StopTransaction.idTag). */
  idTag?: string;
  /** The CSMS's transactionId, once StartTransaction was answered. */
  transactionId?: number;
}

const recordKey = (uuid: string) => `ocpp16.tx.${uuid}`;
const idKey = (id: number) => `ocpp16.txid.${id}`;
const RESET_KEY = 'ocpp16.resetType';

function isRecord(v: unknown): v is V16TxRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.meterStart === 'number' &&
    typeof r.startedAt === 'string' &&
    typeof r.connectorId === 'number' &&
    (r.idTag === undefined || typeof r.idTag === 'string') &&
    (r.transactionId === undefined || Number.isInteger(r.transactionId))
  );
}

/** The mapping over a KeyValuePort; survives restarts so RemoteStop and StopTransaction work after one. */
export class V16TxIds {
  constructor(
    private readonly kv: KeyValuePort,
    private readonly log: Logger,
  ) {}

  record(uuid: string): V16TxRecord | undefined {
    const text = this.kv.get(recordKey(uuid));
    if (text === undefined || text === '') return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed)) return parsed;
    } catch {
      // fall through
    }
    this.log.error({ tx: uuid }, 'stored OCPP 1.6 transaction record is unreadable; ignored');
    return undefined;
  }

  save(uuid: string, record: V16TxRecord): void {
    this.kv.set(recordKey(uuid), JSON.stringify(record));
    if (record.transactionId !== undefined) this.kv.set(idKey(record.transactionId), uuid);
  }

  /** The core transaction behind a 1.6 transactionId, or undefined when unknown (or already stopped). */
  uuidOf(transactionId: number): string | undefined {
    const uuid = this.kv.get(idKey(transactionId));
    return uuid === undefined || uuid === '' ? undefined : uuid;
  }

  /** The transaction was stopped (or never started on the CSMS): drop both keys. */
  forget(uuid: string): void {
    const r = this.record(uuid);
    this.remove(recordKey(uuid));
    if (r?.transactionId !== undefined) this.remove(idKey(r.transactionId));
  }

  /** The Reset type the CSMS asked for last (Hard/Soft), for the StopTransaction reason of the transactions it ends. */
  resetType(): 'Hard' | 'Soft' | undefined {
    const v = this.kv.get(RESET_KEY);
    return v === 'Hard' || v === 'Soft' ? v : undefined;
  }

  setResetType(type: 'Hard' | 'Soft'): void {
    this.kv.set(RESET_KEY, type);
  }

  private remove(key: string): void {
    if (this.kv.delete) this.kv.delete(key);
    else this.kv.set(key, '');
  }
}
