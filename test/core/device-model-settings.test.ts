// One settings path: named keys read from the device model, defaults only from the catalog.

import { describe, expect, it } from 'vitest';
import { coreCatalog } from '../../agent/core/device-model/core-catalog.js';
import { DeviceModel, DeviceModelError } from '../../agent/core/device-model/device-model.js';
import { DM } from '../../agent/core/device-model/keys.js';
import { MemoryPersistence } from '../../agent/core/device-model/memory-persistence.js';
import { settingsOf } from '../../agent/core/device-model/settings.js';
import { parseVariableKey } from '../../agent/core/device-model/variable-key.js';
import { tariffCostCatalog } from '../../agent/core/tariffs/tariff-cost-catalog.js';

const model = (overrides: Record<string, string> = {}) =>
  new DeviceModel({ definitions: [...coreCatalog(), ...tariffCostCatalog({ currency: 'EUR' })], persistence: new MemoryPersistence(), overrides });

describe('device-model settings', () => {
  it('every named key is defined by a catalog', () => {
    const dm = model();
    for (const key of Object.values(DM)) {
      const { component, variable } = parseVariableKey(key);
      expect(dm.has(component, variable), key).toBe(true);
    }
  });

  it("reads the catalog's defaults, not a second set (HeartbeatInterval 300, MessageAttempts 5, MessageAttemptInterval 60)", () => {
    const s = settingsOf(model());
    expect(s.int(DM.HeartbeatInterval)).toBe(300);
    expect(s.int(DM.MessageAttempts)).toBe(5);
    expect(s.int(DM.MessageAttemptInterval)).toBe(60);
    expect(s.int(DM.EVConnectionTimeOut)).toBe(60);
    expect(s.bool(DM.StopTxOnInvalidId)).toBe(true);
    expect(s.list(DM.TxUpdatedMeasurands)).toEqual(['Energy.Active.Import.Register', 'Power.Active.Import']);
  });

  it('a set value wins; write goes through the device model', () => {
    const dm = model({ [DM.HeartbeatInterval]: '42' });
    const s = settingsOf(dm);
    expect(s.int(DM.HeartbeatInterval)).toBe(42);
    s.write(DM.HeartbeatInterval, '17');
    expect(dm.int({ name: 'OCPPCommCtrlr' }, { name: 'HeartbeatInterval' })).toBe(17);
  });

  it('a key without a readable value or a default throws (BasicAuthPassword is WriteOnly)', () => {
    const s = settingsOf(model());
    expect(s.raw(DM.BasicAuthPassword)).toBeUndefined();
    expect(() => s.int(DM.BasicAuthPassword)).toThrow(DeviceModelError);
  });
});
