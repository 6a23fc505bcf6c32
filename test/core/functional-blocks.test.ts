// The core's functional blocks on their own: boot reason across a Reset, availability across a restart, HandleFailedTariff, setting-change dispatch.

import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { availabilityBlock, availabilityKey } from '../../agent/core/availability/availability-block.js';
import { combineBlocks } from '../../agent/core/blocks/combine-blocks.js';
import type { ConnectionPort, StationContext, StationEvse } from '../../agent/core/context.js';
import { coreCatalog } from '../../agent/core/device-model/core-catalog.js';
import { DeviceModel } from '../../agent/core/device-model/device-model.js';
import { DM } from '../../agent/core/device-model/keys.js';
import { MemoryPersistence } from '../../agent/core/device-model/memory-persistence.js';
import { settingsOf } from '../../agent/core/device-model/settings.js';
import { stationComponents } from '../../agent/core/device-model/station-components.js';
import { connectionBlock } from '../../agent/core/provisioning/connection-block.js';
import { BOOT_REASON_KEY, provisioningBlock } from '../../agent/core/provisioning/provisioning-block.js';
import type { StationCore } from '../../agent/core/station/station-core.js';
import { tariffCostBlock } from '../../agent/core/tariffs/tariff-cost-block.js';
import { tariffCostCatalog } from '../../agent/core/tariffs/tariff-cost-catalog.js';
import type { TariffStore } from '../../agent/core/tariffs/tariff-store.js';
import { meterValuesBlock } from '../../agent/core/transactions/meter-values-block.js';

const logger = pino({ level: 'silent' });

function fakeEvse(id: number): StationEvse & { operative: boolean } {
  const e = {
    id,
    operative: true,
    controller: {
      status: () => (e.operative ? 'Available' : 'Unavailable'),
      setOperative: vi.fn(async (op: boolean) => {
        e.operative = op;
        return 'Accepted' as const;
      }),
    },
    meter: {},
  };
  return e as unknown as StationEvse & { operative: boolean };
}

function context(o: { kv?: Map<string, string>; evses?: StationEvse[] } = {}) {
  const kvMap = o.kv ?? new Map<string, string>();
  const deviceModel = new DeviceModel({
    definitions: [
      ...coreCatalog(),
      ...stationComponents({ vendor: 'v', model: 'm', evses: [1, 2].map((id) => ({ id, maxPowerW: 11000, phases: 3 as const, connectors: [{ id: 1, type: 'cType2' }] })) }),
      ...tariffCostCatalog({ currency: 'EUR' }),
    ],
    persistence: new MemoryPersistence(),
    logger,
  });
  const core = Object.assign(new EventEmitter(), {
    setBootReason: vi.fn(),
    heartbeatIntervalChanged: vi.fn(),
    alignedDataChanged: vi.fn(),
    protocol: 'ocpp2.0.1',
  });
  const connection = { usesBasicAuth: true, update: vi.fn(), reconnect: vi.fn() } satisfies ConnectionPort;
  const ctx: StationContext = {
    deviceModel,
    settings: settingsOf(deviceModel),
    kv: { get: (k) => kvMap.get(k), set: (k, v) => void kvMap.set(k, v), delete: (k) => void kvMap.delete(k) },
    evses: o.evses ?? [],
    core: core as unknown as StationCore,
    connection,
    logger,
    now: () => 0,
  };
  return { ctx, core, kvMap, deviceModel, connection };
}

describe('provisioning block', () => {
  it('TC_B_22_CS the boot reason stored before a Reset is given to the next boot, once', async () => {
    const { ctx, core, kvMap } = context();
    const block = provisioningBlock(ctx);
    block.hooks?.persistBootReason?.('RemoteReset');
    expect(kvMap.get(BOOT_REASON_KEY)).toBe('RemoteReset');
    await block.start?.();
    expect(core.setBootReason).toHaveBeenCalledWith('RemoteReset');
    expect(kvMap.has(BOOT_REASON_KEY)).toBe(false);
  });

  it('an unknown stored boot reason is dropped, not sent', async () => {
    const { ctx, core, kvMap } = context({ kv: new Map([[BOOT_REASON_KEY, 'Bogus']]) });
    await provisioningBlock(ctx).start?.();
    expect(core.setBootReason).not.toHaveBeenCalled();
    expect(kvMap.has(BOOT_REASON_KEY)).toBe(false);
  });
});

