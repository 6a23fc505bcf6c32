// TariffCostCtrlr fallback messages on the station display: no tariff, offline, and no total cost at the end.

import { afterEach, describe, expect, it } from 'vitest';
import { startedEvent, startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const displayOf = (harness: Harness, evseId = 1) => harness.agent.display.display.current().find((s) => s.evseId === evseId)!;

const MESSAGES = {
  'TariffCostCtrlr.TariffFallbackMessage': 'Price shown on the payment page',
  'TariffCostCtrlr.OfflineTariffFallbackMessage': 'Offline: card payments only',
  'TariffCostCtrlr.TotalCostFallbackMessage': 'Your receipt follows by SMS',
};

describe('TariffCostCtrlr fallback messages on the display', () => {
  it('no tariff: TariffFallbackMessage is the price text; a CSMS default tariff replaces it; offline: OfflineTariffFallbackMessage beside the tariff', async () => {
    h = await startHarness({ ocppDefaults: MESSAGES });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    await until(() => h!.agent.snapshot().registration === 'Accepted', 5_000, 'registration Accepted');
    await until(() => displayOf(h!).price?.text === 'Price shown on the payment page', 3_000, 'the tariff fallback message');
    expect(displayOf(h).price?.perKwh).toBeUndefined();

    const set = await h.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 0, tariff: { tariffId: 'T-1', currency: 'EUR', energy: { prices: [{ priceKwh: 0.42 }] } } });
    expect(set.status).toBe('Accepted');
    h.agent.display.display.refreshAll();
    await until(() => displayOf(h!).price?.perKwh !== undefined, 3_000, 'the tariff price');
    expect(displayOf(h).price?.perKwh).toMatch(/0\.42/);
    expect(displayOf(h).price?.text).not.toBe('Price shown on the payment page');

    await h.csms.close(); // the CSMS goes away: the station is offline
    await until(() => displayOf(h!).price?.text === 'Offline: card payments only', 5_000, 'the offline message');
    expect(displayOf(h).price?.perKwh).toMatch(/0\.42/); // the local tariff still prices the session
  });

  it('no total cost known at the end (no tariff, no cost from the CSMS): the summary shows TotalCostFallbackMessage', async () => {
    h = await startHarness({ ocppDefaults: MESSAGES });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    await until(() => h!.agent.snapshot().registration === 'Accepted', 5_000, 'registration Accepted');
    h.rig.evse(1).ev.plug();
    const start = await h.csms.call(STATION_ID, 'RequestStartTransaction', { idToken: { idToken: 'FLEET-1', type: 'Central' }, remoteStartId: 77, evseId: 1 });
    expect(start.status).toBe('Accepted');
    await until(() => h!.rig.evse(1).contactor.closed, 10_000, 'charging');
    await new Promise((r) => setTimeout(r, 1000));
    const txId = (await startedEvent(h)).transactionInfo.transactionId;
    await h.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: txId });
    await until(() => displayOf(h!).phase === 'finished', 5_000, 'the session summary');
    const summary = displayOf(h).summary!;
    expect(summary.totalCost).toBeUndefined();
    expect(summary.priceText).toBe('Your receipt follows by SMS');
    expect(summary.energyWh).toBeGreaterThan(0);
  });
});
