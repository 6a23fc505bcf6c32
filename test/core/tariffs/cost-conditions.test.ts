// Each tariff condition kind, charging periods split exactly at a time-of-day boundary, a session across midnight, schema-valid costDetails.

import { describe, expect, it } from 'vitest';
import type { TariffType } from '../../../agent/core/types/v21.js';
import { CostSession, type CostSessionOptions } from '../../../agent/core/tariffs/cost-calculator.js';
import { fixedOffset, localParts, timeZoneOffset } from '../../../agent/core/tariffs/local-time.js';
import { inTimeWindow } from '../../../agent/core/tariffs/tariff-conditions.js';
import { SchemaValidator } from '../../../agent/ocpp/schema-validator.js';

const MIN = 60_000;
const REG = 10_000;
/** Monday 2025-01-06 10:00 UTC. */
const MONDAY = Date.UTC(2025, 0, 6, 10, 0, 0);

interface Step {
  at: number;
  wh: number;
  charging?: boolean;
  powerW?: number;
  currentA?: number;
}

function run(tariff: TariffType, steps: Step[], extra: Partial<CostSessionOptions> = {}, t0 = MONDAY): CostSession {
  const s = new CostSession({ tariff, startedAt: t0, startEnergyWh: REG, ...extra });
  for (const st of steps) {
    const charging = st.charging ?? true;
    s.update({ timestamp: t0 + st.at * MIN, energyWh: REG + st.wh, charging, idle: !charging, powerW: st.powerW, currentA: st.currentA });
  }
  return s;
}

const energyTariff = (prices: NonNullable<TariffType['energy']>['prices']): TariffType => ({ tariffId: 'C', currency: 'EUR', energy: { prices } });
const energyCost = (s: CostSession): number | undefined => s.costDetails().totalCost.energy?.exclTax;

