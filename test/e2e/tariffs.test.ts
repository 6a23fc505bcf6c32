// End to end (OCPP 2.1, real agent): tariff messages I07–I11 and their statuses, costDetails (I12), the config's default tariff, persistence, maxCost (E16).

import { afterEach, describe, expect, it } from 'vitest';
import type { CostDetailsType, TariffType, TransactionEventRequest } from '../../agent/core/types/v21.js';
import { startCharging, startHarness, STATION_ID, until, type Harness, type HarnessOptions } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(o: HarnessOptions): Promise<Harness> {
  h = await startHarness({ versions: ['ocpp2.1'], ...o });
  await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
  return h;
}

const session = (harness: Harness) => harness.csms.connectedStation(STATION_ID);

const events = (harness: Harness): TransactionEventRequest[] =>
  session(harness)
    .log.filter((r) => r.direction === 'in' && r.kind === 'CALL' && r.action === 'TransactionEvent')
    .map((r) => r.payload as unknown as TransactionEventRequest);

/** CALLERRORs the simulator sent back (a schema-invalid message from the station gets one). */
const errorsSentBack = (harness: Harness) => session(harness).log.filter((r) => r.direction === 'out' && r.kind === 'CALLERROR');

/** A flat energy tariff in EUR. */
function energyTariff(tariffId: string, priceKwh: number, extra: Partial<TariffType> = {}): TariffType {
  return { tariffId, currency: 'EUR', energy: { prices: [{ priceKwh }] }, ...extra };
}

async function getTariffs(harness: Harness, evseId: number) {
  return harness.csms.call(STATION_ID, 'GetTariffs', { evseId });
}

/** GetTariffs(evseId) as "tariffId:kind:evseIds" strings, sorted (empty for NoTariff). */
async function assignments(harness: Harness, evseId: number): Promise<string[]> {
  const r = await getTariffs(harness, evseId);
  return (r.tariffAssignments ?? []).map((a) => `${a.tariffId}:${a.tariffKind}:${(a.evseIds ?? []).join(',')}`).sort();
}

async function getVariable(harness: Harness, name: string, instance?: string): Promise<string | undefined> {
  const r = await harness.csms.call(STATION_ID, 'GetVariables', {
    getVariableData: [{ component: { name: 'TariffCostCtrlr' }, variable: instance !== undefined ? { name, instance } : { name } }],
  });
  const res = r.getVariableResult[0];
  return res?.attributeStatus === 'Accepted' ? res.attributeValue : `(${res?.attributeStatus})`;
}

async function setVariable(harness: Harness, name: string, value: string, instance?: string): Promise<string | undefined> {
  const r = await harness.csms.call(STATION_ID, 'SetVariables', {
    setVariableData: [{ component: { name: 'TariffCostCtrlr' }, variable: instance !== undefined ? { name, instance } : { name }, attributeValue: value }],
  });
  return r.setVariableResult[0]?.attributeStatus;
}

const PRICE_COMPONENTS = ['fixed', 'energy', 'chargingTime', 'idleTime', 'reservationTime', 'reservationFixed'] as const;

/** Checks that a costDetails adds up: total = sum of components (both amounts), in whole minor units (EUR: cents). */
function expectAddsUp(d: CostDetailsType | undefined, what: string): void {
  expect(d, `${what}: costDetails present`).toBeDefined();
  const t = d!.totalCost;
  let excl = 0;
  let incl = 0;
  for (const c of PRICE_COMPONENTS) {
    excl += t[c]?.exclTax ?? 0;
    incl += t[c]?.inclTax ?? 0;
  }
  expect(t.typeOfCost).toBe('NormalCost');
  expect(t.total.exclTax, `${what}: total.exclTax = sum of components`).toBeCloseTo(excl, 9);
  expect(t.total.inclTax, `${what}: total.inclTax = sum of components`).toBeCloseTo(incl, 9);
  for (const v of [t.total.exclTax ?? 0, t.total.inclTax ?? 0]) expect(Math.abs(v * 100 - Math.round(v * 100))).toBeLessThan(1e-6);
  expect(d!.chargingPeriods?.length ?? 0, `${what}: at least one charging period`).toBeGreaterThanOrEqual(1);
}

/** The value of a dimension of a charging period (0 when absent). */
function dim(d: CostDetailsType, period: number, type: string): number {
  return d.chargingPeriods?.[period]?.dimensions?.find((x) => x.type === type)?.volume ?? 0;
}

