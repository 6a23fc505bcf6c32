// End to end: a prepaid amount sent as maxCost; the station prices the session with its tariff, reports running cost and stops at the amount.

import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, STATION_ID, transactionEvents, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const events = transactionEvents;

describe('maxCost (OCPP 2.1 transactionLimit.maxCost)', () => {
  it('E16 the station stops at maxCost under its tariff (CostLimitReached), within one minor unit, with costDetails in RunningCost and Ended', async () => {
    // 3.00 EUR/kWh so that 0.10 EUR lasts ~5.5 s at 22 kW.
    h = await startHarness({
      tariff: { currency: 'EUR', pricePerKwh: 3 },
      csms: { pricePerKwh: 3, currency: 'EUR' },
      ocppDefaults: { 'TariffCostCtrlr.Interval[Cost]': 1 },
    });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    h.rig.evse(1).ev.plug();
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 0.1, method: 'card', limitBy: 'cost' });
    await until(() => events(h!).some((e) => e.eventType === 'Ended'), 20_000, 'Ended');
    const all = events(h);
    const limitSet = all.find((e) => e.triggerReason === 'LimitSet');
    expect(limitSet?.transactionInfo.transactionLimit?.maxCost).toBe(0.1);
    const running = all.filter((e) => e.triggerReason === 'RunningCost');
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(running.every((e) => e.costDetails?.totalCost?.currency === 'EUR')).toBe(true);
    const ended = all.find((e) => e.eventType === 'Ended')!;
    expect(ended.triggerReason).toBe('CostLimitReached');
    expect(ended.transactionInfo.stoppedReason).toBe('LocalOutOfCredit');
    const total = ended.costDetails?.totalCost?.total.inclTax ?? ended.costDetails?.totalCost?.total.exclTax;
    expect(total).toBeDefined();
    expect(Math.abs((total ?? 0) - 0.1)).toBeLessThanOrEqual(0.01);
    // The energy the station billed matches the meter: 0.10 EUR / 3 EUR/kWh = 33.3 Wh.
    expect(ended.costDetails?.totalUsage?.energy).toBeGreaterThan(32);
    expect(ended.costDetails?.totalUsage?.energy).toBeLessThan(35);
  });
});