describe('conditions: first element whose conditions all hold', () => {
  it('dayOfWeek: a weekend price does not apply on Monday, does on Saturday', () => {
    const t = energyTariff([{ priceKwh: 0.2, conditions: { dayOfWeek: ['Saturday', 'Sunday'] } }, { priceKwh: 0.3 }]);
    // 10 kWh Monday × 0.30 = 3.00; Saturday 2025-01-11 × 0.20 = 2.00
    expect(energyCost(run(t, [{ at: 60, wh: 10_000 }]))).toBe(3);
    expect(energyCost(run(t, [{ at: 60, wh: 10_000 }], {}, Date.UTC(2025, 0, 11, 10)))).toBe(2);
  });

  it('validFromDate inclusive / validToDate exclusive (local dates)', () => {
    const t = energyTariff([{ priceKwh: 0.1, conditions: { validFromDate: '2025-01-01', validToDate: '2025-01-06' } }, { priceKwh: 0.3 }]);
    // Jan 6 is the (exclusive) end: 0.30; Jan 5 and Jan 1 are inside: 0.10
    expect(energyCost(run(t, [{ at: 60, wh: 10_000 }]))).toBe(3);
    expect(energyCost(run(t, [{ at: 60, wh: 10_000 }], {}, Date.UTC(2025, 0, 5, 10)))).toBe(1);
    expect(energyCost(run(t, [{ at: 60, wh: 10_000 }], {}, Date.UTC(2025, 0, 1, 0)))).toBe(1);
  });

  it('evseKind: a DC price applies on a DC EVSE only', () => {
    const t = energyTariff([{ priceKwh: 0.6, conditions: { evseKind: 'DC' } }, { priceKwh: 0.3 }]);
    expect(energyCost(run(t, [{ at: 60, wh: 10_000 }], { evseKind: 'DC' }))).toBe(6);
    expect(energyCost(run(t, [{ at: 60, wh: 10_000 }], { evseKind: 'AC' }))).toBe(3);
  });

  it('minEnergy/maxEnergy: the first 10 kWh at 0.20, the rest at 0.40, split exactly at 10 000 Wh', () => {
    // one reading of 15 kWh over 60 min: 10 × 0.20 + 5 × 0.40 = 2.00 + 2.00 = 4.00;
    // the energy is linear in time, so 10 kWh is reached at 40 min → the 2nd period starts at 10:40
    const t = energyTariff([{ priceKwh: 0.2, conditions: { maxEnergy: 10_000 } }, { priceKwh: 0.4, conditions: { minEnergy: 10_000 } }]);
    const s = run(t, [{ at: 60, wh: 15_000 }]);
    expect(energyCost(s)).toBe(4);
    const periods = s.costDetails().chargingPeriods ?? [];
    expect(periods.map((p) => p.startPeriod)).toEqual(['2025-01-06T10:00:00.000Z', '2025-01-06T10:40:00.000Z']);
    expect(periods.map((p) => p.dimensions?.find((d) => d.type === 'Energy')?.volume)).toEqual([10_000, 5000]);
  });

  it('minPower/maxPower: slow charging (< 11 kW) at 0.25, fast at 0.40', () => {
    // 1 h at 7 kW = 7 kWh × 0.25 = 1.75; 1 h at 22 kW = 22 kWh × 0.40 = 8.80 → 10.55
    const t = energyTariff([{ priceKwh: 0.25, conditions: { maxPower: 11_000 } }, { priceKwh: 0.4, conditions: { minPower: 11_000 } }]);
    const s = run(t, [{ at: 60, wh: 7000, powerW: 7000 }, { at: 120, wh: 29_000, powerW: 22_000 }]);
    expect(energyCost(s)).toBe(10.55);
    const dims = (s.costDetails().chargingPeriods ?? []).map((p) => p.dimensions?.find((d) => d.type === 'MaxPower')?.volume);
    expect(dims).toEqual([7000, 22_000]);
  });

  it('minCurrent/maxCurrent: ≥ 32 A (sum of phases) at 0.45, else 0.30', () => {
    // 10 kWh at 16 A × 0.30 = 3.00; 20 kWh at 48 A × 0.45 = 9.00 → 12.00
    const t = energyTariff([{ priceKwh: 0.45, conditions: { minCurrent: 32 } }, { priceKwh: 0.3, conditions: { maxCurrent: 32 } }]);
    expect(energyCost(run(t, [{ at: 60, wh: 10_000, currentA: 16 }, { at: 120, wh: 30_000, currentA: 48 }]))).toBe(12);
  });

  it('minTime/maxTime: the first hour of the transaction free of time cost, then 0.10 €/min', () => {
    // readings every 25 min up to 100 min; the 60 min threshold falls inside 50–75 and is split there:
    // 40 min after the first hour × 0.10 = 4.00
    const t: TariffType = { tariffId: 'C', currency: 'EUR', chargingTime: { prices: [{ priceMinute: 0, conditions: { maxTime: 3600 } }, { priceMinute: 0.1, conditions: { minTime: 3600 } }] } };
    const s = run(t, [25, 50, 75, 100].map((at) => ({ at, wh: at * 100 })));
    expect(s.costDetails().totalCost.chargingTime?.exclTax).toBe(4);
    expect((s.costDetails().chargingPeriods ?? []).map((p) => p.startPeriod)).toEqual(['2025-01-06T10:00:00.000Z', '2025-01-06T11:00:00.000Z']);
  });

  it('minChargingTime: energy after 30 min of charging costs more; idle minutes do not count', () => {
    // 20 min charging 10 kWh @0.20 = 2.00; 20 min idle; 20 min charging 10 kWh: the first 10 min (reaching 30 min
    // of charging) 5 kWh @0.20 = 1.00, the next 5 kWh @0.30 = 1.50 → 4.50
    const t = energyTariff([{ priceKwh: 0.2, conditions: { maxChargingTime: 1800 } }, { priceKwh: 0.3, conditions: { minChargingTime: 1800 } }]);
    const s = run(t, [{ at: 20, wh: 10_000 }, { at: 40, wh: 10_000, charging: false }, { at: 60, wh: 20_000 }]);
    expect(energyCost(s)).toBe(4.5);
  });

  it('minIdleTime: an idle fee after 30 min of idle grace', () => {
    // 60 min charging, then 50 min idle: 20 min past the grace × 0.50 = 10.00
    const t: TariffType = { tariffId: 'C', currency: 'EUR', idleTime: { prices: [{ priceMinute: 0.5, conditions: { minIdleTime: 1800 } }] } };
    const s = run(t, [{ at: 60, wh: 20_000 }, { at: 85, wh: 20_000, charging: false }, { at: 110, wh: 20_000, charging: false }]);
    expect(s.costDetails().totalCost.idleTime?.exclTax).toBe(10);
    expect(s.costDetails().totalUsage.idleTime).toBe(3000);
  });

  it('maxIdleTime: a price that ends after 10 min idle', () => {
    // idle 0.20 €/min for the first 10 min only → 2.00 over a 25 min idle stretch
    const t: TariffType = { tariffId: 'C', currency: 'EUR', idleTime: { prices: [{ priceMinute: 0.2, conditions: { maxIdleTime: 600 } }] } };
    const s = run(t, [{ at: 10, wh: 1000 }, { at: 35, wh: 1000, charging: false }]);
    expect(s.costDetails().totalCost.idleTime?.exclTax).toBe(2);
  });

  it('fixed price conditions: paymentBrand surcharge, time of day', () => {
    const t: TariffType = {
      tariffId: 'C', currency: 'EUR',
      fixedFee: { prices: [{ priceFixed: 0.75, conditions: { paymentBrand: 'Visa' } }, { priceFixed: 0, conditions: { startTimeOfDay: '22:00', endTimeOfDay: '06:00' } }, { priceFixed: 0.5 }] },
    };
    expect(run(t, [], { paymentBrand: 'Visa' }).costDetails().totalCost.fixed?.exclTax).toBe(0.75);
    expect(run(t, []).costDetails().totalCost.fixed?.exclTax).toBe(0.5);
    expect(run(t, [], {}, Date.UTC(2025, 0, 6, 23)).costDetails().totalCost.fixed?.exclTax).toBe(0);
  });

  it('time-of-day windows: wrap past midnight, 00:00 as end of day, equal start and end = all day', () => {
    const h = (x: number): number => x * 3_600_000;
    expect(inTimeWindow('22:00', '06:00', h(23))).toBe(true);
    expect(inTimeWindow('22:00', '06:00', h(5.99))).toBe(true);
    expect(inTimeWindow('22:00', '06:00', h(6))).toBe(false);
    expect(inTimeWindow('18:00', '00:00', h(23.99))).toBe(true);
    expect(inTimeWindow('18:00', '00:00', h(17.99))).toBe(false);
    expect(inTimeWindow('08:00', '08:00', h(3))).toBe(true);
    expect(inTimeWindow(undefined, '07:00', h(6.5))).toBe(true);
    expect(inTimeWindow('07:00', undefined, h(6.5))).toBe(false);
  });
});