describe('tariff messages (OCPP 2.1 I07, I09, I10)', () => {
  it('I07/I09 SetDefaultTariff is Accepted and GetTariffs lists it with its evseIds; the config default covers the other EVSEs; a later evseId 0 tariff supersedes both; a future validFrom waits', async () => {
    const harness = await start({ evses: 2, tariff: { currency: 'EUR', pricePerKwh: 0.3 } });
    // Before any CSMS tariff: the config's default tariff on both EVSEs.
    expect(await assignments(harness, 0)).toEqual(['config-default:DefaultTariff:1,2']);

    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 1, tariff: energyTariff('T-A', 0.4) })).status).toBe('Accepted');
    expect(await assignments(harness, 0)).toEqual(['T-A:DefaultTariff:1', 'config-default:DefaultTariff:2']);
    expect(await assignments(harness, 1)).toEqual(['T-A:DefaultTariff:1']);
    expect(await assignments(harness, 2)).toEqual(['config-default:DefaultTariff:2']);
    const unknown = await getTariffs(harness, 3);
    expect(unknown.status).toBe('Rejected');

    // evseId 0: every EVSE; the newer tariff replaces T-A on EVSE 1 and the config default on EVSE 2.
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 0, tariff: energyTariff('T-B', 0.5) })).status).toBe('Accepted');
    expect(await assignments(harness, 0)).toEqual(['T-B:DefaultTariff:1,2']);

    // A tariff valid from an hour from now is listed with its validFrom next to the one in force.
    const validFrom = new Date(Date.now() + 3_600_000).toISOString();
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 1, tariff: energyTariff('T-C', 0.6, { validFrom }) })).status).toBe('Accepted');
    const r = await getTariffs(harness, 1);
    expect(r.status).toBe('Accepted');
    expect(r.tariffAssignments?.find((a) => a.tariffId === 'T-C')?.validFrom).toBe(validFrom);
    expect(r.tariffAssignments?.map((a) => a.tariffId).sort()).toEqual(['T-B', 'T-C']);
    expect(errorsSentBack(harness)).toEqual([]);
  });

  it('I07 SetDefaultTariff statuses: unknown EVSE Rejected, other currency Rejected, more than MaxElements TooManyElements, same id other content DuplicateTariffId, Enabled[Tariff] false Rejected', async () => {
    const harness = await start({ evses: 1, tariff: { currency: 'EUR', pricePerKwh: 0.3 } });
    const set = (evseId: number, tariff: TariffType) => harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId, tariff });

    const unknownEvse = await set(2, energyTariff('T-1', 0.4));
    expect(unknownEvse.status).toBe('Rejected');
    expect(unknownEvse.statusInfo?.reasonCode).toBe('UnknownEvse');

    expect(await getVariable(harness, 'Currency')).toBe('EUR');
    const usd = await set(1, { ...energyTariff('T-USD', 0.4), currency: 'USD' });
    expect(usd.status).toBe('Rejected');
    expect(usd.statusInfo?.additionalInfo).toMatch(/USD.*EUR/);

    expect(await getVariable(harness, 'MaxElements', 'Tariff')).toBe('20');
    const many: TariffType = { tariffId: 'T-MANY', currency: 'EUR', energy: { prices: Array.from({ length: 21 }, (_, i) => ({ priceKwh: 0.3 + i / 100, conditions: { minEnergy: i * 1000 } })) } };
    expect((await set(1, many)).status).toBe('TooManyElements');
    const twenty: TariffType = { ...many, tariffId: 'T-20', energy: { prices: many.energy!.prices.slice(0, 20) } };
    expect((await set(1, twenty)).status).toBe('Accepted');

    // The same tariffId again: same content is fine (idempotent), other content is DuplicateTariffId.
    expect((await set(1, twenty)).status).toBe('Accepted');
    expect((await set(1, { ...twenty, energy: { prices: [{ priceKwh: 9 }] } })).status).toBe('DuplicateTariffId');

    // Malformed condition values are Rejected, not silently ignored.
    const badTime = await set(1, { tariffId: 'T-BAD', currency: 'EUR', energy: { prices: [{ priceKwh: 0.3, conditions: { startTimeOfDay: '25:00' } }] } });
    expect(badTime.status).toBe('Rejected');
    expect(badTime.statusInfo?.reasonCode).toBe('InvalidValue');

    expect(await setVariable(harness, 'Enabled', 'false', 'Tariff')).toBe('Accepted');
    const disabled = await set(1, energyTariff('T-2', 0.4));
    expect(disabled.status).toBe('Rejected');
    expect(disabled.statusInfo?.reasonCode).toBe('NotEnabled');
    expect(errorsSentBack(harness)).toEqual([]);
  });

  it('I07/I11 ConditionNotSupported when the station is configured without condition support (TariffCostCtrlr.ConditionsSupported[Tariff] false)', async () => {
    const harness = await start({
      tariff: { currency: 'EUR', pricePerKwh: 0.3 },
      ocppDefaults: { 'TariffCostCtrlr.ConditionsSupported[Tariff]': false, 'TariffCostCtrlr.MaxElements[Tariff]': 2 },
    });
    const conditional: TariffType = { tariffId: 'T-TOD', currency: 'EUR', energy: { prices: [{ priceKwh: 0.2, conditions: { startTimeOfDay: '22:00', endTimeOfDay: '06:00' } }, { priceKwh: 0.4 }] } };
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 1, tariff: conditional })).status).toBe('ConditionNotSupported');
    const three: TariffType = { tariffId: 'T-3', currency: 'EUR', energy: { prices: [{ priceKwh: 0.1 }, { priceKwh: 0.2 }, { priceKwh: 0.3 }] } };
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 1, tariff: three })).status).toBe('TooManyElements');

    const tx = await startCharging(harness);
    const change = await harness.csms.call(STATION_ID, 'ChangeTransactionTariff', { transactionId: tx, tariff: conditional });
    expect(change.status).toBe('ConditionNotSupported');
    expect((await harness.csms.call(STATION_ID, 'ChangeTransactionTariff', { transactionId: tx, tariff: three })).status).toBe('TooManyElements');
  });

  it('I10 ClearTariffs by tariffId and by evseId: Accepted, NoTariff for what is not there, Rejected for the config-file default', async () => {
    const harness = await start({ evses: 2, tariff: { currency: 'EUR', pricePerKwh: 0.3 } });
    const clear = (req: { tariffIds?: string[]; evseId?: number }) => harness.csms.call(STATION_ID, 'ClearTariffs', req);
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 1, tariff: energyTariff('T-A', 0.4) })).status).toBe('Accepted');
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 2, tariff: energyTariff('T-B', 0.5) })).status).toBe('Accepted');
    expect(await assignments(harness, 0)).toEqual(['T-A:DefaultTariff:1', 'T-B:DefaultTariff:2']);

    expect((await clear({ tariffIds: ['T-A', 'T-X'] })).clearTariffsResult).toEqual([
      { tariffId: 'T-A', status: 'Accepted' },
      { tariffId: 'T-X', status: 'NoTariff' },
    ]);
    expect((await clear({ tariffIds: ['T-A'] })).clearTariffsResult).toEqual([{ tariffId: 'T-A', status: 'NoTariff' }]);
    const config = (await clear({ tariffIds: ['config-default'] })).clearTariffsResult;
    expect(config[0]?.status).toBe('Rejected');
    // EVSE 1 is back on the config's default tariff.
    expect(await assignments(harness, 0)).toEqual(['T-B:DefaultTariff:2', 'config-default:DefaultTariff:1']);

    // By EVSE: T-B on EVSE 1 does not exist (NoTariff); on EVSE 2 it does.
    expect((await clear({ tariffIds: ['T-B'], evseId: 1 })).clearTariffsResult).toEqual([{ tariffId: 'T-B', status: 'NoTariff' }]);
    expect((await clear({ evseId: 2 })).clearTariffsResult).toEqual([{ tariffId: 'T-B', status: 'Accepted' }]);
    expect((await clear({})).clearTariffsResult).toEqual([{ status: 'NoTariff' }]);
    expect(await assignments(harness, 0)).toEqual(['config-default:DefaultTariff:1,2']);
    expect(errorsSentBack(harness)).toEqual([]);
  });

  it('I09 GetTariffs without any tariff (no config default, none set) answers NoTariff', async () => {
    const harness = await start({});
    expect((await getTariffs(harness, 0)).status).toBe('NoTariff');
    expect((await harness.csms.call(STATION_ID, 'ClearTariffs', {})).clearTariffsResult).toEqual([{ status: 'NoTariff' }]);
  });
});

