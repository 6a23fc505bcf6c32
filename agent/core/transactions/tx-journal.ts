// What the transaction logic needs from persistence: state and event written together, before anything is sent.

import type { TxState } from './tx-state.js';
import type { TxEvent } from './tx-types.js';

export interface TxJournal {
  /**
   * Durably stores `state` and queues the event (giving it the transaction's next seqNo) in one
   * atomic step, and returns the event as queued. Called before the event is sent or acted upon.
   */
  record(state: TxState, event: Omit<TxEvent, 'seqNo'>): TxEvent;
  /** Stores the state alone (e.g. the latest energy register). */
  save(state: TxState): void;
  /** Transactions not yet ended, as last stored. */
  openTransactions(): TxState[];
}
