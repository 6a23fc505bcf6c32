// A DeviceModelPersistence held in memory: for tests and for runs that keep nothing (the agent uses the SQLite one).

import type { DeviceModelPersistence } from './types.js';

export class MemoryPersistence implements DeviceModelPersistence {
  readonly values = new Map<string, string>();
  /** Set to make the next saves throw, as a full or read-only disk would. */
  failSaves = false;

  loadVariables(): Array<{ key: string; value: string }> {
    return [...this.values].map(([key, value]) => ({ key, value }));
  }

  saveVariable(key: string, value: string): void {
    if (this.failSaves) throw new Error('storage unavailable');
    this.values.set(key, value);
  }
}
