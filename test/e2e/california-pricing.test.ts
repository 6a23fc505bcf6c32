// End to end on OCPP 2.0.1: the CSMS's California pricing messages (costmsg DataTransfer, CostUpdated) answered properly and shown on the display instead of the local tariff's price and cost.

import { afterEach, describe, expect, it } from 'vitest';
import { COSTMSG_VENDOR_ID } from '../../agent/ocpp/extensions/california-costmsg.js';
import { startCharging, startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const displayOf = (harness: Harness, evseId = 1) => harness.agent.display.display.current().find((s) => s.evseId === evseId)!;
const costmsg = (harness: Harness, messageId: string, data: unknown) => harness.csms.call(STATION_ID, 'DataTransfer', { vendorId: COSTMSG_VENDOR_ID, messageId, data });

describe('California pricing over ocpp2.0.1', () => {
  it('SetUserPrice, RunningCost, CostUpdated and FinalCost replace the local tariff on the display; bad ones are refused with the reason', async () => {
    h = await startHarness({ versions: ['ocpp2.0.1'], tariff: { currency: 'USD', pricePerKwh: 0.5 } });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    // Before the CSMS says anything the local tariff shows.
    await until(() => displayOf(h!).price?.perKwh === '0.50 USD/kWh', 5_000, 'the local price');

    // Answers that need no transaction.
    expect(await costmsg(h, 'TotalCost', { cost: 1 })).toEqual({ status: 'UnknownMessageId' });
    const missing = await costmsg(h, 'RunningCost', { transactionId: 'x', cost: 1 });
    expect(missing.status).toBe('Rejected');
    expect(missing.statusInfo).toEqual({ reasonCode: 'MissingField', additionalInfo: "RunningCost: 'timestamp' is required" });
    const notJson = await costmsg(h, 'FinalCost', '{"cost": ');
    expect(notJson.statusInfo?.reasonCode).toBe('InvalidData');
    const unknownTx = await costmsg(h, 'FinalCost', { transactionId: 'no-such-tx', cost: 1, priceText: 'x' });
    expect(unknownTx).toEqual({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownTransaction', additionalInfo: "FinalCost: no transaction 'no-such-tx' on this station" } });

    const transactionId = await startCharging(h);
    // The user price of the driver (startCharging authorizes with TOKEN-EVSE-1).
    expect(await costmsg(h, 'SetUserPrice', { idToken: 'TOKEN-EVSE-1', priceText: '$0.12/kWh, no idle fee' })).toEqual({ status: 'Accepted' });
    await until(() => displayOf(h!).price?.text === '$0.12/kWh, no idle fee', 5_000, 'the user price on the display');

    const running = {
      transactionId,
      timestamp: new Date().toISOString(),
      meterValue: 1200,
      cost: 1.23,
      state: 'Charging',
      chargingPrice: { kWhPrice: 0.12, flatFee: 0.5 },
      idlePrice: { graceMinutes: 30, hourPrice: 2 },
    };
    expect(await costmsg(h, 'RunningCost', running)).toEqual({ status: 'Accepted' });
    await until(() => displayOf(h!).session?.cost === 1.23, 5_000, 'the CSMS running cost on the display');
    expect(displayOf(h).phase).toBe('charging');
    expect(displayOf(h).price).toEqual({
      currency: 'USD',
      perKwh: '0.12 USD/kWh',
      time: '2.00 USD/h idle after 30 min',
      sessionFee: '0.50 USD per session',
      text: '$0.12/kWh, no idle fee',
    });
    const badState = await costmsg(h, 'RunningCost', { ...running, state: 'Sleeping' });
    expect(badState.statusInfo?.reasonCode).toBe('InvalidValue');
    expect(badState.statusInfo?.additionalInfo).toMatch(/RunningCost\.state must be "Charging" or "Idle"/);
    expect(displayOf(h).session?.cost).toBe(1.23);

    // The whitepaper's native 2.0.1 form: CostUpdated with the RunningCost fields in customData.
    await h.csms.call(STATION_ID, 'CostUpdated', {
      totalCost: 2.5,
      transactionId,
      customData: { vendorId: COSTMSG_VENDOR_ID, state: 'Charging', chargingPrice: { kWhPrice: 0.15 } },
    });
    await until(() => displayOf(h!).session?.cost === 2.5, 5_000, 'the CostUpdated cost on the display');
    expect(displayOf(h).price?.perKwh).toBe('0.15 USD/kWh');

    // End the session with the EV still plugged in: the summary stays on screen; the CSMS's final cost replaces the local one.
    const session = h.csms.connectedStation(STATION_ID);
    const from = session.mark();
    expect((await h.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId })).status).toBe('Accepted');
    await h.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === transactionId, 10_000, { fromIndex: from });
    await until(() => displayOf(h!).phase === 'finished', 5_000, 'the session summary');
    const final = { transactionId, cost: 3.31, priceText: 'TOTAL kWh 1.2, COST $3.31', qrCodeText: 'https://cpo.example.com/invoices/13546' };
    expect(await costmsg(h, 'FinalCost', final)).toEqual({ status: 'Accepted' });
    await until(() => displayOf(h!).summary?.totalCost === 3.31, 5_000, 'the final cost on the display');
    expect(displayOf(h).summary).toMatchObject({ totalCost: 3.31, receiptUrl: 'https://cpo.example.com/invoices/13546', priceText: 'TOTAL kWh 1.2, COST $3.31' });
  });
});

describe('California pricing over ocpp2.1', () => {
  it('is a 1.6/2.0.1 convention: on 2.1 the vendor is unknown', async () => {
    h = await startHarness({ versions: ['ocpp2.1'] });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    expect(await costmsg(h, 'RunningCost', { transactionId: 'x', cost: 1 })).toEqual({ status: 'UnknownVendorId' });
  });
});
