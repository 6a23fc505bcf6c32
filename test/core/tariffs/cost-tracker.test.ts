// The CostTracker binds a transaction's tariff at its start and again when a token authorizes a transaction that started without one (I08).

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { MeterReading } from '../../../hal/meter/meter.js';
import { CostTracker } from '../../../agent/core/tariffs/cost-tracker.js';
import { TariffStore } from '../../../agent/core/tariffs/tariff-store.js';
import type { TxState } from '../../../agent/core/transactions/tx-state.js';
import type { TariffType } from '../../../agent/core/types/v21.js';

const T0 = Date.UTC(2025, 0, 6, 10, 0, 0);
const flat = (tariffId: string, priceKwh: number): TariffType => ({ tariffId, currency: 'EUR', energy: { prices: [{ priceKwh }] } });

function setup() {
  const store = new TariffStore({
    evseIds: [1],
    settings: () => ({ tariffEnabled: true, conditionsSupported: true, currency: 'EUR', maxElements: 3 }),
    now: () => T0,
    configDefault: flat('DEF', 0.3),
  });
  const tracker = new CostTracker(store, { logger: pino({ level: 'silent' }) });
  // started at plug-in: no token yet
  const tx: TxState = {
    transactionId: 'tx1',
    evseId: 1,
    connectorId: 1,
    startedAt: T0,
    startEnergyWh: 1000,
    lastEnergyWh: 1000,
    lastEnergyAt: T0,
    authorized: false,
    limits: {},
    chargingState: 'EVConnected',
    chargingMs: 0,
    seen: { evConnected: true, authorized: false, powerPathClosed: false, energyTransfer: false },
    ended: false,
  };
  tracker.start(tx);
  return { store, tracker, tx };
}

const reading = (atMs: number, energyWh: number): MeterReading => ({ timestamp: atMs, energyImportWh: energyWh, powerW: 0, phases: {} });

describe('CostTracker: a transaction authorized after it started (I08)', () => {
  it('I08 the token\'s driver tariff prices the whole session, readings before the authorization included', () => {
    const { store, tracker, tx } = setup();
    tracker.reading('tx1', reading(T0 + 60_000, 1000), false);
    expect(tracker.details('tx1')?.chargingPeriods?.map((p) => p.tariffId)).toEqual(['DEF']);
    store.receiveDriverTariff('CARD', flat('DRV', 0.2));
    tx.idToken = { idToken: 'CARD', type: 'ISO14443' };
    tx.authorized = true;
    tracker.authorized(tx);
    tracker.reading('tx1', reading(T0 + 120_000, 2000), true);
    const details = tracker.details('tx1');
    expect(details?.chargingPeriods?.map((p) => p.tariffId)).toEqual(['DRV']);
    expect(tracker.total('tx1')).toBeCloseTo(0.2, 2); // 1 kWh at the driver's 0.20, not the default's 0.30
  });

  it('I08 HandleFailedTariff CentralCost: no local cost once that token authorizes the transaction', () => {
    const { store, tracker, tx } = setup();
    store.useCentralCost('CARD-USD');
    tx.idToken = { idToken: 'CARD-USD', type: 'ISO14443' };
    tracker.authorized(tx);
    tracker.reading('tx1', reading(T0 + 60_000, 2000), true);
    expect(tracker.details('tx1')).toBeUndefined();
    expect(tracker.total('tx1')).toBeUndefined();
  });

  it('I08 a maxCost budget armed before the authorization follows the rebound tariff (none under CentralCost)', () => {
    const { store, tracker, tx } = setup();
    const budget = tracker.budget('tx1', 0.6)!;
    expect(budget.remainingWh({ deliveredWh: 0, elapsedMs: 0 })).toBeCloseTo(2000, 6); // 0.60 at the default's 0.30
    store.receiveDriverTariff('CARD', flat('DRV', 0.2));
    tx.idToken = { idToken: 'CARD', type: 'ISO14443' };
    tracker.authorized(tx);
    expect(budget.remainingWh({ deliveredWh: 0, elapsedMs: 0 })).toBeCloseTo(3000, 6); // at the driver's 0.20
    const central = setup();
    const centralBudget = central.tracker.budget('tx1', 0.6)!;
    central.store.useCentralCost('CARD-USD');
    central.tx.idToken = { idToken: 'CARD-USD', type: 'ISO14443' };
    central.tracker.authorized(central.tx);
    expect(centralBudget.remainingWh({ deliveredWh: 0, elapsedMs: 0 })).toBe(Infinity);
  });

  it('a token without its own pricing keeps the default bound at the start', () => {
    const { tracker, tx } = setup();
    tx.idToken = { idToken: 'PLAIN', type: 'ISO14443' };
    tracker.authorized(tx);
    tracker.reading('tx1', reading(T0 + 60_000, 2000), true);
    expect(tracker.details('tx1')?.chargingPeriods?.map((p) => p.tariffId)).toEqual(['DEF']);
  });
});
