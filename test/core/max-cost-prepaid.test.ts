// E14 maxCost never exceeded: a prepaid session stops early by the contactor's opening time and is never billed above maxCost.

import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Contactor, ContactorEvents, ContactorStatus } from '../../hal/contactor/contactor.js';
import { OpenLatency } from '../../agent/core/limits/open-latency.js';
import { txLimitFactory } from '../../agent/core/limits/tx-limit-factory.js';
import { EvseSafety } from '../../agent/core/safety/evse-safety.js';
import { configDefaultTariff } from '../../agent/core/tariffs/config-tariff.js';
import { CostTracker } from '../../agent/core/tariffs/cost-tracker.js';
import { fixedOffset } from '../../agent/core/tariffs/local-time.js';
import { TariffStore } from '../../agent/core/tariffs/tariff-store.js';
import type { TxState } from '../../agent/core/transactions/tx-state.js';
import { FakeDevice } from './fakes/fake-device.js';
import { FakeMeter } from './fakes/fake-meter.js';

const E0 = 50_000;
const T0 = 1_700_000_000_000;
const POWER_W = 7400;
/** Net energy price, EUR/kWh (+ 19 % VAT): 7.4 kW costs 0.61 cent per second. */
const NET_PER_KWH = 2.5;
const log = pino({ level: 'silent' });

/** A Meter fed by hand (readings stamped with the fake clock). */
const handFedMeter = (): FakeMeter => new FakeMeter(0, () => Date.now());

/**
 * The session: maxCost 19.05 incl. tax, 7.4 kW, 2.50 EUR/kWh + 19 % VAT and a 1.50 session fee (1.785 incl.
 * VAT, rounded up to 1.79). Spent at the exact crossing, energy costs 17.265 + what flows while the contacts open:
 * rounded half-up 17.27, billed 19.06. The meter is read every second; the contacts open `actualOpenMs` after the
 * decision. Returns the billed total (Ended costDetails totalCost.total.inclTax).
 */
function prepaidSession(o: { configuredOpenMs: number; actualOpenMs: number; maxCost?: number }): { billed: number; exactOverMinor: number } {
  vi.setSystemTime(T0);
  const tariffs = new TariffStore({
    evseIds: [1],
    settings: () => ({ tariffEnabled: true, conditionsSupported: true, currency: 'EUR', maxElements: 3 }),
    configDefault: configDefaultTariff({ currency: 'EUR', pricePerKwh: NET_PER_KWH, sessionFee: 1.5, taxPercent: 19 }),
    logger: log,
  });
  const costs = new CostTracker(tariffs, { logger: log, utcOffset: fixedOffset(0) });
  const meter = handFedMeter();
  const tx = { transactionId: 'TX', evseId: 1, startedAt: T0, startEnergyWh: E0 } as TxState;
  costs.start(tx);
  let decidedAt: number | undefined;
  const latency = new OpenLatency(o.configuredOpenMs);
  const limits = txLimitFactory({ meter, costs, openLatencyMs: () => latency.ms(), logger: log })(tx, () => {
    decidedAt ??= Date.now();
  });
  const registerAt = (ms: number): number => Math.round((E0 + (POWER_W * (ms - T0)) / 3_600_000) * 100) / 100;
  const read = (charging: boolean): void => {
    const r = meter.feed(registerAt(Date.now()), charging ? POWER_W : 0);
    costs.reading('TX', r, charging);
  };
  read(true);
  limits.update({ maxCost: o.maxCost ?? 19.05 });
  for (let s = 0; s < 4 * 3600 && decidedAt === undefined; s++) {
    vi.advanceTimersByTime(1000);
    if (decidedAt === undefined) read(true);
  }
  if (decidedAt === undefined) throw new Error('the cost limit never fired');
  vi.setSystemTime(decidedAt + o.actualOpenMs); // the contacts open: the last energy flowed, the final reading
  read(false);
  limits.stop();
  const details = costs.details('TX');
  const billed = details?.totalCost.total.inclTax ?? NaN;
  const exact = ((registerAt(Date.now()) - E0) / 1000) * NET_PER_KWH * 1.19 + 1.5 * 1.19;
  return { billed, exactOverMinor: Math.round((exact - (o.maxCost ?? 19.05)) * 100 * 1000) / 1000 };
}

describe('E14/C maxCost never exceeded (transactionLimit.maxCost incl. tax is what the driver prepaid)', () => {
  beforeEach(() => vi.useFakeTimers({ now: T0 }));
  afterEach(() => vi.useRealTimers());

  it('E14/C maxCost never exceeded: 19.05 at 7.4 kW with VAT and a session fee is billed at most 19.05, not 19.06', () => {
    for (const actualOpenMs of [0, 40, 120, 250]) {
      const r = prepaidSession({ configuredOpenMs: 250, actualOpenMs });
      expect(r.billed, `contacts open ${actualOpenMs} ms after the decision`).toBeLessThanOrEqual(19.05);
      expect(r.billed).toBeGreaterThanOrEqual(19.03);
      expect(r.exactOverMinor, 'stopping early by the opening time keeps the exact cost within maxCost').toBeLessThanOrEqual(0);
    }
  });

  it('E14/C maxCost never exceeded across amounts, even with an opening time nobody configured', () => {
    for (let i = 0; i < 20; i++) {
      const maxCost = Math.round((5 + i * 0.73) * 100) / 100;
      expect(prepaidSession({ configuredOpenMs: 0, actualOpenMs: 300, maxCost }).billed, `maxCost ${maxCost}`).toBeLessThanOrEqual(maxCost);
    }
  });
});

/** A contactor whose feedback follows an open command after `openMs` (fake clock). */
class SlowContactor extends FakeDevice<ContactorEvents> implements Contactor {
  readonly id = 'slow';
  private s: ContactorStatus = { commanded: 'closed', feedback: 'closed', fault: undefined };
  constructor(private readonly openMs: number) {
    super();
  }
  close(): Promise<void> {
    this.s = { ...this.s, commanded: 'closed', feedback: 'closed' };
    return Promise.resolve();
  }
  open(): Promise<void> {
    if (this.s.feedback === 'open') return Promise.resolve();
    this.s = { ...this.s, commanded: 'open' };
    return new Promise((resolve) =>
      setTimeout(() => {
        this.s = { ...this.s, feedback: 'open' };
        resolve();
      }, this.openMs),
    );
  }
  status(): ContactorStatus {
    return this.s;
  }
  refresh(): Promise<ContactorStatus> {
    return Promise.resolve(this.s);
  }
}

describe('E14/C the contactor opening time is measured (command → feedback open)', () => {
  beforeEach(() => vi.useFakeTimers({ now: T0 }));
  afterEach(() => vi.useRealTimers());

  it('the slower of the configured and the measured time is what a limit stops early by', async () => {
    const latency = new OpenLatency(100);
    const contactor = new SlowContactor(180);
    const safety = new EvseSafety({ evseId: 1, meter: handFedMeter(), contactor, logger: log, now: () => Date.now(), onOpenMeasured: (ms) => latency.measured(ms) });
    expect(latency.ms()).toBe(100);
    const opened = safety.open('test');
    await vi.advanceTimersByTimeAsync(180);
    await opened;
    expect(latency.measuredMs()).toBe(180);
    expect(latency.ms()).toBe(180);
    // an opening that was already open measures nothing
    await safety.open('again');
    expect(latency.measuredMs()).toBe(180);
    expect(new OpenLatency(400).ms()).toBe(400);
    safety.dispose();
  });
});
