// Outbox: send order, ack, persisted attempts, dead-lettering that unblocks the queue, payload updates.
import { describe, expect, it } from 'vitest';
import { Store, StoreError } from '../../agent/store/store.js';
import { openStore, tempDir } from './fixtures/temp-store.js';

describe('outbox', () => {
  it('keeps messages in enqueue order; peek returns the oldest; ack removes it', () => {
    const store = openStore(tempDir());
    expect(store.peek()).toBeUndefined();
    expect(store.depth()).toBe(0);
    const before = Date.now();
    const a = store.enqueue({ kind: 'TransactionEvent', transactionId: 'tx1', payload: { seqNo: 0 } });
    const b = store.enqueue({ kind: 'TransactionEvent', transactionId: 'tx1', payload: { seqNo: 1 }, producedOffline: true });
    const c = store.enqueue({ kind: 'MeterValues', payload: [1, 2, 3] });
    expect(a.id).toBeLessThan(b.id);
    expect(b.id).toBeLessThan(c.id);
    expect(a).toEqual({
      id: a.id,
      kind: 'TransactionEvent',
      transactionId: 'tx1',
      payload: { seqNo: 0 },
      producedOffline: false,
      attempts: 0,
      createdAt: a.createdAt,
    });
    expect(a.createdAt).toBeGreaterThanOrEqual(before);
    expect(a.createdAt).toBeLessThanOrEqual(Date.now());
    expect(b.producedOffline).toBe(true);
    expect(c.transactionId).toBeUndefined();
    expect(store.depth()).toBe(3);
    expect(store.peek()?.id).toBe(a.id);
    expect(store.list(2).map((m) => m.id)).toEqual([a.id, b.id]);
    expect(store.list(10).map((m) => m.payload)).toEqual([{ seqNo: 0 }, { seqNo: 1 }, [1, 2, 3]]);

    expect(store.ack(a.id)).toBe(true);
    expect(store.ack(a.id)).toBe(false);
    expect(store.peek()?.id).toBe(b.id);
    expect(store.depth()).toBe(2);
  });

  it('survives close/open with order, attempts and last error intact', () => {
    const dir = tempDir();
    let store = Store.open(dir);
    const a = store.enqueue({ kind: 'TransactionEvent', payload: { n: 1 } });
    const b = store.enqueue({ kind: 'TransactionEvent', payload: { n: 2 } });
    expect(store.recordAttempt(a.id)).toBe(1);
    expect(store.recordAttempt(a.id, 'timeout')).toBe(2);
    store.close();

    store = openStore(dir);
    const head = store.peek();
    expect(head).toMatchObject({ id: a.id, attempts: 2, lastError: 'timeout', payload: { n: 1 } });
    expect(head?.lastAttemptAt).toBeTypeOf('number');
    expect(store.recordAttempt(a.id, 'CALLERROR InternalError')).toBe(3);
    expect(store.list(10).map((m) => m.id)).toEqual([a.id, b.id]);
    expect(store.list(10)[1]?.attempts).toBe(0);
  });

  it('markDead moves an exhausted message to dead_letters and lets the next one go', () => {
    const dir = tempDir();
    let store = Store.open(dir);
    const bad = store.enqueue({ kind: 'TransactionEvent', transactionId: 'tx', payload: { poison: true } });
    const next = store.enqueue({ kind: 'TransactionEvent', transactionId: 'tx', payload: { ok: true } });
    for (let i = 0; i < 3; i++) store.recordAttempt(bad.id, 'FormationViolation');
    store.markDead(bad.id, 'rejected 3 times: FormationViolation');
    expect(store.peek()?.id).toBe(next.id);
    expect(store.depth()).toBe(1);
    store.close();

    store = openStore(dir);
    expect(store.peek()?.id).toBe(next.id);
    const dead = store.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      id: bad.id,
      kind: 'TransactionEvent',
      transactionId: 'tx',
      payload: { poison: true },
      attempts: 3,
      lastError: 'FormationViolation',
      reason: 'rejected 3 times: FormationViolation',
    });
    expect(dead[0]?.deadAt).toBeGreaterThanOrEqual(bad.createdAt);
    expect(() => store.markDead(bad.id, 'again')).toThrow(StoreError);
    expect(store.ack(bad.id)).toBe(false);
  });

  it('never reuses an id, even after the queue drains and the store reopens', () => {
    const dir = tempDir();
    let store = Store.open(dir);
    const a = store.enqueue({ kind: 'k', payload: 1 });
    const b = store.enqueue({ kind: 'k', payload: 2 });
    store.ack(a.id);
    store.markDead(b.id, 'x');
    expect(store.depth()).toBe(0);
    store.close();
    store = openStore(dir);
    const c = store.enqueue({ kind: 'k', payload: 3 });
    expect(c.id).toBeGreaterThan(b.id);
  });

  it('updatePayload rewrites the payload in place, keeping the position', () => {
    const store = openStore(tempDir());
    const a = store.enqueue({ kind: 'TransactionEvent', payload: { seqNo: 0 } });
    store.enqueue({ kind: 'TransactionEvent', payload: { seqNo: 1 } });
    store.updatePayload(a.id, { seqNo: 0, offline: true });
    expect(store.peek()).toMatchObject({ id: a.id, payload: { seqNo: 0, offline: true } });
    expect(() => store.updatePayload(9999, {})).toThrow(/outbox message 9999: no such message/);
  });

  it('rejects bad input and unknown ids with clear errors, writing nothing', () => {
    const store = openStore(tempDir());
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => store.enqueue({ kind: 'TransactionEvent', payload: cyclic })).toThrow(/TransactionEvent payload is not JSON-serialisable/);
    expect(() => store.enqueue({ kind: 'TransactionEvent', payload: undefined })).toThrow(/not JSON-serialisable/);
    expect(() => store.enqueue({ kind: '', payload: {} })).toThrow(/kind must be a non-empty string/);
    expect(() => store.recordAttempt(42)).toThrow(/outbox message 42: no such message/);
    expect(() => store.markDead(42, 'x')).toThrow(/dead-letter outbox message 42/);
    expect(store.depth()).toBe(0);
  });
});