describe('a time-of-day price change mid-session (local time)', () => {
  // Nairobi, UTC+3. Peak 17:00–21:00 local at 0.40, otherwise 0.20.
  const tariff = energyTariff([{ priceKwh: 0.4, conditions: { startTimeOfDay: '17:00', endTimeOfDay: '21:00' } }, { priceKwh: 0.2 }]);
  const t0 = Date.UTC(2025, 0, 6, 13, 30); // 16:30 local

  it('splits the charging period exactly at 17:00 local and prices each side', () => {
    // 12 kW constant: 200 Wh per minute; readings every 7 min (16:37 … 17:30), 16:58–17:05 straddles 17:00.
    // 16:30–17:00: 6 kWh × 0.20 = 1.20; 17:00–17:30: 6 kWh × 0.40 = 2.40 → 3.60
    const steps: Step[] = [7, 14, 21, 28, 35, 42, 49, 56, 60].map((at) => ({ at, wh: at * 200, powerW: 12_000 }));
    const s = run(tariff, steps, { utcOffset: fixedOffset(180) }, t0);
    const d = s.costDetails();
    expect(d.totalCost.energy?.exclTax).toBe(3.6);
    expect(d.chargingPeriods?.map((p) => p.startPeriod)).toEqual(['2025-01-06T13:30:00.000Z', '2025-01-06T14:00:00.000Z']);
    expect(d.chargingPeriods?.map((p) => p.dimensions?.find((x) => x.type === 'Energy')?.volume)).toEqual([6000, 6000]);
    expect(d.chargingPeriods?.map((p) => p.dimensions?.find((x) => x.type === 'ChargingTime')?.volume)).toEqual([1800, 1800]);
    expect(d.chargingPeriods?.every((p) => p.tariffId === 'C')).toBe(true);
  });

  it('gives the same result with the IANA zone Africa/Nairobi', () => {
    const steps: Step[] = [7, 14, 21, 28, 35, 42, 49, 56, 60].map((at) => ({ at, wh: at * 200 }));
    expect(run(tariff, steps, { utcOffset: timeZoneOffset('Africa/Nairobi') }, t0).costDetails().totalCost.energy?.exclTax).toBe(3.6);
    expect(localParts(t0, timeZoneOffset('Africa/Nairobi')).msOfDay).toBe((16 * 60 + 30) * MIN);
  });

  it('a tariff change (ChangeTransactionTariff) starts a new period with the new tariffId', () => {
    // 30 min at 0.20 (6 kWh = 1.20) before 17:00, change at 16:45 to a flat 0.25 tariff: 16:30–16:45 3 kWh × 0.20 = 0.60,
    // 16:45–17:30 9 kWh × 0.25 = 2.25 → 2.85
    const s = new CostSession({ tariff, startedAt: t0, startEnergyWh: REG, utcOffset: fixedOffset(180) });
    s.update({ timestamp: t0 + 15 * MIN, energyWh: REG + 3000, charging: true, idle: false });
    s.changeTariff({ tariffId: 'NEW', currency: 'EUR', energy: { prices: [{ priceKwh: 0.25 }] } });
    s.update({ timestamp: t0 + 60 * MIN, energyWh: REG + 12_000, charging: true, idle: false });
    const d = s.costDetails();
    expect(d.totalCost.energy?.exclTax).toBe(2.85);
    expect(d.chargingPeriods?.map((p) => [p.startPeriod, p.tariffId])).toEqual([
      ['2025-01-06T13:30:00.000Z', 'C'],
      ['2025-01-06T13:45:00.000Z', 'NEW'],
    ]);
    expect(() => s.changeTariff({ tariffId: 'X', currency: 'USD' })).toThrow(/currency/);
  });
});

