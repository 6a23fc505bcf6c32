// Exact decimal arithmetic and currency rounding: no binary floating-point drift, explicit rounding modes, ISO 4217 minor units.

import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../../agent/core/tariffs/decimal.js';
import { formatMoney, formatUnitPrice, minorUnitsOf, roundMoney } from '../../../agent/core/tariffs/currency.js';
import { CostSession } from '../../../agent/core/tariffs/cost-calculator.js';

describe('Decimal', () => {
  it('adds 0.1 + 0.2 to exactly 0.3 (JS numbers give 0.30000000000000004)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(dec(0.1).add(dec(0.2)).toString()).toBe('0.3');
    expect(dec(0.1).add(0.2).eq(0.3)).toBe(true);
  });

  it('parses JS numbers through their shortest text, exponents included', () => {
    expect(dec(1e-7).toString()).toBe('0.0000001');
    expect(dec(1.5e21).toString()).toBe('1500000000000000000000');
    expect(dec(-12.345).toString()).toBe('-12.345');
    expect(dec('  42 ').toString()).toBe('42');
    expect(dec(7n).toString()).toBe('7');
    expect(() => dec('abc')).toThrow(/not a decimal number/);
    expect(() => dec(Number.NaN)).toThrow(RangeError);
  });

  it('rounds by the mode asked for', () => {
    // 0.125 is a tie at 2 decimals: half-up → 0.13, half-even → 0.12 (2 is even), down → 0.12, up → 0.13
    expect(dec('0.125').round(2, 'half-up').toString()).toBe('0.13');
    expect(dec('0.125').round(2, 'half-even').toString()).toBe('0.12');
    expect(dec('0.135').round(2, 'half-even').toString()).toBe('0.14');
    expect(dec('0.129').round(2, 'down').toString()).toBe('0.12');
    expect(dec('0.121').round(2, 'up').toString()).toBe('0.13');
    // negative: half-up is away from zero, down toward zero
    expect(dec('-0.125').round(2, 'half-up').toString()).toBe('-0.13');
    expect(dec('-0.129').round(2, 'down').toString()).toBe('-0.12');
    expect(dec('2.5').round(0, 'half-even').toString()).toBe('2');
    expect(dec('3.5').round(0, 'half-even').toString()).toBe('4');
  });

  it('multiplies and divides exactly where the result fits 18 decimals, and rounds beyond', () => {
    // 0.333 €/kWh × 1000.5 Wh / 1000 = 0.3331665 exactly
    expect(dec(0.333).mul(1000.5).div(1000).toString()).toBe('0.3331665');
    // 1/3 rounded half-even at the 18th digit
    expect(Decimal.ONE.div(3).toString()).toBe('0.333333333333333333');
    expect(dec(2).div(3).toString()).toBe('0.666666666666666667');
    expect(() => Decimal.ONE.div(0)).toThrow(/division by zero/);
  });

  it('sums 0.000205 per second for 10 hours to exactly 7.38 (the closed form 36000 × 0.000205)', () => {
    let exact = Decimal.ZERO;
    let float = 0;
    for (let s = 0; s < 36_000; s++) {
      exact = exact.add(dec(0.000205));
      float += 0.000205;
    }
    expect(exact.toString()).toBe('7.38');
    expect(exact.eq(dec(0.000205).mul(36_000))).toBe(true);
    // the float sum has drifted off the exact value (how far does not matter, only that it is not exact)
    expect(float).not.toBe(7.38);
  });

  it('formats with a fixed number of decimals', () => {
    expect(dec(25).toFixed(2)).toBe('25.00');
    expect(dec('-0.005').toFixed(2)).toBe('-0.01');
    expect(dec('12.3456').toFixed(0)).toBe('12');
  });
});

describe('currency minor units (ISO 4217)', () => {
  it('knows 0-, 2- and 3-digit currencies and defaults to 2', () => {
    expect(minorUnitsOf('EUR')).toBe(2);
    expect(minorUnitsOf('KES')).toBe(2);
    expect(minorUnitsOf('JPY')).toBe(0);
    expect(minorUnitsOf('KWD')).toBe(3);
    expect(minorUnitsOf('BHD')).toBe(3);
    expect(minorUnitsOf('XYZ')).toBe(2);
  });

  it('rounds money half-up to the minor unit', () => {
    expect(roundMoney(dec('33.5'), 'JPY').toString()).toBe('34');
    expect(roundMoney(dec('0.0125'), 'KWD').toString()).toBe('0.013');
    expect(roundMoney(dec('0.3331665'), 'EUR').toString()).toBe('0.33');
    expect(formatMoney(25, 'KES')).toBe('25.00');
    expect(formatMoney(1.5, 'JPY')).toBe('2');
    expect(formatUnitPrice(0.355, 'EUR')).toBe('0.355');
    expect(formatUnitPrice(25, 'KES')).toBe('25.00');
  });
});

describe('a 10-hour session read every second has no drift', () => {
  it('energy cost equals price × (final register − start register) exactly, charging time price × minutes exactly', () => {
    // 7.398 kW: the meter register (0.001 Wh resolution) rises 2.055 Wh per second.
    // Closed form after 36 000 s: 36 000 × 2.055 = 73 980 Wh → 73.98 kWh × 0.1 €/kWh = 7.398 €;
    // charging time 600 min × 0.01 €/min = 6 €.
    const t0 = Date.UTC(2025, 0, 6, 8, 0, 0);
    const startRegister = 123_456.789;
    const session = new CostSession({
      tariff: { tariffId: 't', currency: 'EUR', energy: { prices: [{ priceKwh: 0.1 }] }, chargingTime: { prices: [{ priceMinute: 0.01 }] } },
      startedAt: t0,
      startEnergyWh: startRegister,
    });
    let register = dec(startRegister);
    for (let s = 1; s <= 36_000; s++) {
      register = register.add(dec(2.055));
      session.update({ timestamp: t0 + s * 1000, energyWh: register.toNumber(), powerW: 7398, charging: true, idle: false });
    }
    const costs = session.exactCosts();
    expect(costs.energy?.exclTax.toString()).toBe('7.398');
    expect(costs.chargingTime?.exclTax.toString()).toBe('6');
    const details = session.costDetails();
    expect(details.totalUsage).toEqual({ energy: 73_980, chargingTime: 36_000, idleTime: 0 });
    expect(details.totalCost.energy?.exclTax).toBe(7.4);
    expect(details.totalCost.total).toEqual({ exclTax: 13.4, inclTax: 13.4 });
  });
});
