// The transaction journal over the SQLite store: state, seqNo and queued event written in one durable step.

import { limitsInUnits } from '../core/limits/transaction-limits.js';
import type { TxJournal } from '../core/transactions/tx-journal.js';
import type { TxState } from '../core/transactions/tx-state.js';
import type { TxEvent } from '../core/transactions/tx-types.js';
import type { Store, TransactionUpsert } from '../store/store.js';

function toRecord(s: TxState): TransactionUpsert {
  return {
    transactionId: s.transactionId,
    evseId: s.evseId,
    connectorId: s.connectorId,
    startedAt: s.startedAt,
    meterStartWh: s.startEnergyWh,
    limits: limitsInUnits(s.limits),
    data: { tx: s },
  };
}

export class StoreJournal implements TxJournal {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  record(state: TxState, event: Omit<TxEvent, 'seqNo'>): TxEvent {
    return this.store.atomically(() => {
      this.store.upsertTransaction(toRecord(state));
      const seqNo = this.store.allocateSeqNo(state.transactionId);
      const full: TxEvent = { ...event, seqNo };
      this.store.enqueue({ kind: 'TransactionEvent', transactionId: state.transactionId, payload: full, producedOffline: event.offline });
      if (state.ended) this.store.endTransaction(state.transactionId, this.now());
      return full;
    });
  }

  save(state: TxState): void {
    this.store.upsertTransaction(toRecord(state));
  }

  openTransactions(): TxState[] {
    return this.store
      .openTransactions()
      .map((r) => r.data.tx as TxState | undefined)
      .filter((t): t is TxState => t !== undefined);
  }
}
