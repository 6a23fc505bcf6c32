// C01/E03 and I08: a token presented at the station (POST /authorize on the loopback kiosk server) is authorized by the CSMS; a driver-specific tariff in the answer prices the session.

import { afterEach, describe, expect, it } from 'vitest';
import type { TariffType } from '../../agent/core/types/v21.js';
import { freePort, startedEvent, startHarness, STATION_ID, transactionEvents, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const events = transactionEvents;

async function present(harness: Harness, body: unknown): Promise<{ code: number; json: Record<string, unknown> }> {
  const res = await fetch(`${harness.agent.display.kiosk!.url}authorize`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { code: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('local authorization', () => {
  it('E03 an accepted token authorizes the EVSE (triggerReason Authorized with the idToken); an unknown one is refused; bad input is a 400', async () => {
    h = await startHarness({ kioskPort: await freePort() });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    h.csms.setTokenStatus('BLOCKED-1', 'Blocked');
    await until(() => h!.agent.snapshot().registration === 'Accepted', 5_000, 'registration Accepted');
    const blocked = await present(h, { evseId: 1, idToken: 'BLOCKED-1' });
    expect(blocked.json.status, JSON.stringify(blocked.json)).toBe('Blocked');
    expect((await present(h, { evseId: 'x', idToken: 'A' })).code).toBe(400);
    h.rig.evse(1).ev.plug();
    await until(() => events(h!).some((e) => e.eventType === 'Started'), 10_000, 'Started on plug-in');
    const r = await present(h, { evseId: 1, idToken: '04A2B3C4D5', type: 'ISO14443' });
    expect(r.json.status).toBe('Accepted');
    await until(() => h!.rig.evse(1).contactor.closed, 10_000, 'charging');
    // the contactor closes on the station's own; the Authorized event reaches the CSMS when the link delivers it
    const auth = await h.csms.waitForTransactionEvent(STATION_ID, (e) => e.triggerReason === 'Authorized', 10_000, { what: 'the TransactionEvent Authorized' });
    expect(auth.idToken).toEqual({ idToken: '04A2B3C4D5', type: 'ISO14443' });
    const authorizeCalls = h.csms.connectedStation(STATION_ID).log.filter((x) => x.direction === 'in' && x.action === 'Authorize' && x.kind === 'CALL');
    expect(authorizeCalls.length).toBe(2);
  });

  it('I08 a driver-specific tariff in the AuthorizeResponse prices that session (Ended costDetails name it)', async () => {
    h = await startHarness({ kioskPort: await freePort(), tariff: { currency: 'EUR', pricePerKwh: 0.3 } });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    const driver: TariffType = { tariffId: 'DRIVER-1', currency: 'EUR', energy: { prices: [{ priceKwh: 0.2 }] } };
    h.csms.setDriverTariff('CARD-7', driver);
    await until(() => h!.agent.snapshot().registration === 'Accepted', 5_000, 'registration Accepted');
    h.rig.evse(1).ev.plug();
    expect((await present(h, { evseId: 1, idToken: 'CARD-7' })).json.status).toBe('Accepted');
    await until(() => h!.rig.evse(1).contactor.closed, 10_000, 'charging');
    await new Promise((r) => setTimeout(r, 1500));
    const txId = (await startedEvent(h)).transactionInfo.transactionId;
    expect((await h.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: txId })).status).toBe('Accepted');
    await until(() => events(h!).some((e) => e.eventType === 'Ended'), 10_000, 'Ended');
    const ended = events(h).find((e) => e.eventType === 'Ended')!;
    expect(ended.costDetails?.chargingPeriods?.map((p) => p.tariffId)).toContain('DRIVER-1');
  });

  it('I08 the token presented after the transaction started at plug-in (default tariff bound): the driver tariff prices the whole session', async () => {
    h = await startHarness({ kioskPort: await freePort(), tariff: { currency: 'EUR', pricePerKwh: 0.3 } });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    h.csms.setDriverTariff('CARD-7', { tariffId: 'DRIVER-1', currency: 'EUR', energy: { prices: [{ priceKwh: 0.2 }] } });
    await until(() => h!.agent.snapshot().registration === 'Accepted', 5_000, 'registration Accepted');
    h.rig.evse(1).ev.plug();
    const txId = (await startedEvent(h)).transactionInfo.transactionId; // started without a token
    expect((await present(h, { evseId: 1, idToken: 'CARD-7' })).json.status).toBe('Accepted');
    await until(() => h!.rig.evse(1).contactor.closed, 10_000, 'charging');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await h.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: txId })).status).toBe('Accepted');
    const ended = await h.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended', 10_000);
    expect(ended.costDetails?.chargingPeriods?.map((p) => p.tariffId)).toEqual(['DRIVER-1']);
  });
});

