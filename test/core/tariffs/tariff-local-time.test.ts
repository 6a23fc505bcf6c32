// E14 tariff times in the station's local time: time-of-day windows priced in the zone ClockCtrlr.TimeZone names, else the system zone.

import { afterEach, describe, expect, it } from 'vitest';
import { coreCatalog } from '../../../agent/core/device-model/core-catalog.js';
import { DeviceModel } from '../../../agent/core/device-model/device-model.js';
import { MemoryPersistence } from '../../../agent/core/device-model/memory-persistence.js';
import { CostSession, type CostSessionOptions } from '../../../agent/core/tariffs/cost-calculator.js';
import { stationOffset } from '../../../agent/core/tariffs/local-time.js';
import { priceText } from '../../../agent/core/tariffs/price-text.js';
import type { TariffType } from '../../../agent/core/types/v21.js';

const MIN = 60_000;
const REG = 10_000;

/** 0.40/kWh from 18:00 to 22:00 local, else 0.20. */
const EVENING: TariffType = {
  tariffId: 'EVENING',
  currency: 'EUR',
  energy: { prices: [{ priceKwh: 0.4, conditions: { startTimeOfDay: '18:00', endTimeOfDay: '22:00' } }, { priceKwh: 0.2 }] },
};

/** One hour at a constant 12 kW (12 kWh) from `t0`, read every 5 min; returns the energy cost excl. tax. */
function hourFrom(t0: number, extra: Partial<CostSessionOptions> = {}): number | undefined {
  const s = new CostSession({ tariff: EVENING, startedAt: t0, startEnergyWh: REG, ...extra });
  for (let m = 5; m <= 60; m += 5) s.update({ timestamp: t0 + m * MIN, energyWh: REG + m * 200, charging: true, idle: false });
  return s.costDetails().totalCost.energy?.exclTax;
}

describe('E14 tariff startTimeOfDay/endTimeOfDay in the station local time (OCPP 2.1 TariffConditionsType)', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('Africa/Nairobi (UTC+3): 17:30–18:30 local is half day, half evening price', () => {
    const t0 = Date.UTC(2025, 0, 6, 14, 30); // 17:30 EAT
    // 6 kWh × 0.20 + 6 kWh × 0.40 = 3.60; evaluated in UTC (14:30–15:30) it would be 12 kWh × 0.20 = 2.40
    expect(hourFrom(t0, { utcOffset: stationOffset(() => 'Africa/Nairobi') })).toBe(3.6);
  });

  it('Asia/Kolkata (UTC+5:30): 21:30–22:30 local is half evening, half day price', () => {
    const t0 = Date.UTC(2025, 0, 6, 16, 0); // 21:30 IST
    expect(hourFrom(t0, { utcOffset: stationOffset(() => 'Asia/Kolkata') })).toBe(3.6);
  });

  it('Europe/Berlin across the spring DST change: 18:00 is 17:00 UTC on Saturday, 16:00 UTC on Sunday', () => {
    const berlin = { utcOffset: stationOffset(() => 'Europe/Berlin') };
    // Saturday 2025-03-29 (CET, +1): 16:30–17:30 UTC = 17:30–18:30 local → 3.60
    expect(hourFrom(Date.UTC(2025, 2, 29, 16, 30), berlin)).toBe(3.6);
    // Sunday 2025-03-30 (CEST, +2 since 01:00 UTC): the same UTC hour is 18:30–19:30 local → all evening, 4.80
    expect(hourFrom(Date.UTC(2025, 2, 30, 16, 30), berlin)).toBe(4.8);
    // and 15:30–16:30 UTC Sunday is 17:30–18:30 local → 3.60
    expect(hourFrom(Date.UTC(2025, 2, 30, 15, 30), berlin)).toBe(3.6);
  });

  it('without ClockCtrlr.TimeZone the core uses the system time zone (here TZ=Asia/Kolkata), not UTC', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(hourFrom(Date.UTC(2025, 0, 6, 16, 0))).toBe(3.6);
    expect(priceText(EVENING, { atMs: Date.UTC(2025, 0, 6, 13, 0) }).perKwh).toBe('0.40 EUR/kWh'); // 18:30 IST
    expect(hourFrom(Date.UTC(2025, 0, 6, 16, 0), { utcOffset: stationOffset(() => undefined) })).toBe(3.6);
  });

  it('an unknown configured zone falls back to the system zone and is reported once', () => {
    process.env.TZ = 'Africa/Nairobi';
    const unknown: string[] = [];
    const offset = stationOffset(() => 'Mars/Olympus_Mons', (z) => unknown.push(z));
    expect(offset(Date.UTC(2025, 0, 6))).toBe(180);
    expect(offset(Date.UTC(2025, 0, 7))).toBe(180);
    expect(unknown).toEqual(['Mars/Olympus_Mons']);
  });
});

describe('E14 ClockCtrlr.TimeZone (OCPP 2.0.1 part 2 appendix 3)', () => {
  it('is in the catalog, writable with an IANA name, and a change applies to the next evaluation', () => {
    const dm = new DeviceModel({ definitions: coreCatalog(), persistence: new MemoryPersistence() });
    expect(dm.get('ClockCtrlr', 'TimeZone')).toMatchObject({ status: 'Accepted', value: '' });
    expect(dm.set('ClockCtrlr', 'TimeZone', 'not a zone!').status).toBe('Rejected');
    const offset = stationOffset(() => dm.str('ClockCtrlr', 'TimeZone') || undefined);
    expect(dm.set('ClockCtrlr', 'TimeZone', 'Asia/Kolkata').status).toBe('Accepted');
    expect(offset(Date.UTC(2025, 0, 6))).toBe(330);
    dm.set('ClockCtrlr', 'TimeZone', 'Europe/Berlin');
    expect(offset(Date.UTC(2025, 6, 1))).toBe(120);
  });
});
