// A TxJournal in memory: events numbered per transaction, the last stored state kept as a copy (what a restart would find).

import type { TxJournal } from '../../../agent/core/transactions/tx-journal.js';
import type { TxState } from '../../../agent/core/transactions/tx-state.js';
import type { TxEvent } from '../../../agent/core/transactions/tx-types.js';

export class MemoryJournal implements TxJournal {
  readonly events: TxEvent[] = [];
  private readonly states = new Map<string, TxState>();
  private readonly seq = new Map<string, number>();
  /** Called with every recorded event (e.g. a MemoryOutbox's push). */
  onRecord: ((e: TxEvent) => void) | undefined;

  record(state: TxState, event: Omit<TxEvent, 'seqNo'>): TxEvent {
    const seqNo = this.seq.get(state.transactionId) ?? 0;
    this.seq.set(state.transactionId, seqNo + 1);
    this.save(state);
    const stored: TxEvent = { ...event, seqNo };
    this.events.push(stored);
    this.onRecord?.(stored);
    return stored;
  }

  save(state: TxState): void {
    this.states.set(state.transactionId, structuredClone(state));
  }

  openTransactions(): TxState[] {
    return [...this.states.values()].filter((s) => !s.ended).map((s) => structuredClone(s));
  }

  /** "eventType/triggerReason" of every event, in order (a readable trace for assertions). */
  trace(): string[] {
    return this.events.map((e) => `${e.eventType}/${e.triggerReason}`);
  }

  last(): TxEvent | undefined {
    return this.events[this.events.length - 1];
  }
}
