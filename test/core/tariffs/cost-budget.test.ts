// maxCost as an energy budget: remaining Wh under the tariff, across a price change, and a 22 kW session stopping on the minor unit.

import { describe, expect, it } from 'vitest';
import type { TariffType } from '../../../agent/core/types/v21.js';
import { CostSession } from '../../../agent/core/tariffs/cost-calculator.js';
import { costBudget } from '../../../agent/core/tariffs/cost-budget.js';
import { fixedOffset } from '../../../agent/core/tariffs/local-time.js';

const T0 = Date.UTC(2025, 0, 6, 16, 30); // 16:30 UTC
const REG = 1000;
const MIN = 60_000;

function session(tariff: TariffType, startedAt = T0): CostSession {
  return new CostSession({ tariff, startedAt, startEnergyWh: REG, utcOffset: fixedOffset(0) });
}

describe('cost budget (maxCost → remaining Wh)', () => {
  it('energy price incl. tax: 3.60 buys 10 kWh at 0.30 + 20 %; 4 kWh later 6 kWh remain', () => {
    // 0.30 × 1.2 = 0.36 per kWh incl. tax → 3.60 / 0.36 = 10 kWh
    const s = session({ tariffId: 'E', currency: 'EUR', energy: { prices: [{ priceKwh: 0.3 }], taxRates: [{ type: 'VAT', tax: 20 }] } });
    const b = costBudget(s, 3.6);
    expect(b.kind).toBe('cost');
    expect(b.remainingWh({ deliveredWh: 0, elapsedMs: 0 })).toBeCloseTo(10_000, 6);
    s.update({ timestamp: T0 + 20 * MIN, energyWh: REG + 4000, powerW: 12_000, charging: true, idle: false });
    expect(b.remainingWh({ deliveredWh: 4000, elapsedMs: 20 * MIN })).toBeCloseTo(6000, 6);
    // energy the enforcer has seen beyond the session's last reading is subtracted
    expect(b.remainingWh({ deliveredWh: 4100, elapsedMs: 20.5 * MIN })).toBeCloseTo(5900, 6);
    expect(b.remainingCost().toString()).toBe('2.16');
  });

  it('charging-time cost is converted to Wh at the current power', () => {
    // 12 kW: 0.06 €/min = 3.60 €/h over 12 kWh → 0.0003 €/Wh; energy 0.0003 €/Wh → 0.0006 €/Wh.
    // After 10 min (2 kWh): spent 2 × 0.30 + 10 × 0.06 = 1.20 → 4.80 left / 0.0006 = 8000 Wh
    const s = session({ tariffId: 'T', currency: 'EUR', energy: { prices: [{ priceKwh: 0.3 }] }, chargingTime: { prices: [{ priceMinute: 0.06 }] } });
    s.update({ timestamp: T0 + 10 * MIN, energyWh: REG + 2000, powerW: 12_000, charging: true, idle: false });
    expect(costBudget(s, 6).remainingWh({ deliveredWh: 2000, elapsedMs: 10 * MIN })).toBeCloseTo(8000, 6);
  });

  it('accounts for a time-of-day price rise ahead, and says when to re-predict', () => {
    // 0.20 until 17:00, 0.40 from 17:00; at 16:30 charging at 12 kW with 5.00 to spend:
    // 16:30–17:00 delivers 6 kWh for 1.20 → 3.80 left at 0.40 → 9.5 kWh → 15 500 Wh (25 000 at the current price alone)
    const s = session({ tariffId: 'P', currency: 'EUR', energy: { prices: [{ priceKwh: 0.4, conditions: { startTimeOfDay: '17:00', endTimeOfDay: '21:00' } }, { priceKwh: 0.2 }] } });
    s.update({ timestamp: T0, energyWh: REG, powerW: 12_000, charging: true, idle: false });
    const b = costBudget(s, 5);
    expect(b.remainingWh({ deliveredWh: 0, elapsedMs: 0 })).toBeCloseTo(15_500, 6);
    expect(b.nextChangeAt(T0)).toBe(Date.UTC(2025, 0, 6, 17, 0));
    // after the boundary the budget is at the new price: 17:10, 8 kWh delivered (6 @0.20 + 2 @0.40 = 2.00) → 3.00 / 0.40 = 7500 Wh
    s.update({ timestamp: T0 + 40 * MIN, energyWh: REG + 8000, powerW: 12_000, charging: true, idle: false });
    expect(b.remainingWh({ deliveredWh: 8000, elapsedMs: 40 * MIN })).toBeCloseTo(7500, 6);
  });

  it('reached: remainingWh <= 0; a tariff maxCost below the limit means it is never reached', () => {
    const s = session({ tariffId: 'E', currency: 'EUR', energy: { prices: [{ priceKwh: 0.5 }] } });
    s.update({ timestamp: T0 + 60 * MIN, energyWh: REG + 10_000, powerW: 10_000, charging: true, idle: false });
    expect(costBudget(s, 5).remainingWh({ deliveredWh: 10_000, elapsedMs: 60 * MIN })).toBeLessThanOrEqual(0);
    expect(costBudget(s, 4).remainingWh({ deliveredWh: 10_000, elapsedMs: 60 * MIN })).toBeCloseTo(-2000, 6);
    const capped = session({ tariffId: 'C', currency: 'EUR', energy: { prices: [{ priceKwh: 0.5 }] }, maxCost: { inclTax: 3 } });
    expect(costBudget(capped, 5).remainingWh({ deliveredWh: 0, elapsedMs: 0 })).toBe(Infinity);
  });

  it('nothing priced: Infinity', () => {
    const s = session({ tariffId: 'F', currency: 'EUR', energy: { prices: [{ priceKwh: 0 }] } });
    s.update({ timestamp: T0 + MIN, energyWh: REG + 100, powerW: 6000, charging: true, idle: false });
    expect(costBudget(s, 5).remainingWh({ deliveredWh: 100, elapsedMs: MIN })).toBe(Infinity);
  });
});

