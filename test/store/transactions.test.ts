// Transactions table, seqNo allocation across reopen, and atomically() commit/rollback.
import { describe, expect, it } from 'vitest';
import { Store, StoreError } from '../../agent/store/store.js';
import { openStore, tempDir } from './fixtures/temp-store.js';

const base = { transactionId: 'tx-1', evseId: 1, connectorId: 1, startedAt: 1_700_000_000_000, meterStartWh: 1234.5 };

describe('transactions', () => {
  it('round-trips a record with limits and extra data; lists open ones; ends one', () => {
    const store = openStore(tempDir());
    const rec = store.upsertTransaction({
      ...base,
      limits: { maxEnergyWh: 10_000, maxTimeS: 3600, maxCost: 12.5, maxSoC: 80 },
      data: { idToken: { idToken: 'ABC', type: 'ISO14443' }, chargingState: 'Charging' },
    });
    expect(rec).toEqual({
      ...base,
      state: 'active',
      nextSeqNo: 0,
      limits: { maxEnergyWh: 10_000, maxTimeS: 3600, maxCost: 12.5, maxSoC: 80 },
      data: { idToken: { idToken: 'ABC', type: 'ISO14443' }, chargingState: 'Charging' },
    });
    store.upsertTransaction({ ...base, transactionId: 'tx-2', evseId: 2, connectorId: 1, startedAt: base.startedAt + 1 });
    expect(store.getTransaction('tx-2')).toMatchObject({ limits: {}, data: {}, state: 'active' });
    expect(store.getTransaction('nope')).toBeUndefined();
    expect(store.openTransactions().map((t) => t.transactionId)).toEqual(['tx-1', 'tx-2']);

    store.endTransaction('tx-1', base.startedAt + 60_000);
    expect(store.getTransaction('tx-1')).toMatchObject({ state: 'ended', endedAt: base.startedAt + 60_000 });
    expect(store.openTransactions().map((t) => t.transactionId)).toEqual(['tx-2']);
    expect(() => store.endTransaction('nope', 1)).toThrow(/cannot end transaction nope/);

    // upsert replaces fields (here: clears the limits)
    store.upsertTransaction({ ...base, state: 'ended', endedAt: 5, limits: {} });
    expect(store.getTransaction('tx-1')?.limits).toEqual({});
    expect(store.deleteTransaction('tx-1')).toBe(true);
    expect(store.deleteTransaction('tx-1')).toBe(false);
  });

  it('allocateSeqNo is monotonic and never reuses a number across close/open', () => {
    const dir = tempDir();
    let store = Store.open(dir);
    store.upsertTransaction(base);
    expect([store.allocateSeqNo('tx-1'), store.allocateSeqNo('tx-1'), store.allocateSeqNo('tx-1')]).toEqual([0, 1, 2]);
    store.close();
    store = Store.open(dir);
    expect(store.getTransaction('tx-1')?.nextSeqNo).toBe(3);
    expect(store.allocateSeqNo('tx-1')).toBe(3);
    store.close();
    store = openStore(dir);
    expect(store.allocateSeqNo('tx-1')).toBe(4);
    expect(() => store.allocateSeqNo('unknown')).toThrow(/seqNo for transaction unknown: no such transaction/);
  });

  it('upsert never lowers nextSeqNo (a stale record cannot cause a reused seqNo)', () => {
    const store = openStore(tempDir());
    store.upsertTransaction(base);
    for (let i = 0; i < 5; i++) store.allocateSeqNo('tx-1');
    expect(store.upsertTransaction({ ...base, nextSeqNo: 2 }).nextSeqNo).toBe(5);
    expect(store.upsertTransaction({ ...base, nextSeqNo: 9 }).nextSeqNo).toBe(9);
    expect(store.allocateSeqNo('tx-1')).toBe(9);
  });

  it('rejects invalid records naming the field', () => {
    const store = openStore(tempDir());
    expect(() => store.upsertTransaction({ ...base, transactionId: '' })).toThrow(/transactionId must be a non-empty string/);
    expect(() => store.upsertTransaction({ ...base, evseId: -1 })).toThrow(/evseId must be a non-negative integer/);
    expect(() => store.upsertTransaction({ ...base, meterStartWh: Number.NaN })).toThrow(/meterStartWh/);
    expect(() => store.upsertTransaction({ ...base, nextSeqNo: 1.5 })).toThrow(/nextSeqNo/);
    expect(() => store.upsertTransaction({ ...base, state: 'paused' as 'active' })).toThrow(/state must be/);
    expect(() => store.upsertTransaction({ ...base, data: [] as unknown as Record<string, unknown> })).toThrow(/data must be a JSON object/);
    expect(store.openTransactions()).toEqual([]);
  });
});

