// CsmsPriceInfo: the CSMS's user price, running cost and final cost per EVSE and transaction, as display overrides; unknown transactions refused.

import { describe, expect, it } from 'vitest';
import { CsmsPriceInfo, priceLines, type CsmsTxRef } from '../../../agent/core/pricing/california-display.js';
import type { FinalCost, RunningCost, SetUserPrice } from '../../../agent/core/pricing/cost-messages.js';

function setup(o: { ttlMs?: number; languages?: string[] } = {}) {
  const open: CsmsTxRef[] = [];
  let now = 1_700_000_000_000;
  const changes: number[] = [];
  const info = new CsmsPriceInfo({
    transactions: () => open,
    currency: () => 'USD',
    ...(o.languages ? { languages: () => o.languages! } : {}),
    defaultLanguage: () => 'en',
    now: () => now,
    ...(o.ttlMs !== undefined ? { userPriceTtlMs: o.ttlMs } : {}),
  });
  info.on('change', (e) => changes.push(e));
  return { info, open, changes, advance: (ms: number) => (now += ms) };
}

const user = (idToken: string, priceText = '$0.12/kWh, no idle fee'): SetUserPrice => ({
  kind: 'SetUserPrice',
  idToken,
  priceText,
  priceTextExtra: [{ format: 'UTF8', language: 'nl', content: '€0.12/kWh' }],
});
const running = (transactionId: string, cost: number, extra: Partial<RunningCost> = {}): RunningCost => ({
  kind: 'RunningCost',
  transactionId,
  cost,
  timestamp: '2024-03-19T12:05:00Z',
  meterValueWh: 1000,
  state: 'Charging',
  chargingPrice: { kWhPrice: 0.12, hourPrice: 1, flatFee: 0.5 },
  idlePrice: { graceMinutes: 30, hourPrice: 2 },
  priceTextExtra: [],
  ...extra,
});
const final = (transactionId: string, cost: number, qrCodeText?: string): FinalCost => ({
  kind: 'FinalCost',
  transactionId,
  cost,
  priceText: `TOTAL ${cost}`,
  priceTextExtra: [{ format: 'UTF8', language: 'nl', content: `TOTAAL ${cost}` }],
  ...(qrCodeText ? { qrCodeText } : {}),
});