/**
 * A 22 kW session read every second by a meter with 0.01 Wh resolution. At each reading the budget is asked; like
 * the LimitEnforcer, a stop is predicted at remainingWh / power and the contactor opens then (or at the reading when
 * remainingWh <= 0). Returns the final total incl. tax minus maxCost.
 */
function simulate(tariff: TariffType, maxCost: number, startedAt: number, predict: boolean): number {
  const powerW = 22_000;
  const s = new CostSession({ tariff, startedAt, startEnergyWh: REG, utcOffset: fixedOffset(0) });
  const budget = costBudget(s, maxCost);
  const registerAt = (ms: number): number => Math.round((REG + (powerW * (ms - startedAt)) / 3_600_000) * 100) / 100;
  for (let t = startedAt + 1000; t < startedAt + 24 * 3_600_000; t += 1000) {
    s.update({ timestamp: t, energyWh: registerAt(t), powerW, charging: true, idle: false });
    const delivered = registerAt(t) - REG;
    const remaining = budget.remainingWh({ deliveredWh: delivered, elapsedMs: t - startedAt });
    if (remaining <= 0) break;
    if (predict) {
      const stopAt = t + Math.round((remaining / powerW) * 3_600_000);
      if (stopAt < t + 1000) {
        s.update({ timestamp: stopAt, energyWh: registerAt(stopAt), powerW: 0, charging: false, idle: true });
        break;
      }
    }
  }
  // money difference, cleaned of binary float noise of the subtraction (both operands have <= 2 decimals)
  return Math.round((s.totalInclTax() - maxCost) * 1e6) / 1e6;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

describe('maxCost stops on the minor unit at 22 kW with a 1 s meter poll (E16 / CostLimitReached)', () => {
  // EUR: 0.30 €/kWh before 17:00 and 0.45 after, + 21 % VAT, + 0.01 €/min charging; starts 16:50 so the limits
  // above ~1.30 € cross the price change mid-session.
  const eur: TariffType = {
    tariffId: 'EUR22',
    currency: 'EUR',
    energy: { prices: [{ priceKwh: 0.45, conditions: { startTimeOfDay: '17:00', endTimeOfDay: '21:00' } }, { priceKwh: 0.3 }], taxRates: [{ type: 'VAT', tax: 21 }] },
    chargingTime: { prices: [{ priceMinute: 0.01 }] },
  };
  const limits = [1.11, 2.5, 3.33, 4.99, 5, 7.77, 10, 12.34, 15.55, 19.99, 25, 31.41];

  it('stopping at the first reading with remainingWh <= 0 overshoots by less than one cent (EUR, ~0.3 c/s)', () => {
    const overshoot = limits.map((m) => simulate(eur, m, Date.UTC(2025, 0, 6, 16, 50), false));
    for (const o of overshoot) {
      expect(o).toBeGreaterThanOrEqual(-0.01);
      expect(o).toBeLessThanOrEqual(0.01);
    }
  });

  it('with the predicted crossing, |total − maxCost| is within one minor unit even at 25 KES/kWh (15 cents per second)', () => {
    // 22 kW × 1 s = 6.1 Wh × 25 KES/kWh ≈ 0.15 KES per second: stopping at readings alone would overshoot ~15 minor units
    const kes: TariffType = {
      tariffId: 'KES22',
      currency: 'KES',
      energy: { prices: [{ priceKwh: 35, conditions: { startTimeOfDay: '17:00', endTimeOfDay: '21:00' } }, { priceKwh: 25 }], taxRates: [{ type: 'VAT', tax: 16 }] },
    };
    const kesLimits = [100, 250, 333.33, 500, 777.77, 1000, 1234.56, 1500];
    const errors = kesLimits.map((m) => Math.abs(simulate(kes, m, Date.UTC(2025, 0, 6, 16, 50), true)));
    expect(median(errors)).toBeLessThanOrEqual(0.01);
    for (const e of errors) expect(e).toBeLessThanOrEqual(0.02);
    // without the prediction the same sessions overshoot by several minor units (the test can tell the difference)
    const unpredicted = kesLimits.map((m) => simulate(kes, m, Date.UTC(2025, 0, 6, 16, 50), false));
    expect(Math.max(...unpredicted)).toBeGreaterThan(0.05);
    const eurErrors = limits.map((m) => Math.abs(simulate(eur, m, Date.UTC(2025, 0, 6, 16, 50), true)));
    expect(median(eurErrors)).toBeLessThanOrEqual(0.01);
  });
});