describe('default tariffs, persistence and costDetails (OCPP 2.1 I07, I12, TariffCostCtrlr)', () => {
  it('I07 a CSMS default tariff takes precedence over the config default: the display price changes and the next transaction is priced with it', async () => {
    const harness = await start({ tariff: { currency: 'EUR', pricePerKwh: 0.3 }, meterPollMs: 250 });
    const display = () => harness.agent.display.display.current()[0]?.price;
    expect(display()?.perKwh).toBe('0.30 EUR/kWh');
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 1, tariff: energyTariff('T-CSMS', 0.45) })).status).toBe('Accepted');
    // The price on the display follows the tariff in force at once (an Accepted SetDefaultTariff refreshes it).
    await until(() => display()?.perKwh === '0.45 EUR/kWh', 2_000, 'the display to show the CSMS price');

    const tx = await startCharging(harness);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await harness.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: tx })).status).toBe('Accepted');
    const ended = await harness.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === tx, 10_000);
    const d = ended.costDetails!;
    expectAddsUp(d, 'Ended');
    expect(d.chargingPeriods?.map((p) => p.tariffId)).toEqual(['T-CSMS']);
    const wh = d.totalUsage.energy;
    expect(wh).toBeGreaterThan(0);
    expect(d.totalCost.energy?.exclTax).toBeCloseTo(Math.round((wh / 1000) * 0.45 * 100) / 100, 2);
  });

  it('TariffCostCtrlr values persist across a restart, and so does a SetDefaultTariff', async () => {
    const harness = await start({ tariff: { currency: 'EUR', pricePerKwh: 0.3 } });
    expect(await getVariable(harness, 'Available', 'Tariff')).toBe('true');
    expect(await getVariable(harness, 'Available', 'Cost')).toBe('true');
    expect(await setVariable(harness, 'Interval', '7', 'Cost')).toBe('Accepted');
    expect(await setVariable(harness, 'TariffFallbackMessage', 'Ask the attendant for prices')).toBe('Accepted');
    expect(await setVariable(harness, 'Enabled', 'false', 'RunningCost')).toBe('Accepted');
    expect(await setVariable(harness, 'Currency', 'eur')).toBe('Rejected'); // not an ISO 4217 code
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 1, tariff: energyTariff('T-KEEP', 0.41) })).status).toBe('Accepted');
    expect(await setVariable(harness, 'Currency', 'KES')).toBe('Accepted');

    const mark = session(harness).mark();
    await harness.stopAgent();
    await harness.restartAgent();
    await harness.csms.waitForBoot(STATION_ID, 'Accepted', 10_000, { fromIndex: mark });
    expect(await getVariable(harness, 'Interval', 'Cost')).toBe('7');
    expect(await getVariable(harness, 'TariffFallbackMessage')).toBe('Ask the attendant for prices');
    expect(await getVariable(harness, 'Enabled', 'RunningCost')).toBe('false');
    expect(await getVariable(harness, 'Currency')).toBe('KES');
    expect(await assignments(harness, 1)).toEqual(['T-KEEP:DefaultTariff:1']);
    // The currency now in force: a EUR tariff is Rejected, a KES one Accepted.
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 1, tariff: energyTariff('T-EUR', 0.4) })).status).toBe('Rejected');
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 1, tariff: { ...energyTariff('T-KES', 40), currency: 'KES' } })).status).toBe('Accepted');
  });

  it('I12 RunningCost and Ended costDetails are schema-valid and add up (fixed fee, energy, charging time, tax), at Interval[Cost]', async () => {
    const harness = await start({
      tariff: { currency: 'EUR', pricePerKwh: 0.3, perMinute: 0.6, sessionFee: 0.5, taxPercent: 16 },
      ocppDefaults: { 'TariffCostCtrlr.Interval[Cost]': 1 },
      meterPollMs: 250,
    });
    const tx = await startCharging(harness);
    await until(() => events(harness).filter((e) => e.triggerReason === 'RunningCost').length >= 3, 10_000, 'three RunningCost events');
    expect((await harness.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: tx })).status).toBe('Accepted');
    await harness.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === tx, 10_000);
    const all = events(harness).filter((e) => e.transactionInfo.transactionId === tx);
    const running = all.filter((e) => e.triggerReason === 'RunningCost');
    const ended = all.find((e) => e.eventType === 'Ended')!;
    // The simulator validates every message against the 2.1 schemas: none was answered with a CALLERROR.
    expect(errorsSentBack(harness)).toEqual([]);
    expect(session(harness).violations).toEqual([]);
    for (const [i, e] of running.entries()) expectAddsUp(e.costDetails, `RunningCost #${i}`);
    expectAddsUp(ended.costDetails, 'Ended');
    // Running cost grows; roughly one update per second while charging.
    const totals = running.map((e) => e.costDetails!.totalCost.total.inclTax ?? 0);
    expect([...totals].sort((a, b) => a - b)).toEqual(totals);
    const times = running.map((e) => Date.parse(e.timestamp));
    const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
    const medianGap = gaps[gaps.length >> 1] ?? 0;
    expect(medianGap).toBeGreaterThan(700);
    expect(medianGap).toBeLessThan(1500);
    const d = ended.costDetails!;
    const t = d.totalCost;
    expect(t.currency).toBe('EUR');
    expect(t.fixed).toEqual({ exclTax: 0.5, inclTax: 0.58, taxRates: [{ type: 'VAT', tax: 16, stack: 0 }] });
    // Energy: the Ended energy × 0.30 EUR/kWh (+16 %); charging time × 0.60 EUR/min.
    const wh = d.totalUsage.energy;
    expect(wh).toBeCloseTo(dim(d, 0, 'Energy'), 3);
    expect(t.energy?.exclTax).toBeCloseTo(Math.round((wh / 1000) * 0.3 * 100) / 100, 2);
    expect(t.energy?.inclTax).toBeCloseTo(Math.round((wh / 1000) * 0.3 * 1.16 * 100) / 100, 2);
    const chargingS = dim(d, 0, 'ChargingTime');
    expect(chargingS).toBeGreaterThan(2);
    expect(t.chargingTime?.exclTax).toBeCloseTo(Math.round((chargingS / 60) * 0.6 * 100) / 100, 2);
    expect(dim(d, 0, 'MaxPower')).toBeGreaterThan(20_000);
    // The ended total is the last word: not below the last running cost.
    expect(t.total.inclTax).toBeGreaterThanOrEqual(totals[totals.length - 1] ?? 0);
  });
});

