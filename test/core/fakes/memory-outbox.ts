// An OutboxPort in memory (what the SQLite store does, without the store), for a real OutboxSender in unit tests.

import type { OutboxPort } from '../../../agent/core/outbox/outbox-sender.js';
import type { TxEvent } from '../../../agent/core/transactions/tx-types.js';

export class MemoryOutbox implements OutboxPort {
  private queue: Array<{ id: number; payload: TxEvent; attempts: number }> = [];
  private nextId = 1;
  readonly dead: Array<{ id: number; reason: string }> = [];

  push(event: TxEvent): void {
    this.queue.push({ id: this.nextId++, payload: event, attempts: 0 });
  }

  peek(): { id: number; payload: unknown; attempts: number } | undefined {
    return this.queue[0];
  }

  ack(id: number): void {
    this.queue = this.queue.filter((m) => m.id !== id);
  }

  recordAttempt(id: number): number {
    const m = this.queue.find((q) => q.id === id);
    if (!m) return 0;
    m.attempts++;
    return m.attempts;
  }

  markDead(id: number, reason: string): void {
    this.dead.push({ id, reason });
    this.ack(id);
  }

  depth(): number {
    return this.queue.length;
  }
}
