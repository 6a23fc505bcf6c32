// E14 honest device model: an AuthCtrlr variable the station does not act on is not offered as writable to true (2.x and 1.6).

import { describe, expect, it } from 'vitest';
import { coreCatalog } from '../../agent/core/device-model/core-catalog.js';
import { DeviceModel } from '../../agent/core/device-model/device-model.js';
import { MemoryPersistence } from '../../agent/core/device-model/memory-persistence.js';
import { changeV16Configuration, getV16Configuration } from '../../agent/ocpp/v16/v16-configuration.js';

const model = (): DeviceModel => new DeviceModel({ definitions: coreCatalog(), persistence: new MemoryPersistence() });

describe('E14 honest device model: AuthCtrlr', () => {
  it('E14 OfflineTxForUnknownIdEnabled is ReadOnly false: SetVariables true is Rejected (nothing authorizes unknown ids offline)', () => {
    const dm = model();
    expect(dm.get('AuthCtrlr', 'OfflineTxForUnknownIdEnabled')).toEqual({ status: 'Accepted', value: 'false' });
    expect(dm.set('AuthCtrlr', 'OfflineTxForUnknownIdEnabled', 'true').status).toBe('Rejected');
    const entry = dm.report('FullInventory').find((e) => e.variable.name === 'OfflineTxForUnknownIdEnabled');
    expect(entry?.variableAttribute[0]).toMatchObject({ value: 'false', mutability: 'ReadOnly', constant: true });
  });

  it('E14 1.6 AllowOfflineTxForUnknownId is read-only false and ChangeConfiguration true is Rejected', () => {
    const ctx = { deviceModel: model(), connectors: 1 };
    expect(getV16Configuration(['AllowOfflineTxForUnknownId'], ctx).configurationKey).toEqual([{ key: 'AllowOfflineTxForUnknownId', readonly: true, value: 'false' }]);
    expect(changeV16Configuration('AllowOfflineTxForUnknownId', 'true', ctx).status).toBe('Rejected');
  });

  it('TC_B_53_CS / TC_B_07_CS / TC_B_10_CS keep LocalAuthorizeOffline and LocalPreAuthorize ReadWrite; their description says they change nothing yet', () => {
    // TC_B_53_CS lists both as ReadWrite, TC_B_07_CS's preparation sets LocalAuthorizeOffline true and reads it back,
    // TC_B_10_CS sets it true expecting Accepted: a ReadOnly false would fail all three. With no Local Authorization
    // List and no Authorization Cache no identifier is locally authorized, so true and false behave alike.
    const dm = model();
    for (const name of ['LocalAuthorizeOffline', 'LocalPreAuthorize']) {
      expect(dm.definition('AuthCtrlr', name)?.mutability).toBe('ReadWrite');
      expect(dm.definition('AuthCtrlr', name)?.description).toMatch(/No Local Authorization List or Authorization Cache/);
    }
    expect(dm.set('AuthCtrlr', 'LocalAuthorizeOffline', 'true').status).toBe('Accepted');
  });
});