describe('I08 HandleFailedTariff: a driver-specific tariff the station cannot process', () => {
  // The station's currency is EUR: a USD tariff is refused (NoCurrencyChange), so the driver tariff "fails".
  const USD: TariffType = { tariffId: 'DRIVER-USD', currency: 'USD', energy: { prices: [{ priceKwh: 0.2 }] } };

  async function withFailedTariff(handling: string | undefined): Promise<Harness> {
    const harness = await startHarness({
      kioskPort: await freePort(),
      tariff: { currency: 'EUR', pricePerKwh: 0.3 },
      ...(handling ? { ocppDefaults: { 'TariffCostCtrlr.HandleFailedTariff[Tariff]': handling } } : {}),
    });
    await harness.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    await until(() => harness.agent.snapshot().registration === 'Accepted', 5_000, 'registration Accepted');
    harness.csms.setDriverTariff('CARD-USD', USD);
    harness.rig.evse(1).ev.plug();
    return harness;
  }

  async function problemVariable(harness: Harness): Promise<string | undefined> {
    const r = await harness.csms.call(STATION_ID, 'GetVariables', { getVariableData: [{ component: { name: 'TariffCostCtrlr' }, variable: { name: 'Problem' } }] });
    return r.getVariableResult[0]?.attributeValue;
  }

  async function chargeAndEnd(harness: Harness) {
    await until(() => harness.rig.evse(1).contactor.closed, 10_000, 'charging');
    await new Promise((r) => setTimeout(r, 1200));
    const txId = (await startedEvent(harness)).transactionInfo.transactionId;
    expect((await harness.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: txId })).status).toBe('Accepted');
    await until(() => events(harness).some((e) => e.eventType === 'Ended'), 10_000, 'Ended');
    return events(harness).find((e) => e.eventType === 'Ended')!;
  }

  it('Deauthorize: the token is refused, no transaction starts, TariffCostCtrlr.Problem is true', async () => {
    h = await withFailedTariff('Deauthorize');
    const r = await present(h, { evseId: 1, idToken: 'CARD-USD' });
    expect(r.json.status).toBe('Rejected');
    expect(String(r.json.reason)).toMatch(/HandleFailedTariff/);
    await new Promise((res) => setTimeout(res, 500));
    expect(h.rig.evse(1).contactor.closed).toBe(false);
    expect(events(h).some((e) => e.triggerReason === 'Authorized')).toBe(false);
    expect(await problemVariable(h)).toBe('true');
  });

  it('UseDefaultTariff (the default): the session is authorized and priced with the default tariff', async () => {
    h = await withFailedTariff(undefined);
    expect((await present(h, { evseId: 1, idToken: 'CARD-USD' })).json.status).toBe('Accepted');
    const ended = await chargeAndEnd(h);
    const tariffIds = ended.costDetails?.chargingPeriods?.map((p) => p.tariffId) ?? [];
    expect(tariffIds.length).toBeGreaterThan(0);
    expect(tariffIds).not.toContain('DRIVER-USD');
    expect(await problemVariable(h)).toBe('true');
  });

  it('CentralCost: the session is authorized and not priced locally (no costDetails); the CSMS owns the cost', async () => {
    h = await withFailedTariff('CentralCost');
    expect((await present(h, { evseId: 1, idToken: 'CARD-USD' })).json.status).toBe('Accepted');
    const ended = await chargeAndEnd(h);
    expect(ended.costDetails).toBeUndefined();
    expect(events(h).some((e) => e.triggerReason === 'RunningCost')).toBe(false);
  });

  it('CentralCost with the token presented after the transaction started at plug-in: its default tariff is dropped, no costDetails', async () => {
    h = await withFailedTariff('CentralCost');
    await startedEvent(h); // started without a token, the default tariff bound
    expect((await present(h, { evseId: 1, idToken: 'CARD-USD' })).json.status).toBe('Accepted');
    const ended = await chargeAndEnd(h);
    expect(ended.costDetails).toBeUndefined();
    expect(events(h).some((e) => e.triggerReason === 'RunningCost')).toBe(false);
  });
});