describe('ChangeTransactionTariff (OCPP 2.1 I11)', () => {
  it('I11 Accepted for an ongoing transaction: the Ended costDetails shows a charging period per tariff; TxNotFound for an unknown transaction; NoCurrencyChange for another currency; Rejected for a tariffId in use with other content', async () => {
    const harness = await start({ tariff: { currency: 'EUR', pricePerKwh: 0.3 }, meterPollMs: 250, ocppDefaults: { 'TariffCostCtrlr.Interval[Cost]': 1 } });
    const tx = await startCharging(harness);
    const unknown = await harness.csms.call(STATION_ID, 'ChangeTransactionTariff', { transactionId: 'no-such-transaction', tariff: energyTariff('T-NEW', 0.9) });
    expect(unknown.status).toBe('TxNotFound');
    const usd = await harness.csms.call(STATION_ID, 'ChangeTransactionTariff', { transactionId: tx, tariff: { ...energyTariff('T-USD', 0.9), currency: 'USD' } });
    expect(usd.status).toBe('NoCurrencyChange');
    // A tariffId already installed with other content (the config default's id) is Rejected.
    const dup = await harness.csms.call(STATION_ID, 'ChangeTransactionTariff', { transactionId: tx, tariff: energyTariff('config-default', 0.9) });
    expect(dup.status).toBe('Rejected');
    await new Promise((r) => setTimeout(r, 1500));
    const changedAt = Date.now();
    expect((await harness.csms.call(STATION_ID, 'ChangeTransactionTariff', { transactionId: tx, tariff: energyTariff('T-NEW', 0.9) })).status).toBe('Accepted');
    // The station reports the change (triggerReason TariffChanged) with the costs up to a fresh reading.
    const changedEvent = await harness.csms.waitForTransactionEvent(STATION_ID, (e) => e.triggerReason === 'TariffChanged' && e.transactionInfo.transactionId === tx, 5_000);
    expect(changedEvent.costDetails?.chargingPeriods?.at(-1)?.tariffId).toBe('T-NEW');
    const answeredAt = Date.now();
    expect(await assignments(harness, 1)).toContain('T-NEW:DriverTariff:1');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await harness.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: tx })).status).toBe('Accepted');
    const ended = await harness.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === tx, 10_000);
    const d = ended.costDetails!;
    expectAddsUp(d, 'Ended');
    expect(d.chargingPeriods?.map((p) => p.tariffId)).toEqual(['config-default', 'T-NEW']);
    // The second period starts at the change: at the last meter reading (250 ms poll) before the station handled it.
    const split = Date.parse(d.chargingPeriods![1]!.startPeriod);
    expect(split).toBeLessThanOrEqual(answeredAt);
    expect(split).toBeGreaterThan(changedAt - 1500);
    const e1 = dim(d, 0, 'Energy');
    const e2 = dim(d, 1, 'Energy');
    expect(e1).toBeGreaterThan(3);
    expect(e2).toBeGreaterThan(3);
    expect(e1 + e2).toBeCloseTo(d.totalUsage.energy, 2);
    // Each period at its own price: 0.30 then 0.90 EUR/kWh.
    expect(d.totalCost.energy?.exclTax).toBeCloseTo(Math.round(((e1 * 0.3 + e2 * 0.9) / 1000) * 100) / 100, 2);
    // After the transaction the transaction tariff is gone.
    expect((await harness.csms.call(STATION_ID, 'ChangeTransactionTariff', { transactionId: tx, tariff: energyTariff('T-NEW', 0.9) })).status).toBe('TxNotFound');
    expect(errorsSentBack(harness)).toEqual([]);
  });
});

