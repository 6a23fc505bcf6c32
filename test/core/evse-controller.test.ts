// EvseController's transaction state machine from fakes: start and stop points, authorization, remote start/stop, limits.

import { describe, expect, it, vi } from 'vitest';
import { charging, ended, evseFixture, TIMERS, TOKEN } from './fakes/evse-scenarios.js';

const setup = evseFixture();

describe('EvseController: transaction start and authorization', () => {
  it('E02 cable plugged first (TxStartPoint EVConnected): Started CablePluggedIn, Occupied, contactor open until authorized', async () => {
    const t = await setup();
    expect(t.statuses).toEqual(['Available']);
    t.vehicle.set('connected');
    await t.settled();
    expect(t.journal.trace()).toEqual(['Started/CablePluggedIn']);
    expect(t.journal.events[0]).toMatchObject({ seqNo: 0, evseId: 1, connectorId: 1, chargingState: 'EVConnected' });
    expect(t.journal.events[0]?.idToken).toBeUndefined();
    expect(t.statuses).toEqual(['Available', 'Occupied']);
    t.vehicle.set('ready');
    await t.settled();
    expect(t.safety.commands).toEqual([]);

    const r = await t.evse.localStart(TOKEN);
    await t.settled();
    expect(r).toEqual({ accepted: true, transactionId: t.evse.transaction()?.transactionId });
    expect(t.safety.ops()).toEqual(['close']);
    expect(t.journal.trace()).toEqual(['Started/CablePluggedIn', 'Updated/Authorized', 'Updated/ChargingStateChanged']);
    expect(t.journal.events[1]?.idToken).toEqual(TOKEN);
    expect(t.evse.transaction()?.chargingState).toBe('Charging');
  });

  it('E01 TxStartPoint Authorized: the transaction starts on authorization, before the cable (Started Authorized with the idToken)', async () => {
    const t = await setup({ settings: { txStartPoints: ['Authorized'] } });
    const r = await t.evse.localStart(TOKEN);
    expect(r.accepted).toBe(true);
    expect(r.transactionId).toBeDefined();
    expect(t.journal.events[0]).toMatchObject({ eventType: 'Started', triggerReason: 'Authorized', idToken: TOKEN, chargingState: 'Idle' });
    expect(t.journal.events[0]?.meterValue?.[0]?.sampledValue[0]).toMatchObject({ measurand: 'Energy.Active.Import.Register', value: 1000, context: 'Transaction.Begin' });
  });

  it('E01 TxStartPoint EVConnected only: an authorization waits without a transaction; the cable starts it with the idToken', async () => {
    const t = await setup({ settings: { txStartPoints: ['EVConnected'] } });
    const r = await t.evse.localStart(TOKEN);
    expect(r).toEqual({ accepted: true, transactionId: undefined });
    expect(t.journal.events).toEqual([]);
    t.vehicle.set('ready');
    await t.settled();
    expect(t.journal.events[0]).toMatchObject({ eventType: 'Started', triggerReason: 'Authorized', idToken: TOKEN });
    expect(t.safety.ops()).toEqual(['close']);
  });

  it('F01 remote start before the cable: Started RemoteStart carries the remoteStartId', async () => {
    const t = await setup({ settings: { txStartPoints: ['EVConnected'] } });
    await t.evse.remoteStart(TOKEN, 77);
    t.vehicle.set('connected');
    await t.settled();
    expect(t.journal.events[0]).toMatchObject({ eventType: 'Started', triggerReason: 'RemoteStart', remoteStartId: 77, idToken: TOKEN });
  });

  it('F01.FR.25 / TC_J_07_CS remote start after the cable: the first event after the remote start carries the remoteStartId', async () => {
    const t = await setup();
    t.vehicle.set('connected');
    await t.settled();
    await t.evse.remoteStart(TOKEN, 78);
    const afterStart = t.journal.events.find((e) => e.triggerReason === 'RemoteStart');
    expect(afterStart?.remoteStartId).toBe(78);
  });

  it('F01.FR.24 a second authorization while one is pending or in force is refused', async () => {
    const t = await setup({ settings: { txStartPoints: ['EVConnected'] } });
    await t.evse.localStart(TOKEN);
    expect(await t.evse.localStart({ idToken: 'OTHER', type: 'ISO14443' })).toEqual({ accepted: false, reason: 'EVSE already authorized' });
    t.vehicle.set('connected');
    await t.settled();
    expect(await t.evse.remoteStart(TOKEN, 1)).toEqual({ accepted: false, reason: 'EVSE already authorized' });
  });

  it('E03 EVConnectionTimeOut: an authorization without a cable is dropped; the cable later starts an unauthorized transaction', async () => {
    vi.useFakeTimers(TIMERS);
    const t = await setup({ settings: { txStartPoints: ['EVConnected'], evConnectionTimeoutS: 30 } });
    await t.evse.localStart(TOKEN);
    await vi.advanceTimersByTimeAsync(29_000);
    await t.evse.idle();
    expect(await t.evse.localStart(TOKEN)).toMatchObject({ accepted: false });
    await vi.advanceTimersByTimeAsync(1_000);
    await t.evse.idle();
    t.vehicle.set('connected');
    await t.evse.idle();
    expect(t.journal.events[0]).toMatchObject({ eventType: 'Started', triggerReason: 'CablePluggedIn' });
    expect(t.journal.events[0]?.idToken).toBeUndefined();
    expect(t.evse.transaction()?.authorized).toBe(false);
  });

  it('E03.FR.05 / TC_F_04_CS EVConnectionTimeOut with TxStartPoint Authorized ends the started transaction (Ended, EVConnectTimeout, Timeout), the EVSE Available again', async () => {
    vi.useFakeTimers(TIMERS);
    const t = await setup({ settings: { txStartPoints: ['Authorized'], evConnectionTimeoutS: 15 } });
    await t.evse.remoteStart(TOKEN, 5);
    expect(t.journal.trace()).toEqual(['Started/RemoteStart']);
    await vi.advanceTimersByTimeAsync(14_000);
    await t.settled();
    expect(t.evse.transaction()).toBeDefined();
    await vi.advanceTimersByTimeAsync(1_000);
    await t.settled();
    expect(ended(t)).toMatchObject({ triggerReason: 'EVConnectTimeout', stoppedReason: 'Timeout' });
    expect(t.evse.transaction()).toBeUndefined();
    expect(t.evse.status()).toBe('Available');
    expect(t.safety.commands).toEqual([]);
  });

  it('E03.FR.05 with TxStartPoint Authorized: a cable plugged within EVConnectionTimeOut keeps the transaction', async () => {
    vi.useFakeTimers(TIMERS);
    const t = await setup({ settings: { txStartPoints: ['Authorized'], evConnectionTimeoutS: 15 } });
    await t.evse.remoteStart(TOKEN, 5);
    await vi.advanceTimersByTimeAsync(5_000);
    t.vehicle.set('ready');
    await t.settled();
    await vi.advanceTimersByTimeAsync(20_000);
    await t.settled();
    expect(t.journal.events.some((e) => e.eventType === 'Ended')).toBe(false);
    expect(t.evse.transaction()?.chargingState).toBe('Charging');
  });

  it('E01 TxStartPoint PowerPathClosed: the transaction starts when the contactor closes', async () => {
    const t = await setup({ settings: { txStartPoints: ['PowerPathClosed'], txStopPoints: ['EVConnected'] } });
    t.vehicle.set('ready');
    await t.settled();
    await t.evse.localStart(TOKEN);
    await t.settled();
    expect(t.safety.ops()).toEqual(['close']);
    expect(t.journal.events[0]).toMatchObject({ eventType: 'Started' });
  });

  it('E01 TxStartPoint PowerPathClosed with the meter unreadable: no transaction starts, so the contactor opens again', async () => {
    const t = await setup({ settings: { txStartPoints: ['PowerPathClosed'], txStopPoints: ['EVConnected'] } });
    t.vehicle.set('ready');
    await t.settled();
    t.meter.fail();
    await t.evse.localStart(TOKEN);
    await t.settled();
    expect(t.safety.ops()).toEqual(['close', 'open']);
    expect(t.journal.events).toEqual([]);
  });
});

