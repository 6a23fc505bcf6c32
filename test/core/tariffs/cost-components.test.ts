// Cost of each tariff component, tax stacking, rounding and minCost/maxCost, against hand-worked examples.

import { describe, expect, it } from 'vitest';
import type { TariffType } from '../../../agent/core/types/v21.js';
import { CostSession, type CostSessionOptions } from '../../../agent/core/tariffs/cost-calculator.js';
import { applyTaxes } from '../../../agent/core/tariffs/tax.js';
import { dec } from '../../../agent/core/tariffs/decimal.js';

/** Monday 2025-01-06 10:00 UTC. */
const T0 = Date.UTC(2025, 0, 6, 10, 0, 0);
const MIN = 60_000;
const START_REGISTER = 50_000;

interface Step {
  /** Minutes after the start. */
  at: number;
  /** Energy delivered since the start, Wh. */
  wh: number;
  charging?: boolean;
  idle?: boolean;
  powerW?: number;
}

function run(tariff: TariffType, steps: Step[], extra: Partial<CostSessionOptions> = {}): CostSession {
  const s = new CostSession({ tariff, startedAt: T0, startEnergyWh: START_REGISTER, ...extra });
  for (const step of steps) {
    const charging = step.charging ?? true;
    s.update({ timestamp: T0 + step.at * MIN, energyWh: START_REGISTER + step.wh, charging, idle: step.idle ?? !charging, powerW: step.powerW });
  }
  return s;
}

const base = (over: Partial<TariffType>): TariffType => ({ tariffId: 'T1', currency: 'EUR', ...over });