/** "HH:MM" (UTC = the station's local time in tests) of a ms-since-epoch instant on a whole minute. */
const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

describe('time-of-day prices and maxCost (OCPP 2.1 I12, E16)', () => {
  it('E16/I12 a time-of-day price change mid-session: two charging periods split at the boundary, and maxCost stops within one minor unit (22 kW, 1 s meter poll)', async () => {
    const P1 = 0.5; // EUR/kWh before the boundary
    const P2 = 2; // after: 1 cent = 5 Wh = 0.8 s at 22 kW
    const harness = await start({ tariff: { currency: 'EUR', pricePerKwh: 0.3 }, meterPollMs: 1000, ocppDefaults: { 'TariffCostCtrlr.Interval[Cost]': 1 } });
    // The next whole minute at least 14 s away: the price changes there.
    let boundary = Math.ceil(Date.now() / 60_000) * 60_000;
    if (boundary - Date.now() < 14_000) boundary += 60_000;
    const tariff: TariffType = {
      tariffId: 'T-TOD',
      currency: 'EUR',
      energy: { prices: [{ priceKwh: P1, conditions: { startTimeOfDay: hhmm(boundary - 30 * 60_000), endTimeOfDay: hhmm(boundary) } }, { priceKwh: P2 }] },
    };
    expect((await harness.csms.call(STATION_ID, 'SetDefaultTariff', { evseId: 1, tariff })).status).toBe('Accepted');
    harness.rig.evse(1).ev.plug();
    await harness.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Started', 10_000);
    // Pay ~7 s before the boundary: about 6 s at P1 (0.018 EUR) and then ~3.5 s at P2 (0.043 EUR).
    const maxCost = 0.06;
    await new Promise((r) => setTimeout(r, Math.max(0, boundary - 7_000 - Date.now())));
    const paid = await harness.csms.pay({ stationId: STATION_ID, evseId: 1, amount: maxCost, method: 'card', limitBy: 'cost' });
    expect(paid.status).toBe('Accepted');
    await until(() => events(harness).some((e) => e.eventType === 'Ended'), 40_000, 'Ended');
    const ended = events(harness).find((e) => e.eventType === 'Ended')!;
    expect(ended.triggerReason).toBe('CostLimitReached');
    expect(ended.transactionInfo.stoppedReason).toBe('LocalOutOfCredit');
    expect(Date.parse(ended.timestamp)).toBeGreaterThan(boundary);
    const d = ended.costDetails!;
    expectAddsUp(d, 'Ended');
    expect(d.chargingPeriods?.length).toBe(2);
    expect(d.chargingPeriods?.map((p) => p.tariffId)).toEqual(['T-TOD', 'T-TOD']);
    expect(d.chargingPeriods?.[1]?.startPeriod).toBe(new Date(boundary).toISOString());
    const e1 = dim(d, 0, 'Energy');
    const e2 = dim(d, 1, 'Energy');
    expect(e1).toBeGreaterThan(10);
    expect(e2).toBeGreaterThan(10);
    expect(d.totalCost.energy?.exclTax).toBeCloseTo(Math.round(((e1 * P1 + e2 * P2) / 1000) * 100) / 100, 2);
    // The goal: within one minor unit of maxCost.
    const total = d.totalCost.total.inclTax ?? NaN;
    expect(Math.abs(total - maxCost)).toBeLessThanOrEqual(0.01 + 1e-9);
    expect(harness.rig.evse(1).contactor.closed).toBe(false);
    expect(errorsSentBack(harness)).toEqual([]);
    expect(session(harness).violations).toEqual([]);
  }, 120_000);
});