describe('EvseController: transaction end', () => {
  it('E06 TxStopPoint EVConnected: unplugging opens the contactor, then Ended EVCommunicationLost / EVDisconnected', async () => {
    const t = await setup();
    await charging(t);
    let opsAtEnded: string[] = [];
    t.evse.on('event', (e) => {
      if (e.eventType === 'Ended') opsAtEnded = t.safety.ops();
    });
    t.vehicle.set('disconnected');
    await t.settled();
    expect(opsAtEnded).toEqual(['close', 'open']);
    expect(ended(t)).toMatchObject({ triggerReason: 'EVCommunicationLost', stoppedReason: 'EVDisconnected', chargingState: 'Idle' });
    expect(t.evse.transaction()).toBeUndefined();
    expect(t.statuses.at(-1)).toBe('Available');
    expect(t.journal.events.map((e) => e.seqNo)).toEqual(t.journal.events.map((_, i) => i));
  });

  it('E06 TxStopPoint without EVConnected and StopTxOnEVSideDisconnect false: unplugging keeps the transaction (chargingState Idle)', async () => {
    const t = await setup({ settings: { txStopPoints: ['Authorized'], stopTxOnEVSideDisconnect: false } });
    await charging(t);
    t.vehicle.set('disconnected');
    await t.settled();
    expect(t.evse.transaction()?.chargingState).toBe('Idle');
    expect(t.journal.events.some((e) => e.eventType === 'Ended')).toBe(false);
    expect(t.safety.ops()).toEqual(['close', 'open']);
  });

  it('E07 RequestStopTransaction: contactor opened, Ended RemoteStop / Remote; an unknown transaction id is refused', async () => {
    const t = await setup();
    const id = await charging(t);
    expect(await t.evse.remoteStop('not-this-one')).toBe(false);
    expect(await t.evse.remoteStop(id)).toBe(true);
    expect(t.safety.ops()).toEqual(['close', 'open']);
    expect(ended(t)).toMatchObject({ transactionId: id, triggerReason: 'RemoteStop', stoppedReason: 'Remote', chargingState: 'EVConnected' });
    expect(t.statuses.at(-1)).toBe('Occupied');
  });

  it('E05.FR.10 StopTxOnInvalidId true, TxStopPoint Authorized: an ack with idTokenStatus Invalid ends the transaction Deauthorized / DeAuthorized', async () => {
    const t = await setup();
    const id = await charging(t);
    t.evse.applyAck(id, { idTokenStatus: 'Invalid' });
    await t.settled();
    expect(t.safety.ops()).toEqual(['close', 'open']);
    expect(ended(t)).toMatchObject({ triggerReason: 'Deauthorized', stoppedReason: 'DeAuthorized' });
  });

  it('E05.FR.02 StopTxOnInvalidId false: an ack with idTokenStatus Invalid stops the energy (SuspendedEVSE), the transaction goes on', async () => {
    const t = await setup({ settings: { stopTxOnInvalidId: false } });
    const id = await charging(t);
    t.evse.applyAck(id, { idTokenStatus: 'Invalid' });
    await t.settled();
    expect(t.safety.ops()).toEqual(['close', 'open']);
    expect(t.journal.last()).toMatchObject({ eventType: 'Updated', triggerReason: 'ChargingStateChanged', chargingState: 'SuspendedEVSE' });
    expect(t.evse.transaction()?.transactionId).toBe(id);
  });

  it('B12 reset: endForReset opens the contactor and ends with ResetCommand and the reset reason', async () => {
    const t = await setup();
    await charging(t);
    await t.evse.endForReset('ImmediateReset');
    expect(t.safety.ops()).toEqual(['close', 'open']);
    expect(ended(t)).toMatchObject({ triggerReason: 'ResetCommand', stoppedReason: 'ImmediateReset' });
  });

  it('E01 timeSpentCharging counts the injected clock while Charging only', async () => {
    const t = await setup();
    const id = await charging(t);
    t.clock.ms += 90_000;
    t.vehicle.set('connected'); // the EV pauses: SuspendedEV, contactor opened
    await t.settled();
    t.clock.ms += 30_000;
    await t.evse.remoteStop(id);
    expect(ended(t).timeSpentCharging).toBe(90);
  });

  it('E01 the Ended event carries the fresh end register; an unreadable meter gives the last register seen', async () => {
    const t = await setup();
    const id = await charging(t);
    t.meter.set({ energyImportWh: 1500 });
    t.meter.fail();
    await t.evse.remoteStop(id);
    const end = ended(t).meterValue?.at(-1);
    expect(end?.sampledValue[0]).toMatchObject({ measurand: 'Energy.Active.Import.Register', value: 1500, context: 'Transaction.End' });
  });
});

