// End to end: remote start and stop, EV-side events, time limits, top-ups and device faults, as the CSMS sees them.

import { afterEach, describe, expect, it } from 'vitest';
import { startedEvent, startHarness, STATION_ID, transactionEvents, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const events = transactionEvents;

const ended = (harness: Harness) => events(harness).find((e) => e.eventType === 'Ended');

async function booted(o: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const harness = await startHarness(o);
  await harness.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
  await harness.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 10_000);
  return harness;
}

describe('transactions end to end (OCPP 2.1)', () => {
  it('TC_F_01_CS remote start before plug-in: the transaction starts on the authorization (RemoteStart, remoteStartId) and charges once the cable is in', async () => {
    h = await booted();
    const pay = await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 1, method: 'upi' });
    expect(pay.status).toBe('Accepted');
    // TxStartPoint EVConnected,Authorized: the authorization starts the transaction before the cable is in.
    await until(() => events(h!).some((e) => e.eventType === 'Started'), 5_000, 'Started');
    const started = events(h).find((e) => e.eventType === 'Started');
    expect(started?.triggerReason).toBe('RemoteStart');
    expect(started?.transactionInfo.remoteStartId).toBe(pay.remoteStartId);
    expect(started?.idToken?.idToken).toBe(pay.idToken);
    h.rig.evse(1).ev.plug();
    await until(() => h!.rig.evse(1).contactor.closed, 5_000, 'contactor closed after plug-in');
    await until(() => events(h!).some((e) => e.transactionInfo.chargingState === 'Charging'), 5_000, 'Charging');
  });

  it('TC_J_07_CS / TC_F_01_CS / F01.FR.25 remote start after plug-in: the Updated RemoteStart event carries the remoteStartId', async () => {
    h = await booted();
    h.rig.evse(1).ev.plug();
    await until(() => events(h!).some((e) => e.eventType === 'Started'), 5_000, 'Started');
    expect(events(h).find((e) => e.eventType === 'Started')?.triggerReason).toBe('CablePluggedIn');
    const pay = await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 1, method: 'upi' });
    expect(pay.status).toBe('Accepted');
    await until(() => events(h!).some((e) => e.triggerReason === 'RemoteStart'), 5_000, 'Updated RemoteStart');
    const remote = events(h).find((e) => e.triggerReason === 'RemoteStart')!;
    expect(remote.eventType).toBe('Updated');
    expect(remote.transactionInfo.remoteStartId).toBe(pay.remoteStartId);
    expect(remote.idToken?.idToken).toBe(pay.idToken);
  });

  it('TC_F_04_CS / E03.FR.05 EVConnectionTimeOut with TxStartPoint Authorized: a remote start without a cable ends (EVConnectTimeout, Timeout), the EVSE Available again', async () => {
    h = await booted({ ocppDefaults: { 'TxCtrlr.TxStartPoint': 'Authorized', 'TxCtrlr.EVConnectionTimeOut': 2 } });
    const pay = await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 1, method: 'upi' });
    expect(pay.status).toBe('Accepted');
    await until(() => events(h!).some((e) => e.eventType === 'Started'), 5_000, 'Started');
    const startedAt = Date.parse(events(h).find((e) => e.eventType === 'Started')!.timestamp);
    await until(() => ended(h!) !== undefined, 10_000, 'Ended after EVConnectionTimeOut');
    const end = ended(h)!;
    expect(end.triggerReason).toBe('EVConnectTimeout');
    expect(end.transactionInfo.stoppedReason).toBe('Timeout');
    expect(Date.parse(end.timestamp) - startedAt).toBeGreaterThanOrEqual(2_000 - 50);
    await h.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
    expect(h.rig.evse(1).contactor.closed).toBe(false);
  });

  it('TC_F_07_CS / TC_F_08_CS RequestStopTransaction: Accepted for the ongoing transaction (ends with Remote), Rejected for an unknown id', async () => {
    h = await booted();
    h.rig.evse(1).ev.plug();
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 5, method: 'card' });
    await until(() => h!.rig.evse(1).contactor.closed, 8_000, 'charging');
    const txId = (await startedEvent(h)).transactionInfo.transactionId;
    const unknown = await h.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: 'no-such-transaction' });
    expect(unknown.status).toBe('Rejected');
    const stop = await h.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: txId });
    expect(stop.status).toBe('Accepted');
    await until(() => ended(h!) !== undefined, 5_000, 'Ended');
    expect(ended(h)?.triggerReason).toBe('RemoteStop');
    expect(ended(h)?.transactionInfo.stoppedReason).toBe('Remote');
    expect(h.rig.evse(1).contactor.closed).toBe(false);
  });

  it('TC_E_14_CS EV unplugged during charging: contactor opens, transaction ends with EVDisconnected', async () => {
    h = await booted();
    h.rig.evse(1).ev.plug();
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 5, method: 'mpesa' });
    await until(() => h!.rig.evse(1).contactor.closed, 8_000, 'charging');
    h.rig.evse(1).ev.unplug();
    await until(() => ended(h!) !== undefined, 5_000, 'Ended');
    expect(ended(h)?.transactionInfo.stoppedReason).toBe('EVDisconnected');
    expect(ended(h)?.triggerReason).toBe('EVCommunicationLost');
    await h.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
    expect(h.rig.evse(1).contactor.closed).toBe(false);
  });

  it('maxTime: the station stops the transaction itself at the time limit (TimeLimitReached), within 1 s', async () => {
    h = await booted();
    h.rig.evse(1).ev.plug();
    await until(() => events(h!).some((e) => e.eventType === 'Started'), 5_000, 'Started');
    const txId = events(h)[0]?.transactionInfo.transactionId ?? '';
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 5, method: 'card' });
    const startedAt = Date.parse(events(h)[0]?.timestamp ?? '');
    // The CSMS adds a 4 s time limit; it goes out with its answer to the next TransactionEvent.
    h.csms.book.byTransaction(txId)!.maxTimeS = 4;
    await h.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 1 } });
    await until(() => ended(h!) !== undefined, 10_000, 'Ended');
    const end = ended(h)!;
    expect(end.triggerReason).toBe('TimeLimitReached');
    expect(end.transactionInfo.stoppedReason).toBe('TimeLimitReached');
    const endAt = Date.parse(end.timestamp);
    expect(endAt - startedAt).toBeGreaterThanOrEqual(4_000 - 50);
    expect(endAt - startedAt).toBeLessThan(5_000);
  });

  it('incremental pre-authorisation: a top-up raises maxEnergy mid-session and the station confirms it with LimitSet', async () => {
    h = await booted({ csms: { pricePerKwh: 1.5 } });
    h.rig.evse(1).ev.plug();
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 0.03, method: 'terminal' }); // 20 Wh
    await until(() => events(h!).some((e) => e.triggerReason === 'LimitSet'), 8_000, 'LimitSet');
    const txId = events(h)[0]?.transactionInfo.transactionId ?? '';
    h.csms.topUp(txId, 0.03); // +20 Wh
    await h.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 1 } });
    await until(() => events(h!).filter((e) => e.triggerReason === 'LimitSet').length >= 2, 8_000, 'second LimitSet');
    const limits = events(h)
      .filter((e) => e.triggerReason === 'LimitSet')
      .map((e) => e.transactionInfo.transactionLimit?.maxEnergy);
    expect(limits).toEqual([20, 40]);
    await until(() => ended(h!) !== undefined, 15_000, 'Ended');
    const e = ended(h)!;
    expect(e.transactionInfo.stoppedReason).toBe('EnergyLimitReached');
    const tx = h.csms.connectedStation(STATION_ID).transaction(txId)!;
    expect((tx.endWh ?? 0) - (tx.beginWh ?? 0)).toBeGreaterThan(38);
    expect((tx.endWh ?? 0) - (tx.beginWh ?? 0)).toBeLessThan(41.6);
  });

  it('a meter that stops answering mid-charge: contactor opened, transaction ended (Other, AbnormalCondition), EVSE Faulted until the meter answers again', async () => {
    h = await booted();
    h.rig.evse(1).ev.plug();
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 5, method: 'mpesa' });
    await until(() => h!.rig.evse(1).contactor.closed, 8_000, 'charging');
    h.rig.devices.setFault(h.rig.evse(1).units.meter, { kind: 'no-answer' });
    await h.csms.waitForStatus(STATION_ID, 1, 1, 'Faulted', 20_000);
    await until(() => ended(h!) !== undefined, 5_000, 'Ended');
    await until(() => !h!.rig.evse(1).contactor.closed, 2_000, 'contacts open');
    const e = ended(h)!;
    expect(e.triggerReason).toBe('AbnormalCondition');
    expect(e.transactionInfo.stoppedReason).toBe('Other');
    expect(JSON.stringify(e.customData)).toContain('meter');
    // The end register is the last good reading, never 0.
    const endWh = e.meterValue?.[0]?.sampledValue[0]?.value ?? 0;
    expect(endWh).toBeGreaterThan(1_000_000);
    h.rig.devices.setFault(h.rig.evse(1).units.meter, { kind: 'none' });
    await h.csms.waitForStatus(STATION_ID, 1, 1, 'Occupied', 10_000);
  });
});