describe('each tariff component (I12 cost details)', () => {
  it('energy: 11 kWh × 0.25 €/kWh = 2.75 €', () => {
    const s = run(base({ energy: { prices: [{ priceKwh: 0.25 }] } }), [{ at: 60, wh: 11_000 }]);
    const tc = s.costDetails().totalCost;
    expect(tc.energy).toEqual({ exclTax: 2.75, inclTax: 2.75 });
    expect(tc.total).toEqual({ exclTax: 2.75, inclTax: 2.75 });
    expect(tc.typeOfCost).toBe('NormalCost');
  });

  it('charging time: 90 min × 0.05 €/min = 4.50 € (idle minutes are not charging time)', () => {
    // 90 min charging, then 30 min idle: charging time cost counts only the 90 min
    const s = run(base({ chargingTime: { prices: [{ priceMinute: 0.05 }] } }), [
      { at: 45, wh: 5000 },
      { at: 90, wh: 10_000 },
      { at: 120, wh: 10_000, charging: false, idle: true },
    ]);
    expect(s.costDetails().totalCost.chargingTime).toEqual({ exclTax: 4.5, inclTax: 4.5 });
  });

  it('idle time: 30 min charging then 20 min idle × 0.10 €/min = 2.00 €; totalUsage chargingTime is the whole 50 min', () => {
    const s = run(base({ energy: { prices: [{ priceKwh: 0 }] }, idleTime: { prices: [{ priceMinute: 0.1 }] } }), [
      { at: 30, wh: 5000 },
      { at: 50, wh: 5000, charging: false, idle: true },
    ]);
    const d = s.costDetails();
    expect(d.totalCost.idleTime).toEqual({ exclTax: 2, inclTax: 2 });
    // schema: chargingTime = whole session (charging and not charging), idleTime = not charging
    expect(d.totalUsage).toEqual({ energy: 5000, chargingTime: 3000, idleTime: 1200 });
  });

  it('fixed fee: 1.50 € once, whatever the duration', () => {
    const s = run(base({ fixedFee: { prices: [{ priceFixed: 1.5 }] } }), [{ at: 10, wh: 1000 }, { at: 300, wh: 30_000 }]);
    expect(s.costDetails().totalCost.fixed).toEqual({ exclTax: 1.5, inclTax: 1.5 });
    expect(s.costDetails().totalCost.total.exclTax).toBe(1.5);
  });

  it('reservation: 15 min × 0.02 €/min = 0.30 € plus a 0.50 € reservation fee; reservationTime 900 s', () => {
    const tariff = base({
      energy: { prices: [{ priceKwh: 0.3 }] },
      reservationTime: { prices: [{ priceMinute: 0.02 }] },
      reservationFixed: { prices: [{ priceFixed: 0.5 }] },
    });
    const s = run(tariff, [{ at: 60, wh: 10_000 }], { reservation: { startedAt: T0 - 15 * MIN, endedAt: T0 } });
    const d = s.costDetails();
    expect(d.totalCost.reservationTime).toEqual({ exclTax: 0.3, inclTax: 0.3 });
    expect(d.totalCost.reservationFixed).toEqual({ exclTax: 0.5, inclTax: 0.5 });
    // 10 kWh × 0.30 = 3.00; + 0.30 + 0.50 = 3.80
    expect(d.totalCost.total).toEqual({ exclTax: 3.8, inclTax: 3.8 });
    expect(d.totalUsage.reservationTime).toBe(900);
  });

  it('all components together add up, each rounded once to the cent', () => {
    // energy 12.345 kWh × 0.333 = 4.110885 → 4.11; charging 37 min × 0.0333 = 1.2321 → 1.23;
    // idle 7 min × 0.07 = 0.49; fixed 0.995 → 1.00 (half-up); total = 4.11 + 1.23 + 0.49 + 1.00 = 6.83
    const s = run(
      base({
        energy: { prices: [{ priceKwh: 0.333 }] },
        chargingTime: { prices: [{ priceMinute: 0.0333 }] },
        idleTime: { prices: [{ priceMinute: 0.07 }] },
        fixedFee: { prices: [{ priceFixed: 0.995 }] },
      }),
      [{ at: 37, wh: 12_345 }, { at: 44, wh: 12_345, charging: false, idle: true }],
    );
    const tc = s.costDetails().totalCost;
    expect(tc.energy?.exclTax).toBe(4.11);
    expect(tc.chargingTime?.exclTax).toBe(1.23);
    expect(tc.idleTime?.exclTax).toBe(0.49);
    expect(tc.fixed?.exclTax).toBe(1);
    expect(tc.total.exclTax).toBe(6.83);
  });

  it('rounds to each currency minor unit: JPY 0 digits, KWD 3 digits', () => {
    // 1 kWh × 33.5 JPY = 33.5 → 34 (half-up); 1 kWh × 0.0125 KWD = 0.0125 → 0.013
    expect(run({ tariffId: 'J', currency: 'JPY', energy: { prices: [{ priceKwh: 33.5 }] } }, [{ at: 10, wh: 1000 }]).costDetails().totalCost.total.exclTax).toBe(34);
    expect(run({ tariffId: 'K', currency: 'KWD', energy: { prices: [{ priceKwh: 0.0125 }] } }, [{ at: 10, wh: 1000 }]).costDetails().totalCost.total.exclTax).toBe(0.013);
  });
});