describe('a session across midnight', () => {
  it('switches to the weekend price at Saturday 00:00 local', () => {
    // Friday 2025-01-10 23:00 UTC → Saturday 01:00, 6 kW, readings every 25 min (23:25, 23:50, 00:15, 00:40, 01:00).
    // Friday hour 6 kWh × 0.30 = 1.80; Saturday hour 6 kWh × 0.15 = 0.90 → 2.70
    const t = energyTariff([{ priceKwh: 0.15, conditions: { dayOfWeek: ['Saturday', 'Sunday'] } }, { priceKwh: 0.3 }]);
    const t0 = Date.UTC(2025, 0, 10, 23, 0);
    const s = run(t, [25, 50, 75, 100, 120].map((at) => ({ at, wh: at * 100 })), {}, t0);
    const d = s.costDetails();
    expect(d.totalCost.energy?.exclTax).toBe(2.7);
    expect(d.chargingPeriods?.map((p) => p.startPeriod)).toEqual(['2025-01-10T23:00:00.000Z', '2025-01-11T00:00:00.000Z']);
    expect(d.totalUsage).toEqual({ energy: 12_000, chargingTime: 7200, idleTime: 0 });
  });

  it('a night window 22:00–06:00 spans midnight without a new period', () => {
    const t = energyTariff([{ priceKwh: 0.1, conditions: { startTimeOfDay: '22:00', endTimeOfDay: '06:00' } }, { priceKwh: 0.3 }]);
    const t0 = Date.UTC(2025, 0, 6, 21, 0);
    // 21:00–22:00 4 kWh × 0.30 = 1.20; 22:00–02:00 16 kWh × 0.10 = 1.60 → 2.80
    const s = run(t, [50, 100, 150, 200, 250, 300].map((at) => ({ at, wh: (at * 4000) / 60 })), {}, t0);
    expect(s.costDetails().totalCost.energy?.exclTax).toBe(2.8);
    expect(s.costDetails().chargingPeriods?.length).toBe(2);
  });
});

