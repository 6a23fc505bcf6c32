// Shared steps of the EvseController unit tests: a fixture that stops the EVSE after each test, a charging session, the Ended event.

import { afterEach, vi } from 'vitest';
import type { TxEvent } from '../../../agent/core/transactions/tx-types.js';
import { evseUnderTest, type EvseUnderTest } from './evse-under-test.js';

export const TOKEN = { idToken: 'CARD-1', type: 'ISO14443' };

/** Fake timers for the interval and timeout tests; setImmediate and the clock stay real (the clock is injected). */
export const TIMERS: Parameters<typeof vi.useFakeTimers>[0] = { toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] };

/** Returns a setup function; the EVSE it builds is stopped, and real timers restored, after each test. */
export function evseFixture(): (...args: Parameters<typeof evseUnderTest>) => Promise<EvseUnderTest> {
  let current: EvseUnderTest | undefined;
  afterEach(() => {
    current?.evse.stop();
    current = undefined;
    vi.useRealTimers();
  });
  return async (...args) => {
    current = await evseUnderTest(...args);
    return current;
  };
}

/** Plugged, authorized, EV ready: a transaction with the contactor closed. */
export async function charging(t: EvseUnderTest): Promise<string> {
  t.vehicle.set('connected');
  await t.settled();
  await t.evse.localStart(TOKEN);
  t.vehicle.set('ready');
  t.meter.set({ powerW: 7000 });
  await t.settled();
  const tx = t.evse.transaction();
  if (!tx) throw new Error('no transaction');
  return tx.transactionId;
}

export function ended(t: EvseUnderTest): TxEvent {
  const e = t.journal.events.find((x) => x.eventType === 'Ended');
  if (!e) throw new Error(`no Ended event in ${t.journal.trace().join(', ')}`);
  return e;
}