describe('tax (TaxRateType stack levels)', () => {
  it('stack 0 taxes apply to the net, stack 1 to the net plus stack 0 taxes', () => {
    // net 10.00 (10 kWh × 1.00). stack 0: VAT 16 % → 1.60, eco 1 % → 0.10 → 11.70.
    // stack 1: levy 2 % of 11.70 = 0.234 → 11.934 → reported 11.93.
    const taxRates = [
      { type: 'VAT', tax: 16, stack: 0 },
      { type: 'levy', tax: 2, stack: 1 },
      { type: 'eco', tax: 1 },
    ];
    const s = run(base({ currency: 'KES', energy: { prices: [{ priceKwh: 1 }], taxRates } }), [{ at: 60, wh: 10_000 }]);
    const tc = s.costDetails().totalCost;
    expect(tc.energy).toEqual({ exclTax: 10, inclTax: 11.93, taxRates });
    expect(tc.total).toEqual({ exclTax: 10, inclTax: 11.93 });
    expect(s.exactCosts().energy?.inclTax.toString()).toBe('11.934');
  });

  it('applyTaxes: stack 2 on top of stack 1 on top of stack 0', () => {
    // 100 → stack 0 10 % = 10 → 110 → stack 1 10 % = 11 → 121 → stack 2 10 % = 12.1 → 133.1
    const r = applyTaxes(dec(100), [{ type: 'a', tax: 10, stack: 2 }, { type: 'b', tax: 10, stack: 0 }, { type: 'c', tax: 10, stack: 1 }]);
    expect(r.inclTax.toString()).toBe('133.1');
    expect(r.tax.toString()).toBe('33.1');
  });

  it('each component is taxed with its own rates', () => {
    // energy 10 kWh × 0.20 = 2.00 + 20 % = 2.40; fixed 1.00 untaxed → total excl 3.00, incl 3.40
    const s = run(
      base({ energy: { prices: [{ priceKwh: 0.2 }], taxRates: [{ type: 'VAT', tax: 20 }] }, fixedFee: { prices: [{ priceFixed: 1 }] } }),
      [{ at: 60, wh: 10_000 }],
    );
    expect(s.costDetails().totalCost.total).toEqual({ exclTax: 3, inclTax: 3.4 });
  });
});

describe('minCost and maxCost', () => {
  it('a total below minCost is raised to it (typeOfCost MinCost), components stay as calculated', () => {
    // 1 kWh × 0.30 = 0.30 < minCost 2.00 → total 2.00/2.00
    const s = run(base({ energy: { prices: [{ priceKwh: 0.3 }] }, minCost: { exclTax: 2 } }), [{ at: 5, wh: 1000 }]);
    const tc = s.costDetails().totalCost;
    expect(tc.typeOfCost).toBe('MinCost');
    expect(tc.total).toEqual({ exclTax: 2, inclTax: 2 });
    expect(tc.energy?.exclTax).toBe(0.3);
  });

  it('minCost given incl. tax: compared incl. tax, exclTax derived with the session tax ratio', () => {
    // 1 kWh × 0.30 + 20 % = 0.36 incl < 3.00 → total incl 3.00, excl 3.00 / 1.2 = 2.50
    const s = run(base({ energy: { prices: [{ priceKwh: 0.3 }], taxRates: [{ type: 'VAT', tax: 20 }] }, minCost: { inclTax: 3 } }), [{ at: 5, wh: 1000 }]);
    expect(s.costDetails().totalCost.total).toEqual({ exclTax: 2.5, inclTax: 3 });
  });

  it('a total above maxCost is capped to it (typeOfCost MaxCost)', () => {
    // 100 kWh × 0.50 = 50.00 > maxCost 30 → total 30.00 excl / 36.00 incl
    const s = run(base({ energy: { prices: [{ priceKwh: 0.5 }] }, maxCost: { exclTax: 30, inclTax: 36 } }), [{ at: 300, wh: 100_000 }]);
    const tc = s.costDetails().totalCost;
    expect(tc.typeOfCost).toBe('MaxCost');
    expect(tc.total).toEqual({ exclTax: 30, inclTax: 36 });
    expect(tc.energy?.exclTax).toBe(50);
  });

  it('a total between minCost and maxCost is NormalCost', () => {
    const s = run(base({ energy: { prices: [{ priceKwh: 0.5 }] }, minCost: { exclTax: 1 }, maxCost: { exclTax: 30 } }), [{ at: 60, wh: 10_000 }]);
    expect(s.costDetails().totalCost.typeOfCost).toBe('NormalCost');
    expect(s.costDetails().totalCost.total.exclTax).toBe(5);
  });
});