describe('CsmsPriceInfo', () => {
  it('nothing from the CSMS: no override (the local tariff shows)', () => {
    const { info, open } = setup();
    expect(info.priceFor(1)).toBeUndefined();
    open.push({ evseId: 1, transactionId: 'tx-1', idToken: 'ABC' });
    expect(info.priceFor(1)).toBeUndefined();
    expect(info.runningCostFor(1)).toBeUndefined();
  });

  it('SetUserPrice shows on the EVSE whose transaction has that idToken (case-insensitively), and only there', () => {
    const { info, open, changes } = setup();
    open.push({ evseId: 1, transactionId: 'tx-1', idToken: 'abc' }, { evseId: 2, transactionId: 'tx-2', idToken: 'OTHER' });
    expect(info.apply(user('ABC'))).toEqual({ ok: true, evseId: 1 });
    expect(changes).toEqual([1]);
    expect(info.priceFor(1)).toEqual({ currency: 'USD', text: '$0.12/kWh, no idle fee' });
    expect(info.priceFor(2)).toBeUndefined();
  });

  it('SetUserPrice before the transaction knows its idToken is kept and applies once it does; it expires after the TTL unless in use', () => {
    const { info, open, advance } = setup({ ttlMs: 60_000 });
    expect(info.onSetUserPrice(user('ABC'))).toEqual({ ok: true });
    open.push({ evseId: 1, transactionId: 'tx-1' });
    expect(info.priceFor(1)).toBeUndefined();
    open[0] = { evseId: 1, transactionId: 'tx-1', idToken: 'ABC' };
    expect(info.priceFor(1)?.text).toBe('$0.12/kWh, no idle fee');
    advance(120_000);
    expect(info.priceFor(1)?.text).toBe('$0.12/kWh, no idle fee'); // in use: kept
    info.onSetUserPrice(user('LATE'));
    advance(61_000);
    open.push({ evseId: 2, transactionId: 'tx-2', idToken: 'LATE' });
    expect(info.priceFor(2)).toBeUndefined(); // arrived more than the TTL before its transaction
  });

  it('a user price stays with the transaction it was shown for: the same driver\'s next transaction does not inherit it', () => {
    const { info, open } = setup();
    open.push({ evseId: 1, transactionId: 'tx-1', idToken: 'ABC' });
    info.onSetUserPrice(user('ABC'));
    expect(info.priceFor(1)?.text).toBeDefined();
    open[0] = { evseId: 1, transactionId: 'tx-2', idToken: 'ABC' };
    expect(info.priceFor(1)).toBeUndefined();
    info.onSetUserPrice(user('ABC', 'new price'));
    expect(info.priceFor(1)?.text).toBe('new price');
  });

  it('the preferred language of the multi-language texts is shown', () => {
    const { info, open } = setup({ languages: ['nl'] });
    open.push({ evseId: 1, transactionId: 'tx-1', idToken: 'ABC' });
    info.onSetUserPrice(user('ABC'));
    expect(info.priceFor(1)?.text).toBe('€0.12/kWh');
  });

  it('RunningCost: the cost and the prices in force replace the user price lines; the text stays', () => {
    const { info, open, changes } = setup();
    open.push({ evseId: 1, transactionId: 'tx-1', idToken: 'ABC' });
    info.onSetUserPrice(user('ABC'));
    expect(info.onRunningCost(running('tx-1', 1.23))).toEqual({ ok: true, evseId: 1 });
    expect(changes).toEqual([1, 1]);
    expect(info.runningCostFor(1)).toBe(1.23);
    expect(info.priceFor(1)).toEqual({
      currency: 'USD',
      perKwh: '0.12 USD/kWh',
      time: '1.00 USD/h charging · 2.00 USD/h idle after 30 min',
      sessionFee: '0.50 USD per session',
      text: '$0.12/kWh, no idle fee',
    });
    info.onRunningCost(running('tx-1', 2.5, { priceText: 'Now 2.50' }));
    expect(info.runningCostFor(1)).toBe(2.5);
    expect(info.priceFor(1)?.text).toBe('Now 2.50');
    expect(info.runningCostOf('tx-1')?.meterValueWh).toBe(1000);
  });

  it('RunningCost with nextPeriod: its prices show from its atTime on (the display is rebuilt every second)', () => {
    const { info, open, advance } = setup();
    open.push({ evseId: 1, transactionId: 'tx-1' });
    const at = new Date(1_700_000_000_000 + 60_000).toISOString();
    info.onRunningCost(running('tx-1', 1, { nextPeriod: { atTime: at, chargingPrice: { kWhPrice: 0.2, hourPrice: 0, flatFee: 0 } } }));
    expect(info.priceFor(1)?.perKwh).toBe('0.12 USD/kWh');
    advance(59_999);
    expect(info.priceFor(1)?.perKwh).toBe('0.12 USD/kWh');
    advance(1);
    expect(info.priceFor(1)?.perKwh).toBe('0.20 USD/kWh');
    expect(info.priceFor(1)?.time).toBe('2.00 USD/h idle after 30 min'); // no idlePrice in nextPeriod: the current one stays
  });

  it('RunningCost of a transaction the station does not have: refused with UnknownTransaction, nothing changes', () => {
    const { info, changes } = setup();
    const r = info.onRunningCost(running('nope', 1));
    expect(r).toEqual({ ok: false, reasonCode: 'UnknownTransaction', additionalInfo: "RunningCost: no transaction 'nope' on this station" });
    expect(changes).toEqual([]);
  });

  it('a running cost belongs to its transaction: the next transaction on the EVSE starts without it', () => {
    const { info, open } = setup();
    open.push({ evseId: 1, transactionId: 'tx-1' });
    info.onRunningCost(running('tx-1', 4));
    open[0] = { evseId: 1, transactionId: 'tx-2' };
    expect(info.runningCostFor(1)).toBeUndefined();
    expect(info.priceFor(1)).toBeUndefined();
  });

  it('FinalCost after the transaction ended: found through the transactions noted, with the receipt text and QR text', () => {
    const { info, open, changes } = setup({ languages: ['nl'] });
    open.push({ evseId: 2, transactionId: 'tx-7', idToken: 'ABC' });
    info.noteTransaction({ evseId: 2, transactionId: 'tx-7' });
    info.onRunningCost(running('tx-7', 3));
    open.length = 0;
    expect(info.onFinalCost(final('tx-7', 3.31, 'https://cpo.example.com/i/1'))).toEqual({ ok: true, evseId: 2 });
    expect(changes.at(-1)).toBe(2);
    expect(info.finalFor('tx-7')).toMatchObject({ transactionId: 'tx-7', evseId: 2, cost: 3.31, currency: 'USD', priceText: 'TOTAAL 3.31', qrCodeText: 'https://cpo.example.com/i/1' });
    expect(info.runningCostOf('tx-7')).toBeUndefined();
    expect(info.onFinalCost(final('never-seen', 1))).toMatchObject({ ok: false, reasonCode: 'UnknownTransaction' });
  });

  it('ended transactions are remembered up to the bound, the oldest forgotten first', () => {
    const open: CsmsTxRef[] = [];
    const info = new CsmsPriceInfo({ transactions: () => open, currency: () => 'EUR', remember: 2 });
    for (const id of ['a', 'b', 'c']) info.noteTransaction({ evseId: 1, transactionId: id });
    expect(info.onFinalCost(final('a', 1)).ok).toBe(false);
    expect(info.onFinalCost(final('b', 1)).ok).toBe(true);
    expect(info.onFinalCost(final('c', 1)).ok).toBe(true);
  });

  it('clear() forgets everything and tells each EVSE', () => {
    const { info, open, changes } = setup();
    open.push({ evseId: 1, transactionId: 'tx-1', idToken: 'ABC' });
    info.onSetUserPrice(user('ABC'));
    info.onRunningCost(running('tx-1', 1));
    changes.length = 0;
    info.clear();
    expect(changes).toEqual([1]);
    expect(info.priceFor(1)).toBeUndefined();
    expect(info.runningCostFor(1)).toBeUndefined();
  });
});

describe('priceLines', () => {
  it('formats to the currency minor unit, more digits when the price has them; zero prices are left out', () => {
    expect(priceLines({ kWhPrice: 0.355, hourPrice: 0, flatFee: 0 }, undefined, 'EUR')).toEqual({ perKwh: '0.355 EUR/kWh' });
    expect(priceLines({ kWhPrice: 25 }, { hourPrice: 60 }, 'KES')).toEqual({ perKwh: '25.00 KES/kWh', time: '60.00 KES/h idle' });
    expect(priceLines(undefined, undefined, 'USD')).toEqual({});
  });
});