describe('availability block', () => {
  it('G03.FR.08 an EVSE made Inoperative stays Inoperative after a restart; the others stay Operative', async () => {
    const evses = [fakeEvse(1), fakeEvse(2)];
    const first = context({ evses });
    availabilityBlock(first.ctx).hooks?.persistAvailability?.(2, false);
    expect(first.kvMap.get(availabilityKey(2))).toBe('Inoperative');
    // the restart: a new context over the same kv table
    const fresh = [fakeEvse(1), fakeEvse(2)];
    const after = context({ kv: first.kvMap, evses: fresh });
    await availabilityBlock(after.ctx).start?.();
    expect(fresh[0]?.operative).toBe(true);
    expect(fresh[1]?.operative).toBe(false);
    expect(fresh[0]?.controller.setOperative).not.toHaveBeenCalled();
  });

  it("each connector status is mirrored to the EVSE's and Connector's AvailabilityState", async () => {
    const { ctx, core, deviceModel } = context({ evses: [fakeEvse(1)] });
    await availabilityBlock(ctx).start?.();
    core.emit('status', 1, 'Occupied');
    expect(deviceModel.str({ name: 'EVSE', evse: { id: 1 } }, { name: 'AvailabilityState' })).toBe('Occupied');
    expect(deviceModel.str({ name: 'Connector', evse: { id: 1, connectorId: 1 } }, { name: 'AvailabilityState' })).toBe('Occupied');
  });
});

describe('tariffs-and-cost block', () => {
  const rejecting = { receiveDriverTariff: () => ({ status: 'Rejected' }), useCentralCost: vi.fn() } as unknown as TariffStore;
  const tariff = { tariffId: 't', currency: 'EUR' };

  it('I08 a driver tariff that cannot be processed sets TariffCostCtrlr.Problem; Deauthorize refuses the token', () => {
    const { ctx, deviceModel } = context();
    deviceModel.set({ name: 'TariffCostCtrlr' }, { name: 'HandleFailedTariff', instance: 'Tariff' }, 'Deauthorize');
    const proceed = tariffCostBlock(ctx, rejecting).hooks?.onDriverTariff?.({ idToken: 'A', type: 'ISO14443' }, tariff, 1);
    expect(proceed).toBe(false);
    expect(deviceModel.str({ name: 'TariffCostCtrlr' }, { name: 'Problem' })).toBe('true');
  });

  it("I08 HandleFailedTariff's catalog default (UseDefaultTariff) lets the session go on", () => {
    const { ctx, deviceModel } = context();
    expect(tariffCostBlock(ctx, rejecting).hooks?.onDriverTariff?.({ idToken: 'A', type: 'ISO14443' }, tariff, 1)).toBe(true);
    expect(deviceModel.str({ name: 'TariffCostCtrlr' }, { name: 'Problem' })).toBe('true');
  });
});

describe('setting-change dispatch', () => {
  it('B08 a new HeartbeatInterval re-arms the heartbeat; an AlignedDataCtrlr change re-arms the clock (whoever set it)', () => {
    const { ctx, core, deviceModel } = context();
    combineBlocks(deviceModel, [provisioningBlock(ctx), meterValuesBlock(ctx)], logger);
    ctx.settings.write(DM.HeartbeatInterval, '120');
    expect(core.heartbeatIntervalChanged).toHaveBeenCalledTimes(1);
    ctx.settings.write(DM.AlignedDataInterval, '900');
    ctx.settings.write(DM.AlignedDataTxEndedInterval, '900');
    expect(core.alignedDataChanged).toHaveBeenCalledTimes(2);
    expect(core.heartbeatIntervalChanged).toHaveBeenCalledTimes(1);
  });

  it('A01 a new BasicAuthPassword is used at once: the connection gets it and reconnects', () => {
    vi.useFakeTimers();
    try {
      const { ctx, deviceModel, connection } = context();
      combineBlocks(deviceModel, [connectionBlock(ctx)], logger);
      ctx.settings.write(DM.BasicAuthPassword, 'New-Password-0123456');
      expect(connection.update).toHaveBeenCalledWith({ basicAuthPassword: 'New-Password-0123456' });
      expect(connection.reconnect).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1000);
      expect(connection.reconnect).toHaveBeenCalledTimes(1);
      ctx.settings.write(DM.WebSocketPingInterval, '45');
      expect(connection.update).toHaveBeenCalledWith({ pingIntervalSec: 45 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failing reaction is logged and does not stop the other blocks', () => {
    const { ctx, core, deviceModel } = context();
    const boom = { name: 'boom', settings: { [DM.HeartbeatInterval]: () => { throw new Error('boom'); } } };
    combineBlocks(deviceModel, [boom, provisioningBlock(ctx)], logger);
    ctx.settings.write(DM.HeartbeatInterval, '77');
    expect(core.heartbeatIntervalChanged).toHaveBeenCalledTimes(1);
  });
});
