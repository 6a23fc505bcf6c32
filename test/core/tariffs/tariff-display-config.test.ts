// The TariffCostCtrlr catalog, the config-file default tariff and the display price text.

import { describe, expect, it } from 'vitest';
import { configDefaultTariff, CONFIG_TARIFF_ID } from '../../../agent/core/tariffs/config-tariff.js';
import { priceText } from '../../../agent/core/tariffs/price-text.js';
import { tariffCostCatalog, tariffCostKey, tariffSettingsFrom } from '../../../agent/core/tariffs/tariff-cost-catalog.js';
import { validateTariff } from '../../../agent/core/tariffs/tariff-validate.js';
import { variableKey } from '../../../agent/core/device-model/variable-key.js';
import { SchemaValidator } from '../../../agent/ocpp/schema-validator.js';
import { fixedOffset } from '../../../agent/core/tariffs/local-time.js';

describe('TariffCostCtrlr catalog', () => {
  const rows = tariffCostCatalog({ currency: 'KES' });
  const byKey = new Map(rows.map((r) => [variableKey(r.component, r.variable), r]));

  it('has the 2.1 variables with their instances', () => {
    for (const key of [
      'TariffCostCtrlr.Available[Tariff]', 'TariffCostCtrlr.Available[Cost]', 'TariffCostCtrlr.Enabled[Tariff]', 'TariffCostCtrlr.Enabled[Cost]',
      'TariffCostCtrlr.Enabled[RunningCost]', 'TariffCostCtrlr.Currency', 'TariffCostCtrlr.Interval[Cost]', 'TariffCostCtrlr.Interval[Tariff]',
      'TariffCostCtrlr.MaxElements[Tariff]', 'TariffCostCtrlr.ConditionsSupported[Tariff]', 'TariffCostCtrlr.HandleFailedTariff[Tariff]',
      'TariffCostCtrlr.TariffFallbackMessage', 'TariffCostCtrlr.TotalCostFallbackMessage', 'TariffCostCtrlr.OfflineTariffFallbackMessage',
    ]) expect(byKey.has(key), key).toBe(true);
    expect(byKey.get('TariffCostCtrlr.Currency')?.default).toBe('KES');
    expect(byKey.get('TariffCostCtrlr.HandleFailedTariff[Tariff]')?.valuesList).toEqual(['Deauthorize', 'UseDefaultTariff', 'CentralCost']);
    expect(rows.filter((r) => r.mutability !== 'ReadOnly').every((r) => r.persistent)).toBe(true);
  });

  it('reads TariffSettings from device-model values', () => {
    const values = new Map(rows.filter((r) => r.default !== undefined).map((r) => [variableKey(r.component, r.variable), r.default as string]));
    expect(tariffSettingsFrom((k) => values.get(k))).toEqual({ tariffEnabled: true, conditionsSupported: true, maxElements: 20, currency: 'KES' });
    values.set(tariffCostKey('Enabled', 'Tariff'), 'false');
    expect(tariffSettingsFrom((k) => values.get(k)).tariffEnabled).toBe(false);
  });
});

describe('default tariff from the config file', () => {
  it('turns the simple price list into a schema-valid TariffType', () => {
    const t = configDefaultTariff({ currency: 'KES', pricePerKwh: 25, perMinute: 1, sessionFee: 10, idleFeePerMinute: 2, idleGraceMinutes: 30, taxPercent: 16, description: 'Pay by M-Pesa' });
    expect(t.tariffId).toBe(CONFIG_TARIFF_ID);
    expect(t.energy).toEqual({ prices: [{ priceKwh: 25 }], taxRates: [{ type: 'VAT', tax: 16, stack: 0 }] });
    expect(t.idleTime?.prices).toEqual([{ priceMinute: 2, conditions: { minIdleTime: 1800 } }]);
    expect(t.fixedFee?.prices).toEqual([{ priceFixed: 10 }]);
    expect(SchemaValidator.for('ocpp2.1').validateRequest('SetDefaultTariff', { evseId: 0, tariff: t })).toEqual({ ok: true });
    expect(validateTariff(t, { tariffEnabled: true, conditionsSupported: true, currency: 'KES', maxElements: 1 })).toBeUndefined();
  });

  it('names a bad field', () => {
    expect(() => configDefaultTariff({ currency: 'kes', pricePerKwh: 25 })).toThrow(/currency/);
    expect(() => configDefaultTariff({ currency: 'KES', pricePerKwh: -1 })).toThrow(/pricePerKwh/);
    expect(() => configDefaultTariff({ currency: 'KES', pricePerKwh: 25, taxPercent: Number.NaN })).toThrow(/taxPercent/);
  });
});

describe('priceText (DisplayPrice)', () => {
  it('shows the prices incl. tax with the currency minor unit', () => {
    const t = configDefaultTariff({ currency: 'KES', pricePerKwh: 25, sessionFee: 10, idleFeePerMinute: 1, idleGraceMinutes: 30, description: 'Tariff A' });
    expect(priceText(t)).toEqual({ currency: 'KES', perKwh: '25.00 KES/kWh', time: '1.00 KES/min after 30 min idle', sessionFee: '10.00 KES per session', text: 'Tariff A' });
    // 0.30 + 21 % = 0.363 €/kWh (3 decimals kept); 0.02 €/min charging
    const eur = { tariffId: 'E', currency: 'EUR', energy: { prices: [{ priceKwh: 0.3 }], taxRates: [{ type: 'VAT', tax: 21 }] }, chargingTime: { prices: [{ priceMinute: 0.02 }] } };
    expect(priceText(eur)).toEqual({ currency: 'EUR', perKwh: '0.363 EUR/kWh', time: '0.02 EUR/min charging' });
  });

  it('shows the time-of-day price in force at that moment (local time)', () => {
    const t = { tariffId: 'P', currency: 'EUR', energy: { prices: [{ priceKwh: 0.4, conditions: { startTimeOfDay: '17:00', endTimeOfDay: '21:00' } }, { priceKwh: 0.2 }] } };
    expect(priceText(t, { atMs: Date.UTC(2025, 0, 6, 14, 30), utcOffset: fixedOffset(180) }).perKwh).toBe('0.40 EUR/kWh');
    expect(priceText(t, { atMs: Date.UTC(2025, 0, 6, 12, 0), utcOffset: fixedOffset(180) }).perKwh).toBe('0.20 EUR/kWh');
  });
});
