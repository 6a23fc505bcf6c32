// Builds one EvseController from fakes (meter, vehicle, safety, journal, limits, settings) and a clock the test sets.

import { pino } from 'pino';
import { EvseController } from '../../../agent/core/evse/evse-controller.js';
import type { ConnectorStatus } from '../../../agent/core/evse/connector-status.js';
import type { LimitFactory } from '../../../agent/core/evse/evse-ports.js';
import type { VehicleState } from '../../../hal/vehicle/vehicle-connection.js';
import type { FakeCosts } from './fake-costs.js';
import { fakeEvseSettings, type EvseSettingValues } from './fake-evse-settings.js';
import { FakeLimits } from './fake-limits.js';
import { FakeMeter } from './fake-meter.js';
import { FakeSafety } from './fake-safety.js';
import { FakeVehicle } from './fake-vehicle.js';
import { MemoryJournal } from './memory-journal.js';

export const silentLogger = pino({ level: 'silent' });

export interface EvseUnderTest {
  evse: EvseController;
  meter: FakeMeter;
  vehicle: FakeVehicle;
  safety: FakeSafety;
  journal: MemoryJournal;
  limits: FakeLimits;
  settings: ReturnType<typeof fakeEvseSettings>;
  statuses: ConnectorStatus[];
  clock: { ms: number };
  /** Runs every step queued so far (and those they queue). */
  settled: () => Promise<void>;
}

export interface EvseOptions {
  evseId?: number;
  vehicle?: VehicleState | 'unknown';
  settings?: Partial<EvseSettingValues>;
  journal?: MemoryJournal;
  /** A cost engine (none: no cost is computed). */
  costs?: FakeCosts;
  /** false: the test calls recover() and start() itself. */
  start?: boolean;
  /** A real limit factory built on the fake meter and clock (default: FakeLimits, fired by hand). */
  limits?: (meter: FakeMeter, now: () => number) => LimitFactory;
}

export async function evseUnderTest(o: EvseOptions = {}): Promise<EvseUnderTest> {
  const clock = { ms: Date.UTC(2026, 0, 1, 12, 0, 0) };
  const now = () => clock.ms;
  const meter = new FakeMeter(1000, now);
  const vehicle = new FakeVehicle(o.vehicle ?? 'disconnected');
  const safety = new FakeSafety();
  const journal = o.journal ?? new MemoryJournal();
  const limits = new FakeLimits();
  const settings = fakeEvseSettings(o.settings);
  const evse = new EvseController({
    evseId: o.evseId ?? 1,
    connectorId: 1,
    meter,
    vehicle,
    safety,
    journal,
    settings,
    limits: o.limits ? o.limits(meter, now) : limits.factory,
    ...(o.costs ? { costs: o.costs } : {}),
    logger: silentLogger,
    now,
  });
  const statuses: ConnectorStatus[] = [];
  evse.on('status', (s) => statuses.push(s));
  const settled = async () => {
    // a step may queue another (a limit reached, a timer): wait until the chain stops growing
    for (let i = 0; i < 5; i++) {
      await evse.idle();
      await new Promise((r) => setImmediate(r));
    }
  };
  if (o.start !== false) {
    evse.start();
    await settled();
  }
  return { evse, meter, vehicle, safety, journal, limits, settings, statuses, clock, settled };
}
