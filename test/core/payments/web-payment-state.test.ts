// Web-payment state per EVSE: NotifyWebPaymentStarted hides the code until the session starts, a failure arrives or the timeout passes.

import { afterEach, describe, expect, it } from 'vitest';
import { WebPaymentState, type WebPaymentChange, type WebPaymentEvseState } from '../../../agent/core/payments/web-payment-state.js';
import { FakeClock } from './fake-clock.js';

const T0 = 1_716_423_785_000;
let state: WebPaymentState | undefined;
afterEach(() => state?.close());

function setup() {
  const clock = new FakeClock(T0);
  const s = new WebPaymentState({ evseIds: [1, 2], now: clock.now, timers: clock, messageS: 5, timeoutMessage: 'Payment timed out' });
  state = s;
  const changes: Array<{ state: WebPaymentEvseState; why: WebPaymentChange }> = [];
  s.on('change', (st, why) => changes.push({ state: st, why }));
  return { clock, s, changes };
}

describe('WebPaymentState', () => {
  it('starts ready: a scannable code may be shown and nothing is blocked', () => {
    const { s } = setup();
    expect(s.scannable(1)).toBe(true);
    expect(s.blocksLocalStart(1)).toBe(false);
    expect(s.state(1)).toEqual({ evseId: 1, phase: 'ready' });
  });

  it('NotifyWebPaymentStarted: no scannable code and local starts blocked until the session starts', () => {
    const { s, clock, changes } = setup();
    expect(s.paymentStarted(1, 60)).toBe(true);
    expect(s.scannable(1)).toBe(false);
    expect(s.blocksLocalStart(1)).toBe(true);
    expect(s.state(1)).toEqual({ evseId: 1, phase: 'payment-in-progress', paymentUntil: T0 + 60_000 });
    expect(s.scannable(2)).toBe(true);
    clock.advance(20_000);
    s.sessionStarted(1);
    expect(s.state(1).phase).toBe('session');
    expect(s.scannable(1)).toBe(false);
    expect(s.blocksLocalStart(1)).toBe(false);
    // The payment timer is gone: nothing happens when the old timeout passes.
    clock.advance(60_000);
    expect(s.state(1).phase).toBe('session');
    s.sessionEnded(1);
    expect(s.scannable(1)).toBe(true);
    expect(changes.map((c) => c.why)).toEqual(['payment-started', 'session-started', 'session-ended']);
  });

  it('the timeout passing without a session shows the code again, with the timeout message for a while', () => {
    const { s, clock, changes } = setup();
    s.paymentStarted(1, 30);
    clock.advance(29_999);
    expect(s.scannable(1)).toBe(false);
    clock.advance(1);
    expect(s.scannable(1)).toBe(true);
    expect(s.state(1)).toEqual({ evseId: 1, phase: 'ready', message: 'Payment timed out', messageUntil: T0 + 35_000 });
    clock.advance(5_000);
    expect(s.state(1)).toEqual({ evseId: 1, phase: 'ready' });
    expect(changes.map((c) => c.why)).toEqual(['payment-started', 'payment-timeout', 'message-expired']);
  });

  it('sent again, it updates the timeout; timeout 0 revokes it silently', () => {
    const { s, clock, changes } = setup();
    s.paymentStarted(1, 30);
    clock.advance(20_000);
    s.paymentStarted(1, 60);
    clock.advance(30_000);
    expect(s.scannable(1)).toBe(false);
    expect(s.paymentStarted(1, 0)).toBe(true);
    expect(s.state(1)).toEqual({ evseId: 1, phase: 'ready' });
    expect(clock.pending).toBe(0);
    expect(changes.map((c) => c.why)).toEqual(['payment-started', 'payment-started', 'payment-revoked']);
  });

  it('NotifyWebPaymentFailed: back to a scannable code with the message, which expires', () => {
    const { s, clock } = setup();
    s.paymentStarted(2, 120);
    expect(s.paymentFailed(2, 'Payment network unreachable!')).toBe(true);
    expect(s.scannable(2)).toBe(true);
    expect(s.blocksLocalStart(2)).toBe(false);
    expect(s.state(2).message).toBe('Payment network unreachable!');
    clock.advance(5_000);
    expect(s.state(2).message).toBeUndefined();
    // The payment timeout no longer fires.
    clock.advance(200_000);
    expect(s.state(2)).toEqual({ evseId: 2, phase: 'ready' });
  });

  it('while a session runs, Started and Failed are ignored', () => {
    const { s } = setup();
    s.sessionStarted(1);
    expect(s.paymentStarted(1, 60)).toBe(false);
    expect(s.paymentFailed(1, 'x')).toBe(false);
    expect(s.state(1)).toEqual({ evseId: 1, phase: 'session' });
  });

  it('rejects an unknown EVSE and a timeout outside 0..300 s', () => {
    const { s } = setup();
    expect(() => s.paymentStarted(3, 60)).toThrow(/evseId 3 is not one of the EVSEs 1, 2/);
    expect(() => s.paymentStarted(1, 301)).toThrow(/timeoutS must be an integer 0\.\.300/);
    expect(() => s.paymentStarted(1, -1)).toThrow(RangeError);
  });

  it('close() cancels the timers', () => {
    const { s, clock } = setup();
    s.paymentStarted(1, 60);
    s.paymentFailed(2, 'x');
    expect(clock.pending).toBe(2);
    s.close();
    expect(clock.pending).toBe(0);
  });
});
