// PricingTriggers: when a California pricing RunningCost's triggerMeterValue fires.

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MeterReading } from '../../../hal/meter/meter.js';
import { PricingTriggers, type PricingTriggerCause } from '../../../agent/core/pricing/pricing-triggers.js';

const reading = (energyImportWh: number, powerW: number): MeterReading => ({ timestamp: Date.now(), energyImportWh, powerW, phases: {} }) as MeterReading;

function setup() {
  const sent: { evseId: number; transactionId: string; cause: PricingTriggerCause }[] = [];
  const t = new PricingTriggers({ send: (evseId, transactionId, cause) => sent.push({ evseId, transactionId, cause }) });
  return { t, sent, causes: () => sent.map((s) => s.cause) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PricingTriggers', () => {
  it('atEnergykWh fires once when the register reaches it', () => {
    const { t, sent, causes } = setup();
    t.set(1, 'tx-1', { atEnergykWh: 1000.5 });
    t.reading(1, reading(1_000_499, 22_000));
    expect(sent).toEqual([]);
    t.reading(1, reading(1_000_500, 22_000));
    t.reading(1, reading(1_000_600, 22_000));
    expect(sent).toEqual([{ evseId: 1, transactionId: 'tx-1', cause: 'atEnergykWh' }]);
    expect(causes()).toHaveLength(1);
  });

  it('atPowerkW fires on each crossing beyond a 5 % band, not on fluctuation around it, not on the first reading', () => {
    const { t, causes } = setup();
    t.set(1, 'tx-1', { atPowerkW: 10 });
    t.reading(1, reading(0, 22_000)); // first: above, nothing sent
    t.reading(1, reading(0, 9_600)); // below 10 kW but inside the band (9.5 kW)
    expect(causes()).toEqual([]);
    t.reading(1, reading(0, 9_400));
    expect(causes()).toEqual(['atPowerkW']);
    t.reading(1, reading(0, 10_200)); // back over 10 kW, inside the band (10.5 kW)
    t.reading(1, reading(0, 0));
    expect(causes()).toEqual(['atPowerkW']);
    t.reading(1, reading(0, 10_600));
    expect(causes()).toEqual(['atPowerkW', 'atPowerkW']);
  });

  it('atCPStatus fires for each listed status taken; others do nothing', () => {
    const { t, causes } = setup();
    t.set(2, 'tx-2', { atCPStatus: ['SuspendedEV', 'Finishing'] });
    t.status(2, 'Charging');
    t.status(2, 'SuspendedEV');
    t.status(1, 'SuspendedEV'); // another EVSE
    t.status(2, 'Finishing');
    expect(causes()).toEqual(['atCPStatus', 'atCPStatus']);
  });

  it('atTime fires once at that time; a past time is ignored; a new RunningCost replaces the triggers; the end of the transaction clears them', () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-23T12:00:00Z') });
    const { t, causes } = setup();
    t.set(1, 'tx-1', { atTime: '2026-11-23T11:59:00Z' });
    vi.advanceTimersByTime(120_000);
    expect(causes()).toEqual([]);
    t.set(1, 'tx-1', { atTime: '2026-11-23T12:03:00Z', atEnergykWh: 1 });
    t.set(1, 'tx-1', { atTime: '2026-11-23T12:05:00Z' }); // replaces: no 12:03, no energy trigger
    t.reading(1, reading(5_000, 0));
    vi.advanceTimersByTime(60_000);
    expect(causes()).toEqual([]);
    vi.advanceTimersByTime(120_000);
    expect(causes()).toEqual(['atTime']);
    t.set(1, 'tx-1', { atTime: '2026-11-23T12:10:00Z', atCPStatus: ['Faulted'] });
    t.clearTransaction('tx-1');
    vi.advanceTimersByTime(600_000);
    t.status(1, 'Faulted');
    expect(causes()).toEqual(['atTime']);
  });
});
