// Device-model variables and key/value facts round-trip through close/open.
import { describe, expect, it } from 'vitest';
import { Store } from '../../agent/store/store.js';
import { openStore, tempDir } from './fixtures/temp-store.js';

/** The structural interface the device model depends on. */
interface VariablePersistence {
  loadVariables(): Array<{ key: string; value: string }>;
  saveVariable(key: string, value: string): void;
}

describe('variables', () => {
  it('saves (upserts), loads sorted by key, and deletes, across reopen', () => {
    const dir = tempDir();
    let store = Store.open(dir);
    const persistence: VariablePersistence = store;
    persistence.saveVariable('OCPPCommCtrlr/HeartbeatInterval/Actual', '300');
    persistence.saveVariable('AuthCtrlr/Enabled/Actual', 'true');
    persistence.saveVariable('OCPPCommCtrlr/HeartbeatInterval/Actual', '60');
    persistence.saveVariable('Empty', '');
    store.close();

    store = openStore(dir);
    expect(store.loadVariables()).toEqual([
      { key: 'AuthCtrlr/Enabled/Actual', value: 'true' },
      { key: 'Empty', value: '' },
      { key: 'OCPPCommCtrlr/HeartbeatInterval/Actual', value: '60' },
    ]);
    expect(store.deleteVariable('Empty')).toBe(true);
    expect(store.deleteVariable('Empty')).toBe(false);
    expect(store.loadVariables().map((v) => v.key)).toEqual([
      'AuthCtrlr/Enabled/Actual',
      'OCPPCommCtrlr/HeartbeatInterval/Actual',
    ]);
  });
});

describe('key/value', () => {
  it('round-trips, overwrites, deletes, across reopen', () => {
    const dir = tempDir();
    let store = Store.open(dir);
    expect(store.getKv('cleanShutdown')).toBeUndefined();
    store.setKv('lastBoot', '2025-01-01T00:00:00Z');
    store.setKv('cleanShutdown', 'false');
    store.setKv('cleanShutdown', 'true');
    store.close();

    store = openStore(dir);
    expect(store.getKv('lastBoot')).toBe('2025-01-01T00:00:00Z');
    expect(store.getKv('cleanShutdown')).toBe('true');
    expect(store.deleteKv('cleanShutdown')).toBe(true);
    expect(store.getKv('cleanShutdown')).toBeUndefined();
  });
});
