// CSMS simulator, prepaid sessions: payment -> RequestStartTransaction -> limit worth the amount (2.1 / 2.0.1) -> receipt with cost and refund.

import { afterEach, describe, expect, it } from 'vitest';
import { limitFromCustomData, LIMIT_VENDOR_ID } from '../../agent/ocpp/extensions/transaction-limit.js';
import { CsmsSim } from '../../simulators/csms/csms-server.js';
import type { CsmsSimOptions } from '../../simulators/csms/csms-types.js';
import { RawOcppClient } from '../../simulators/csms/raw-client.js';
import { costOfEnergy, energyForAmountWh, minorUnitDigits } from '../../simulators/csms/receipt.js';

const BOOT = { chargingStation: { model: 'CA-1', vendorName: 'charger-agent' }, reason: 'PowerUp' };
const now = () => new Date().toISOString();

let sim: CsmsSim | undefined;
const clients: RawOcppClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await sim?.close();
  sim = undefined;
});

async function setup(protocol: 'ocpp2.1' | 'ocpp2.0.1', options: Partial<CsmsSimOptions> = {}): Promise<{ s: CsmsSim; c: RawOcppClient }> {
  sim = new CsmsSim({ pricePerKwh: 30, currency: 'KES', ...options });
  await sim.listen();
  const c = await RawOcppClient.connect(`${sim.url}/CS1`, { protocols: [protocol] });
  clients.push(c);
  await c.callOk('BootNotification', BOOT);
  return { s: sim, c };
}

/** An energy register reading as a meterValue array. */
function energy(value: number, context: string, unit = 'Wh') {
  return [{ timestamp: now(), sampledValue: [{ value, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit } }] }];
}

function txEvent(eventType: string, seqNo: number, triggerReason: string, transactionInfo: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { eventType, timestamp: now(), triggerReason, seqNo, transactionInfo: { transactionId: 'TX1', ...transactionInfo }, ...extra };
}

/** pay() and answer the RequestStartTransaction the client receives with `answer`. */
async function payAndAnswer(s: CsmsSim, c: RawOcppClient, pay: Parameters<CsmsSim['pay']>[0], answer: Record<string, unknown> = { status: 'Accepted' }) {
  const paying = s.pay(pay);
  const rst = await c.waitForCall('RequestStartTransaction');
  c.respond(rst.messageId, answer);
  return { request: rst.payload, result: await paying };
}