describe('costDetails in a TransactionEvent (I12)', () => {
  it('validates against the OCPP 2.1 TransactionEventRequest schema', () => {
    const t: TariffType = {
      tariffId: 'FULL', currency: 'EUR',
      energy: { prices: [{ priceKwh: 0.4, conditions: { startTimeOfDay: '17:00', endTimeOfDay: '21:00' } }, { priceKwh: 0.2 }], taxRates: [{ type: 'VAT', tax: 21 }] },
      chargingTime: { prices: [{ priceMinute: 0.01 }] },
      idleTime: { prices: [{ priceMinute: 0.1, conditions: { minIdleTime: 600 } }] },
      fixedFee: { prices: [{ priceFixed: 0.5 }] },
      reservationFixed: { prices: [{ priceFixed: 1 }] },
      minCost: { exclTax: 1 },
    };
    const t0 = Date.UTC(2025, 0, 6, 16, 30);
    const s = run(t, [{ at: 60, wh: 11_000, powerW: 11_000, currentA: 48 }, { at: 90, wh: 11_000, charging: false }], { reservation: { startedAt: t0 - 600_000, endedAt: t0 } }, t0);
    const costDetails = s.costDetails();
    const result = SchemaValidator.for('ocpp2.1').validateRequest('TransactionEvent', {
      eventType: 'Ended',
      timestamp: new Date(t0 + 90 * MIN).toISOString(),
      triggerReason: 'StopAuthorized',
      seqNo: 3,
      transactionInfo: { transactionId: 'tx-1', stoppedReason: 'Local' },
      costDetails,
    });
    expect(result).toEqual({ ok: true });
    // off-peak from 16:30, peak from 17:00, the idle fee element from 17:40 (10 min into the idle time)
    expect(costDetails.chargingPeriods?.map((p) => p.startPeriod)).toEqual(['2025-01-06T16:30:00.000Z', '2025-01-06T17:00:00.000Z', '2025-01-06T17:40:00.000Z']);
  });

  it('reports failureToCalculate with a reason when marked', () => {
    const s = run(energyTariff([{ priceKwh: 0.3 }]), [{ at: 10, wh: 100 }]);
    s.markFailure('meter lost');
    const d = s.costDetails();
    expect(d.failureToCalculate).toBe(true);
    expect(d.failureReason).toBe('meter lost');
  });

  it('ignores readings out of order or non-finite, and a register that goes backwards adds nothing', () => {
    const s = new CostSession({ tariff: energyTariff([{ priceKwh: 1 }]), startedAt: MONDAY, startEnergyWh: REG });
    expect(s.update({ timestamp: MONDAY + MIN, energyWh: REG + 1000, charging: true, idle: false })).toBe(true);
    expect(s.update({ timestamp: MONDAY, energyWh: REG + 2000, charging: true, idle: false })).toBe(false);
    expect(s.update({ timestamp: Number.NaN, energyWh: REG, charging: true, idle: false })).toBe(false);
    expect(s.update({ timestamp: MONDAY + 2 * MIN, energyWh: REG + 500, charging: true, idle: false })).toBe(true);
    expect(s.update({ timestamp: MONDAY + 3 * MIN, energyWh: REG + 1500, charging: true, idle: false })).toBe(true);
    // 1000 Wh, then a backwards step (0 Wh), then +1000 Wh from the new register → 2 kWh × 1 = 2.00
    expect(s.costDetails().totalCost.energy?.exclTax).toBe(2);
  });
});