describe('atomically', () => {
  it('commits allocate seqNo + enqueue + update transaction as one step', () => {
    const dir = tempDir();
    let store = Store.open(dir);
    store.upsertTransaction(base);
    const result = store.atomically(() => {
      const seqNo = store.allocateSeqNo('tx-1');
      const msg = store.enqueue({ kind: 'TransactionEvent', transactionId: 'tx-1', payload: { seqNo } });
      store.upsertTransaction({ ...base, data: { lastSeqNo: seqNo } });
      return { seqNo, id: msg.id };
    });
    expect(result.seqNo).toBe(0);
    store.close();
    store = openStore(dir);
    expect(store.peek()).toMatchObject({ id: result.id, payload: { seqNo: 0 } });
    expect(store.getTransaction('tx-1')).toMatchObject({ nextSeqNo: 1, data: { lastSeqNo: 0 } });
  });

  it('rolls back everything when fn throws, and rethrows the error', () => {
    const dir = tempDir();
    let store = Store.open(dir);
    store.upsertTransaction(base);
    store.setKv('k', 'before');
    const boom = new Error('meter read failed');
    expect(() =>
      store.atomically(() => {
        store.allocateSeqNo('tx-1');
        store.enqueue({ kind: 'TransactionEvent', transactionId: 'tx-1', payload: {} });
        store.upsertTransaction({ ...base, meterStartWh: 999 });
        store.endTransaction('tx-1', 1);
        store.setKv('k', 'after');
        store.saveVariable('v', '1');
        throw boom;
      }),
    ).toThrow(boom);
    const check = (s: Store) => {
      expect(s.depth()).toBe(0);
      expect(s.getTransaction('tx-1')).toMatchObject({ nextSeqNo: 0, meterStartWh: 1234.5, state: 'active' });
      expect(s.getKv('k')).toBe('before');
      expect(s.loadVariables()).toEqual([]);
    };
    check(store);
    store.close();
    store = openStore(dir);
    check(store);
    expect(store.allocateSeqNo('tx-1')).toBe(0);
  });

  it('rolls back a nested step alone when the outer step catches its error', () => {
    const store = openStore(tempDir());
    store.atomically(() => {
      store.setKv('outer', '1');
      try {
        store.atomically(() => {
          store.setKv('inner', '1');
          throw new Error('inner');
        });
      } catch {
        // expected
      }
    });
    expect(store.getKv('outer')).toBe('1');
    expect(store.getKv('inner')).toBeUndefined();
  });

  it('rejects an async fn and rolls back what it wrote before returning', () => {
    const store = openStore(tempDir());
    expect(() =>
      store.atomically(() => {
        store.setKv('k', 'v');
        return Promise.resolve(1);
      }),
    ).toThrow(/cannot return a promise/);
    expect(store.getKv('k')).toBeUndefined();
  });

  it('throws StoreError (not a crash) for invalid input inside a step, leaving nothing behind', () => {
    const store = openStore(tempDir());
    expect(() =>
      store.atomically(() => {
        store.enqueue({ kind: 'a', payload: 1 });
        store.enqueue({ kind: 'b', payload: () => 1 });
      }),
    ).toThrow(StoreError);
    expect(store.depth()).toBe(0);
  });
});