describe('EvseController: limits', () => {
  it('E16 LimitSet: a limit in an ack is stored, reported (Updated LimitSet) and handed to the enforcer; a repeat is not reported again', async () => {
    const t = await setup();
    const id = await charging(t);
    t.evse.applyAck(id, { limits: { maxEnergy: 500 } });
    t.evse.applyAck(id, { limits: { maxEnergy: 500 } });
    t.evse.applyAck(id, { limits: { maxTime: -1 } });
    await t.settled();
    expect(t.journal.events.filter((e) => e.triggerReason === 'LimitSet').map((e) => e.transactionLimit)).toEqual([{ maxEnergy: 500 }]);
    expect(t.limits.current).toEqual({ maxEnergy: 500 });
    expect(t.evse.transaction()?.limits).toEqual({ maxEnergy: 500 });
  });

  it('E16 energy limit reached: contactor opened, then Ended with the LIMIT_STOP trigger (EnergyLimitReached)', async () => {
    const t = await setup();
    const id = await charging(t);
    t.evse.applyAck(id, { limits: { maxEnergy: 500 } });
    await t.settled();
    let opsAtEnded: string[] = [];
    t.evse.on('event', (e) => {
      if (e.eventType === 'Ended') opsAtEnded = t.safety.ops();
    });
    t.limits.reach('energy');
    expect(t.safety.ops()).toEqual(['close', 'open']); // at once, before the step queue runs
    await t.settled();
    expect(opsAtEnded).toEqual(['close', 'open']);
    expect(ended(t)).toMatchObject({ triggerReason: 'EnergyLimitReached', stoppedReason: 'EnergyLimitReached' });
    expect(t.limits.stopped).toBeGreaterThan(0);
  });

  it('E16 cost limit reached: Ended CostLimitReached / LocalOutOfCredit, reached twice ends once', async () => {
    const t = await setup();
    await charging(t);
    t.limits.reach('cost');
    t.limits.reach('cost');
    await t.settled();
    expect(t.journal.events.filter((e) => e.eventType === 'Ended').map((e) => [e.triggerReason, e.stoppedReason])).toEqual([['CostLimitReached', 'LocalOutOfCredit']]);
  });

  it('E16 limit reached with TxStopPoint EVConnected only: SuspendedEVSE, Updated TimeLimitReached with the limit, contactor stays open', async () => {
    const t = await setup({ settings: { txStopPoints: ['EVConnected'] } });
    const id = await charging(t);
    t.evse.applyAck(id, { limits: { maxTime: 60 } });
    await t.settled();
    t.limits.reach('time');
    await t.settled();
    expect(t.journal.last()).toMatchObject({ eventType: 'Updated', triggerReason: 'TimeLimitReached', chargingState: 'SuspendedEVSE', transactionLimit: { maxTime: 60 } });
    t.vehicle.set('connected');
    t.vehicle.set('ready');
    await t.settled();
    expect(t.safety.ops()).toEqual(['close', 'open']);
    expect(t.evse.transaction()).toBeDefined();
  });
});