describe('prepaid arithmetic', () => {
  it('gives whole Wh rounded down: never more energy than was paid for', () => {
    expect(energyForAmountWh(100, 30)).toBe(3333);
    expect(energyForAmountWh(500, 0.3)).toBe(1666666);
    expect(energyForAmountWh(0.3, 0.1)).toBe(3000); // 2999.9999999999995 in floating point
    expect(costOfEnergy(energyForAmountWh(100, 30), 30, 'KES')).toBeLessThanOrEqual(100);
  });

  it('rounds the cost to the currency\'s minor unit', () => {
    expect(minorUnitDigits('KES')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(costOfEnergy(3333, 30, 'KES')).toBe(99.99);
    expect(costOfEnergy(1234, 31, 'JPY')).toBe(38);
    expect(costOfEnergy(1235, 1, 'KWD')).toBe(1.235);
    expect(() => minorUnitDigits('kes')).toThrow(/ISO 4217/);
  });
});

describe('prepaid session on OCPP 2.1', () => {
  it('payment -> RequestStartTransaction; Started with the remoteStartId -> transactionLimit worth the amount; Ended -> receipt', async () => {
    const { s, c } = await setup('ocpp2.1');
    const { request, result } = await payAndAnswer(s, c, { stationId: 'CS1', evseId: 1, amount: 100, method: 'mpesa', reference: 'QK7A1B2C3D' });
    const idToken = { idToken: 'PAY-QK7A1B2C3D', type: 'Central' };
    expect(request).toEqual({ idToken, remoteStartId: 1, evseId: 1 });
    expect(result).toEqual({ remoteStartId: 1, idToken: 'PAY-QK7A1B2C3D', maxEnergyWh: 3333, status: 'Accepted', reference: 'QK7A1B2C3D' });

    const started = await c.callOk(
      'TransactionEvent',
      txEvent('Started', 0, 'RemoteStart', { remoteStartId: 1, chargingState: 'EVConnected' }, { idToken, evse: { id: 1, connectorId: 1 }, meterValue: energy(1000, 'Transaction.Begin') }),
    );
    expect(started).toEqual({ idTokenInfo: { status: 'Accepted' }, transactionLimit: { maxEnergy: 3333 } });

    // The station confirms the limit; the limit is not sent again.
    const confirmed = await c.callOk('TransactionEvent', txEvent('Updated', 1, 'LimitSet', { transactionLimit: { maxEnergy: 3333 } }));
    expect(confirmed).toEqual({});
    expect(s.book.payments[0]).toMatchObject({ transactionId: 'TX1', limitSentWh: 3333, limitConfirmedWh: 3333, state: 'charging' });

    const receipt = s.waitForReceipt((r) => r.transactionId === 'TX1', 2000);
    const ended = await c.callOk(
      'TransactionEvent',
      txEvent('Ended', 2, 'EnergyLimitReached', { stoppedReason: 'EnergyLimitReached' }, { meterValue: energy(4333, 'Transaction.End') }),
    );
    expect(ended).toEqual({ totalCost: 99.99 });
    expect(await receipt).toMatchObject({
      stationId: 'CS1',
      transactionId: 'TX1',
      method: 'mpesa',
      reference: 'QK7A1B2C3D',
      paid: 100,
      energyWh: 3333,
      cost: 99.99,
      refund: 0.01,
      currency: 'KES',
      limitWh: 3333,
      stoppedReason: 'EnergyLimitReached',
    });
    expect(s.book.payments[0]?.state).toBe('settled');
    // The prepaid token was for that session only.
    expect(await c.callOk('Authorize', { idToken })).toEqual({ idTokenInfo: { status: 'Expired' } });
  });

  it('remoteStartIds increase and each payment gets its own token', async () => {
    const { s, c } = await setup('ocpp2.1');
    const a = await payAndAnswer(s, c, { stationId: 'CS1', amount: 10, method: 'upi' });
    c.received.length = 0;
    const b = await payAndAnswer(s, c, { stationId: 'CS1', amount: 10, method: 'card' });
    expect(a.request).not.toHaveProperty('evseId');
    expect(b.result.remoteStartId).toBe(a.result.remoteStartId + 1);
    expect(a.result.reference).toMatch(/^\d{12}$/);
    expect(b.result.idToken).toMatch(/^PAY-CARD-\d{6}$/);
  });

  it('top-up raises the limit in the next TransactionEventResponse only (incremental pre-authorisation)', async () => {
    const { s, c } = await setup('ocpp2.1');
    await payAndAnswer(s, c, { stationId: 'CS1', evseId: 1, amount: 100, method: 'mpesa' });
    const started = await c.callOk('TransactionEvent', txEvent('Started', 0, 'RemoteStart', { remoteStartId: 1 }, { meterValue: energy(0, 'Transaction.Begin') }));
    expect(started.transactionLimit).toEqual({ maxEnergy: 3333 });
    expect(await c.callOk('TransactionEvent', txEvent('Updated', 1, 'MeterValuePeriodic', {}, { meterValue: energy(1000, 'Sample.Periodic') }))).toEqual({});
    s.topUp('TX1', 50);
    const next = await c.callOk('TransactionEvent', txEvent('Updated', 2, 'MeterValuePeriodic', {}, { meterValue: energy(2000, 'Sample.Periodic') }));
    expect(next).toEqual({ transactionLimit: { maxEnergy: 5000 } });
    expect(await c.callOk('TransactionEvent', txEvent('Updated', 3, 'MeterValuePeriodic', {}))).toEqual({});
    const ended = await c.callOk('TransactionEvent', txEvent('Ended', 4, 'EnergyLimitReached', { stoppedReason: 'EnergyLimitReached' }, { meterValue: energy(5000, 'Transaction.End') }));
    expect(ended).toEqual({ totalCost: 150 });
    expect(s.receipts[0]).toMatchObject({ paid: 150, energyWh: 5000, cost: 150, refund: 0 });
    expect(() => s.topUp('TX1', 10)).toThrow(/settled/);
  });

  it('sends the limit again with a resent event (the first response may have been lost)', async () => {
    const { s, c } = await setup('ocpp2.1');
    await payAndAnswer(s, c, { stationId: 'CS1', amount: 100, method: 'mpesa' });
    const ev = txEvent('Started', 0, 'RemoteStart', { remoteStartId: 1 });
    expect((await c.callOk('TransactionEvent', ev)).transactionLimit).toEqual({ maxEnergy: 3333 });
    expect((await c.callOk('TransactionEvent', ev)).transactionLimit).toEqual({ maxEnergy: 3333 });
    expect(s.station('CS1')!.seqNoReport('TX1').duplicates).toEqual([0]);
  });

  it('binds a transaction that already existed: Updated RemoteStart with the idToken gets the limit', async () => {
    const { s, c } = await setup('ocpp2.1');
    await c.callOk('TransactionEvent', txEvent('Started', 0, 'CablePluggedIn', { chargingState: 'EVConnected' }, { meterValue: energy(500, 'Transaction.Begin') }));
    const { result } = await payAndAnswer(s, c, { stationId: 'CS1', evseId: 1, amount: 60, method: 'terminal' }, { status: 'Accepted', transactionId: 'TX1' });
    expect(result.transactionId).toBe('TX1');
    const upd = await c.callOk('TransactionEvent', txEvent('Updated', 1, 'RemoteStart', {}, { idToken: { idToken: result.idToken, type: 'Central' } }));
    expect(upd).toEqual({ idTokenInfo: { status: 'Accepted' }, transactionLimit: { maxEnergy: 2000 } });
    await c.callOk('TransactionEvent', txEvent('Ended', 2, 'StopAuthorized', { stoppedReason: 'Remote' }, { meterValue: energy(1700, 'Transaction.End') }));
    expect(s.receipts[0]).toMatchObject({ transactionId: 'TX1', energyWh: 1200, cost: 36, refund: 24, stoppedReason: 'Remote', method: 'terminal' });
  });

  it('a rejected remote start refunds the whole amount at once', async () => {
    const { s, c } = await setup('ocpp2.1');
    const receipt = s.waitForReceipt(() => true, 2000);
    const { result } = await payAndAnswer(s, c, { stationId: 'CS1', evseId: 1, amount: 100, method: 'upi' }, { status: 'Rejected' });
    expect(result.status).toBe('Rejected');
    const r = await receipt;
    expect(r).toMatchObject({ paid: 100, energyWh: 0, cost: 0, refund: 100, stoppedReason: 'start Rejected' });
    expect(r.transactionId).toBeUndefined();
    expect(s.book.payments[0]?.state).toBe('failed');
  });

  it('refuses bad payments with an error naming the field', async () => {
    const { s } = await setup('ocpp2.1');
    await expect(s.pay({ stationId: 'NOPE', amount: 10, method: 'mpesa' })).rejects.toThrow(/NOPE is not connected/);
    await expect(s.pay({ stationId: 'CS1', amount: 0, method: 'mpesa' })).rejects.toThrow(/amount must be a number > 0/);
    await expect(s.pay({ stationId: 'CS1', amount: 10, method: 'cash' as 'mpesa' })).rejects.toThrow(/method must be one of/);
    await expect(s.pay({ stationId: 'CS1', amount: 10, method: 'mpesa', currency: 'USD' })).rejects.toThrow(/USD is not accepted/);
    await expect(s.pay({ stationId: 'CS1', amount: 10, method: 'mpesa', reference: 'has space' })).rejects.toThrow(/reference must be/);
    expect(s.book.payments).toHaveLength(0);
  });
});

describe('prepaid session on OCPP 2.0.1', () => {
  it('carries the limit in customData (vendor-limit.ts) and settles from kWh registers', async () => {
    const { s, c } = await setup('ocpp2.0.1', { pricePerKwh: 20, currency: 'INR' });
    const { request, result } = await payAndAnswer(s, c, { stationId: 'CS1', evseId: 2, amount: 250, method: 'upi', reference: '412345678901' });
    expect(request).toEqual({ idToken: { idToken: 'PAY-412345678901', type: 'Central' }, remoteStartId: 1, evseId: 2 });
    expect(result.maxEnergyWh).toBe(12500);
    const started = await c.callOk(
      'TransactionEvent',
      txEvent('Started', 0, 'RemoteStart', { remoteStartId: 1 }, { evse: { id: 2, connectorId: 1 }, meterValue: energy(10.5, 'Transaction.Begin', 'kWh') }),
    );
    expect(started).toEqual({ customData: { vendorId: LIMIT_VENDOR_ID, maxEnergy: 12500 } });
    expect(started).not.toHaveProperty('transactionLimit');
    expect(limitFromCustomData(started.customData)).toEqual({ maxEnergy: 12500 });
    await c.callOk('TransactionEvent', txEvent('Updated', 1, 'ChargingStateChanged', { chargingState: 'Charging', customData: { vendorId: LIMIT_VENDOR_ID, maxEnergy: 12500 } }));
    expect(s.book.payments[0]?.limitConfirmedWh).toBe(12500);
    const ended = await c.callOk('TransactionEvent', txEvent('Ended', 2, 'StopAuthorized', { stoppedReason: 'Local' }, { meterValue: energy(13, 'Transaction.End', 'kWh') }));
    expect(ended).toEqual({ totalCost: 50 });
    expect(s.receipts[0]).toMatchObject({ energyWh: 2500, cost: 50, refund: 200, currency: 'INR', method: 'upi', stoppedReason: 'Local' });
    const tx = s.station('CS1')!.transaction('TX1')!;
    expect(tx).toMatchObject({ evseId: 2, connectorId: 1, eventType: 'Ended', beginWh: 10500, endWh: 13000 });
    expect(tx.events.map((e) => e.seqNo)).toEqual([0, 1, 2]);
  });

  it('stopFromMeterValues: sends no limit, and RequestStopTransaction once periodic meter values show the paid energy', async () => {
    const { s, c } = await setup('ocpp2.0.1', { stopFromMeterValues: true });
    await payAndAnswer(s, c, { stationId: 'CS1', evseId: 1, amount: 100, method: 'mpesa' });
    const started = await c.callOk('TransactionEvent', txEvent('Started', 0, 'RemoteStart', { remoteStartId: 1 }, { meterValue: energy(0, 'Transaction.Begin') }));
    expect(started).toEqual({});
    await c.callOk('TransactionEvent', txEvent('Updated', 1, 'MeterValuePeriodic', {}, { meterValue: energy(3000, 'Sample.Periodic') }));
    await new Promise((r) => setTimeout(r, 50));
    expect(c.received.some((f) => f[0] === 2 && f[2] === 'RequestStopTransaction')).toBe(false);
    await c.callOk('TransactionEvent', txEvent('Updated', 2, 'MeterValuePeriodic', {}, { meterValue: energy(3400, 'Sample.Periodic') }));
    const stop = await c.waitForCall('RequestStopTransaction', 2000);
    expect(stop.payload).toEqual({ transactionId: 'TX1' });
    c.respond(stop.messageId, { status: 'Accepted' });
    await c.callOk('TransactionEvent', txEvent('Updated', 3, 'MeterValuePeriodic', {}, { meterValue: energy(3450, 'Sample.Periodic') }));
    await c.callOk('TransactionEvent', txEvent('Ended', 4, 'RemoteStop', { stoppedReason: 'Remote' }, { meterValue: energy(3500, 'Transaction.End') }));
    // Only one stop request; the 500 Wh overshoot past the paid energy cannot be charged to a prepaid driver (cost capped at the amount paid).
    expect(c.received.filter((f) => f[0] === 2 && f[2] === 'RequestStopTransaction')).toHaveLength(1);
    expect(s.receipts[0]).toMatchObject({ energyWh: 3500, cost: 100, refund: 0, stoppedReason: 'Remote' });
  });
});
