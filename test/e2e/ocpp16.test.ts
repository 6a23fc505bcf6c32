// End to end over OCPP 1.6-J: the real agent against a 1.6 CSMS (basic auth), the simulated hardware on Modbus TCP.

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../helpers/station-harness.js';
import { startHarness16, type Harness16 } from '../helpers/csms16.js';
import { v16ChargePointStatus } from '../../agent/ocpp/v16/v16-status.js';
import { v16StopReason } from '../../agent/ocpp/v16/v16-transactions.js';
import type { HarnessOptions } from '../helpers/station-harness.js';

let h: Harness16 | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const LIMIT_VENDOR = 'org.charger-agent.transactionLimit';

async function booted(o: HarnessOptions = {}): Promise<Harness16> {
  const harness = await startHarness16(o);
  await harness.csms.waitFor('BootNotification');
  await harness.csms.waitForStatus(1, 'Available');
  return harness;
}

/** Plugs the EV in and starts remotely; resolves with the StartTransaction and the CSMS's transactionId once Charging. */
async function charge(harness: Harness16, idTag = 'TAG-0001'): Promise<{ transactionId: number; meterStart: number; registerAtPlug: number }> {
  const from = harness.csms.mark();
  harness.rig.evse(1).ev.plug();
  await harness.csms.waitForStatus(1, 'Preparing', 10_000, from);
  const registerAtPlug = harness.rig.evse(1).meter.state.energyImportWh;
  const r = await harness.csms.call('RemoteStartTransaction', { connectorId: 1, idTag });
  expect(r.status).toBe('Accepted');
  const start = await harness.csms.waitFor('StartTransaction', () => true, 10_000, from);
  await harness.csms.waitForStatus(1, 'Charging', 10_000, from);
  const transactionId = 1000 + harness.csms.all('StartTransaction').length; // Csms16 hands out 1001, 1002, …
  return { transactionId, meterStart: start.meterStart, registerAtPlug };
}

describe('OCPP 1.6 mappings', () => {
  it('stop reasons: 1.6 names kept, limits and the 2.x-only reasons are Other, ImmediateReset follows the Reset type', () => {
    expect(v16StopReason('Remote', undefined)).toBe('Remote');
    expect(v16StopReason('EVDisconnected', undefined)).toBe('EVDisconnected');
    expect(v16StopReason('DeAuthorized', undefined)).toBe('DeAuthorized');
    expect(v16StopReason('PowerLoss', undefined)).toBe('PowerLoss');
    expect(v16StopReason('Reboot', undefined)).toBe('Reboot');
    expect(v16StopReason('EnergyLimitReached', undefined)).toBe('Other');
    expect(v16StopReason('TimeLimitReached', undefined)).toBe('Other');
    expect(v16StopReason('LocalOutOfCredit', undefined)).toBe('Other');
    expect(v16StopReason('StoppedByEV', undefined)).toBe('Other');
    expect(v16StopReason('ImmediateReset', 'Soft')).toBe('SoftReset');
    expect(v16StopReason('ImmediateReset', 'Hard')).toBe('HardReset');
    expect(v16StopReason(undefined, undefined)).toBe('Other');
  });

  it('ChargePointStatus from the connector status and the transaction', () => {
    const tx = (authorized: boolean, chargingState: 'EVConnected' | 'Charging' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle', stopped = false) => ({
      authorized,
      ended: false,
      chargingState,
      stopped,
    });
    const occ = { status: 'Occupied' as const, finishedWithEvPresent: false };
    expect(v16ChargePointStatus({ status: 'Available', finishedWithEvPresent: false })).toBe('Available');
    expect(v16ChargePointStatus({ status: 'Unavailable', finishedWithEvPresent: false })).toBe('Unavailable');
    expect(v16ChargePointStatus({ status: 'Faulted', finishedWithEvPresent: false })).toBe('Faulted');
    expect(v16ChargePointStatus(occ)).toBe('Preparing');
    expect(v16ChargePointStatus({ ...occ, finishedWithEvPresent: true })).toBe('Finishing');
    expect(v16ChargePointStatus({ ...occ, transaction: tx(false, 'EVConnected') })).toBe('Preparing');
    expect(v16ChargePointStatus({ ...occ, transaction: tx(true, 'Charging') })).toBe('Charging');
    expect(v16ChargePointStatus({ ...occ, transaction: tx(true, 'SuspendedEV') })).toBe('SuspendedEV');
    expect(v16ChargePointStatus({ ...occ, transaction: tx(true, 'SuspendedEVSE') })).toBe('SuspendedEVSE');
    expect(v16ChargePointStatus({ ...occ, transaction: tx(false, 'SuspendedEVSE', true) })).toBe('SuspendedEVSE');
    expect(v16ChargePointStatus({ ...occ, transaction: { ...tx(false, 'EVConnected'), ended: true } })).toBe('Finishing');
  });
});

describe('OCPP 1.6 boot, status and basic auth', () => {
  it('security whitepaper basic auth: with a wrong AuthorizationKey the CSMS refuses the upgrade (401) and no message is exchanged', async () => {
    h = await startHarness16({ csms16: { password: 'another-password-0000001' } });
    // what the agent saw, not only what the fake CSMS did
    const failures: { kind: string; statusCode?: number }[] = [];
    h.agent.client.on('connectFailed', (err) => failures.push({ kind: err.kind, ...(err.statusCode !== undefined ? { statusCode: err.statusCode } : {}) }));
    await until(() => failures.length >= 1, 10_000, 'a refused connection seen by the agent');
    expect(failures[0]).toEqual({ kind: 'auth', statusCode: 401 });
    expect(h.agent.snapshot().connected).toBe(false);
    expect(h.csms.authFailures).toBeGreaterThan(0);
    expect(h.csms.connections).toBe(0);
    expect(h.csms.received).toHaveLength(0);
  });

  it('boots with the station identity over basic auth; Available, then Preparing on plug-in; no StartTransaction before authorization', async () => {
    h = await booted();
    const boot = await h.csms.waitFor('BootNotification');
    expect(boot).toEqual({ chargePointVendor: 'charger-agent', chargePointModel: 'test-rig', chargePointSerialNumber: 'T-0001', firmwareVersion: '0.1.0' });
    expect(h.csms.authFailures).toBe(0);
    expect(h.agent.snapshot().protocol).toBe('ocpp1.6');
    const from = h.csms.mark();
    h.rig.evse(1).ev.plug();
    const preparing = await h.csms.waitForStatus(1, 'Preparing', 10_000, from);
    expect(preparing.errorCode).toBe('NoError');
    // The core's transaction started at plug-in (TxStartPoint EVConnected), but 1.6 hears of it only once authorized.
    await until(() => h!.agent.snapshot().evses[0]?.transaction !== undefined, 5_000, 'core transaction');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.csms.all('StartTransaction')).toHaveLength(0);
    expect(h.csms.all('MeterValues')).toHaveLength(0);
  });

  it('TriggerMessage StatusNotification and MeterValues are Accepted and sent; UnlockConnector is NotSupported (no lock); ChangeAvailability makes the connector Unavailable', async () => {
    h = await booted();
    let from = h.csms.mark();
    expect((await h.csms.call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 })).status).toBe('Accepted');
    await h.csms.waitForStatus(1, 'Available', 5_000, from);
    await until(() => h!.agent.evses[0]!.meter.latest() !== undefined, 5_000, 'a meter reading');
    expect((await h.csms.call('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 })).status).toBe('Accepted');
    const mv = await h.csms.waitFor('MeterValues', () => true, 5_000, from);
    expect(mv.transactionId).toBeUndefined();
    expect(mv.meterValue[0]?.sampledValue.find((v) => v.measurand === 'Energy.Active.Import.Register')).toMatchObject({ context: 'Trigger', unit: 'Wh' });
    expect((await h.csms.call('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).status).toBe('NotImplemented');
    expect((await h.csms.call('UnlockConnector', { connectorId: 1 })).status).toBe('NotSupported');
    from = h.csms.mark();
    expect((await h.csms.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).status).toBe('Accepted');
    await h.csms.waitForStatus(1, 'Unavailable', 5_000, from);
    expect((await h.csms.call('ChangeAvailability', { connectorId: 7, type: 'Operative' })).status).toBe('Rejected');
    expect((await h.csms.call('ChangeAvailability', { connectorId: 0, type: 'Operative' })).status).toBe('Accepted');
    await h.csms.waitForStatus(1, 'Available', 5_000, from);
  });

  it('the Charge Point itself (connectorId 0): Available after boot, Unavailable when the whole station is made inoperative; TriggerMessage for 0 sends only it, without a connectorId it and every connector', async () => {
    h = await booted();
    await h.csms.waitForStatus(0, 'Available', 5_000);
    let from = h.csms.mark();
    expect((await h.csms.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).status).toBe('Accepted');
    await h.csms.waitForStatus(0, 'Unavailable', 5_000, from);
    await h.csms.waitForStatus(1, 'Unavailable', 5_000, from);
    expect((await h.csms.call('ChangeAvailability', { connectorId: 0, type: 'Operative' })).status).toBe('Accepted');
    await h.csms.waitForStatus(0, 'Available', 5_000, from);

    from = h.csms.mark();
    expect((await h.csms.call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 0 })).status).toBe('Accepted');
    await h.csms.waitForStatus(0, 'Available', 5_000, from);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.csms.all('StatusNotification', from).map((s) => s.connectorId)).toEqual([0]);

    from = h.csms.mark();
    expect((await h.csms.call('TriggerMessage', { requestedMessage: 'StatusNotification' })).status).toBe('Accepted');
    await h.csms.waitForStatus(1, 'Available', 5_000, from);
    await h.csms.waitForStatus(0, 'Available', 5_000, from);
    expect(
      h.csms
        .all('StatusNotification', from)
        .map((s) => s.connectorId)
        .sort(),
    ).toEqual([0, 1]);
  });
});

describe('OCPP 1.6 transactions', () => {
  it('remote start: StartTransaction with meterStart from the meter and the idTag, Charging, MeterValues with the transactionId; RemoteStop ends it with reason Remote, then Finishing', async () => {
    h = await booted({ ocppDefaults: { 'SampledDataCtrlr.TxUpdatedInterval': 1 } });
    const { transactionId, meterStart, registerAtPlug } = await charge(h);
    expect(Math.abs(meterStart - registerAtPlug)).toBeLessThanOrEqual(1);
    const start = h.csms.all('StartTransaction')[0]!;
    expect(start).toMatchObject({ connectorId: 1, idTag: 'TAG-0001' });
    const mv = await h.csms.waitFor('MeterValues', (m) => m.transactionId === transactionId, 5_000);
    expect(mv.connectorId).toBe(1);
    const energy = mv.meterValue[0]?.sampledValue.find((v) => v.measurand === 'Energy.Active.Import.Register');
    expect(energy).toMatchObject({ context: 'Sample.Periodic', unit: 'Wh' });
    expect(typeof energy?.value).toBe('string');
    expect(Number(energy?.value)).toBeGreaterThanOrEqual(meterStart);

    expect((await h.csms.call('RemoteStopTransaction', { transactionId: 999_999 })).status).toBe('Rejected');
    const from = h.csms.mark();
    expect((await h.csms.call('RemoteStopTransaction', { transactionId })).status).toBe('Accepted');
    const stop = await h.csms.waitFor('StopTransaction', () => true, 10_000, from);
    expect(stop).toMatchObject({ transactionId, reason: 'Remote', idTag: 'TAG-0001' });
    expect(stop.meterStop).toBeGreaterThan(meterStart);
    expect(stop.transactionData?.[0]?.sampledValue[0]).toMatchObject({ context: 'Transaction.End', measurand: 'Energy.Active.Import.Register' });
    await h.csms.waitForStatus(1, 'Finishing', 5_000, from);
    expect(h.rig.evse(1).contactor.closed).toBe(false);
    h.rig.evse(1).ev.unplug();
    await h.csms.waitForStatus(1, 'Available', 5_000, from);
  });

  it('transaction limit by DataTransfer SetTransactionLimit: the station stops by itself at maxEnergy (meterStop within 1.5 Wh), reason Other', async () => {
    h = await booted();
    const { transactionId, meterStart } = await charge(h);
    const unknown = await h.csms.call('DataTransfer', { vendorId: LIMIT_VENDOR, messageId: 'SetTransactionLimit', data: JSON.stringify({ transactionId: 4242, maxEnergy: 10 }) });
    expect(unknown.status).toBe('Rejected');
    expect(JSON.parse(unknown.data ?? '{}')).toMatchObject({ reasonCode: 'UnknownTransaction' });
    const bad = await h.csms.call('DataTransfer', { vendorId: LIMIT_VENDOR, messageId: 'SetTransactionLimit', data: JSON.stringify({ transactionId, maxEnergy: -1 }) });
    expect(bad.status).toBe('Rejected');
    expect(JSON.parse(bad.data ?? '{}')).toMatchObject({ reasonCode: 'InvalidData' });
    expect((await h.csms.call('DataTransfer', { vendorId: LIMIT_VENDOR, messageId: 'Nope' })).status).toBe('UnknownMessageId');
    expect((await h.csms.call('DataTransfer', { vendorId: 'com.example', messageId: 'X' })).status).toBe('UnknownVendorId');

    const delivered = (h.rig.evse(1).meter.state.energyImportWh - meterStart);
    const limitWh = Math.ceil(delivered) + 30;
    const set = await h.csms.call('DataTransfer', { vendorId: LIMIT_VENDOR, messageId: 'SetTransactionLimit', data: JSON.stringify({ transactionId, maxEnergy: limitWh }) });
    expect(set.status).toBe('Accepted');
    const stop = await h.csms.waitFor('StopTransaction', () => true, 15_000);
    expect(stop.transactionId).toBe(transactionId);
    expect(stop.reason).toBe('Other');
    expect(Math.abs(stop.meterStop - meterStart - limitWh)).toBeLessThanOrEqual(1.5);
    expect(h.rig.evse(1).contactor.closed).toBe(false);
  });

  it('Reset Hard ends the ongoing transaction with StopTransaction reason HardReset', async () => {
    const resets: string[] = [];
    h = await booted({ onReset: (k) => resets.push(k) });
    const { transactionId } = await charge(h);
    expect((await h.csms.call('Reset', { type: 'Hard' })).status).toBe('Accepted');
    const stop = await h.csms.waitFor('StopTransaction', () => true, 10_000);
    expect(stop).toMatchObject({ transactionId, reason: 'HardReset' });
    await until(() => resets.length === 1, 5_000, 'the reset');
  });

  it('the UUID ↔ transactionId mapping survives a restart: RemoteStop for the old id still stops the (resumed) transaction', async () => {
    // Default stop points (EVConnected,Authorized): the resumed transaction waits for the first vehicle reading.
    h = await booted({ onPowerLoss: 'resume' });
    const { transactionId } = await charge(h);
    const connections = h.csms.connections;
    await h.stopAgent();
    const before = h.csms.mark();
    await h.restartAgent();
    await h.csms.connected(10_000, connections);
    await h.csms.waitFor('BootNotification', () => true, 10_000, before);
    await until(() => h!.agent.snapshot().registration === 'Accepted', 10_000, 'registration after restart');
    expect(h.agent.snapshot().evses[0]?.transaction).toBeDefined();
    const from = h.csms.mark();
    expect((await h.csms.call('RemoteStopTransaction', { transactionId })).status).toBe('Accepted');
    const stop = await h.csms.waitFor('StopTransaction', () => true, 10_000, from);
    expect(stop).toMatchObject({ transactionId, reason: 'Remote', idTag: 'TAG-0001' });
    expect(h.csms.all('StartTransaction')).toHaveLength(1);
    expect(h.csms.all('StopTransaction')).toHaveLength(1);
  });
});

describe('OCPP 1.6 configuration', () => {
  it('GetConfiguration/ChangeConfiguration map the 1.6 keys to the device model; read-only keys are Rejected, unknown keys NotSupported/unknownKey', async () => {
    h = await booted();
    const all = await h.csms.call('GetConfiguration', {});
    const byKey = new Map((all.configurationKey ?? []).map((k) => [k.key, k]));
    expect(byKey.get('NumberOfConnectors')).toEqual({ key: 'NumberOfConnectors', readonly: true, value: '1' });
    expect(byKey.get('SupportedFeatureProfiles')?.value).toBe('Core,RemoteTrigger');
    expect(byKey.get('HeartbeatInterval')).toMatchObject({ readonly: false, value: '300' });
    expect(byKey.get('AuthorizationKey')).toEqual({ key: 'AuthorizationKey', readonly: false });

    expect((await h.csms.call('ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' })).status).toBe('Accepted');
    expect((await h.csms.call('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '15' })).status).toBe('Accepted');
    expect((await h.csms.call('ChangeConfiguration', { key: 'StopTransactionOnEVSideDisconnect', value: 'False' })).status).toBe('Accepted');
    expect(h.agent.deviceModel.str({ name: 'SampledDataCtrlr' }, { name: 'TxUpdatedInterval' })).toBe('15');
    expect(h.agent.deviceModel.str({ name: 'TxCtrlr' }, { name: 'StopTxOnEVSideDisconnect' })).toBe('false');
    expect((await h.csms.call('ChangeConfiguration', { key: 'HeartbeatInterval', value: 'soon' })).status).toBe('Rejected');
    expect((await h.csms.call('ChangeConfiguration', { key: 'NumberOfConnectors', value: '4' })).status).toBe('Rejected');
    expect((await h.csms.call('ChangeConfiguration', { key: 'NoSuchKey', value: '1' })).status).toBe('NotSupported');
    const some = await h.csms.call('GetConfiguration', { key: ['HeartbeatInterval', 'meterValueSampleInterval', 'NoSuchKey'] });
    expect(some.configurationKey).toEqual([
      { key: 'HeartbeatInterval', readonly: false, value: '120' },
      { key: 'MeterValueSampleInterval', readonly: false, value: '15' },
    ]);
    expect(some.unknownKey).toEqual(['NoSuchKey']);
  });

  it('WebPaymentsCtrlr keys: settable and readable over 1.6; SharedSecret is never readable (reported as "") nor logged', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    h = await booted({ logLevel: 'trace', logStream: sink });
    const secret = 'S3cretSharedSecretForTheTest0001';
    const url = 'https://pay.example.com/{chargingStationId}/{evseId}?totp={totp}';
    expect((await h.csms.call('ChangeConfiguration', { key: 'WebPaymentsCtrlr.1.SharedSecret', value: secret })).status).toBe('Accepted');
    expect((await h.csms.call('ChangeConfiguration', { key: 'WebPaymentsCtrlr.1.URLTemplate', value: url })).status).toBe('Accepted');
    expect((await h.csms.call('ChangeConfiguration', { key: 'WebPaymentsCtrlr.1.URLTemplate', value: 'https://pay.example.com/no-code' })).status).toBe('Rejected');
    expect((await h.csms.call('ChangeConfiguration', { key: 'WebPaymentsCtrlr.9.URLTemplate', value: url })).status).toBe('NotSupported');
    const got = await h.csms.call('GetConfiguration', { key: ['WebPaymentsCtrlr.1.URLTemplate', 'WebPaymentsCtrlr.1.SharedSecret'] });
    expect(got.configurationKey).toEqual([
      { key: 'WebPaymentsCtrlr.1.URLTemplate', readonly: false, value: url },
      { key: 'WebPaymentsCtrlr.1.SharedSecret', readonly: false, value: '' },
    ]);
    const all = await h.csms.call('GetConfiguration', {});
    expect(all.configurationKey?.find((k) => k.key === 'WebPaymentsCtrlr.1.SharedSecret')?.value).toBe('');
    expect(JSON.stringify(all)).not.toContain(secret);
    await new Promise((r) => setTimeout(r, 300));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.join('')).not.toContain(secret);
  });

  it('NotifyWebPaymentStarted as a 1.6 DataTransfer (data a JSON string with connectorId) shows "payment in progress"; a bad connectorId is Rejected', async () => {
    h = await booted();
    const bad = await h.csms.call('DataTransfer', { vendorId: 'cloud.charging.open', messageId: 'NotifyWebPaymentStarted', data: JSON.stringify({ connectorId: 5, timeout: 60 }) });
    expect(bad.status).toBe('Rejected');
    expect(JSON.parse(bad.data ?? '{}')).toMatchObject({ reasonCode: 'invalidConnectorId' });
    const ok = await h.csms.call('DataTransfer', { vendorId: 'cloud.charging.open', messageId: 'NotifyWebPaymentStarted', data: JSON.stringify({ connectorId: 1, timeout: 60 }) });
    expect(ok.status).toBe('Accepted');
    const phase = () => h!.agent.display.display.current().find((s) => s.evseId === 1)?.phase;
    await until(() => phase() === 'payment-in-progress', 5_000, 'payment in progress on the display');
  });
});

describe('OCPP 1.6 California pricing (org.openchargealliance.costmsg)', () => {
  it('SetUserPrice and RunningCost DataTransfers (data as a JSON string, the 1.6 transactionId) reach the display; bad data is Rejected with a reason', async () => {
    h = await booted({ tariff: { currency: 'USD', pricePerKwh: 0.5 } });
    const display = () => h!.agent.display.display.current()[0];
    const { transactionId } = await charge(h);
    const bad = await h.csms.call('DataTransfer', { vendorId: 'org.openchargealliance.costmsg', messageId: 'RunningCost', data: '{not json' });
    expect(bad.status).toBe('Rejected');
    expect(JSON.parse(bad.data ?? '{}')).toMatchObject({ reasonCode: 'InvalidData' });
    const running = await h.csms.call('DataTransfer', {
      vendorId: 'org.openchargealliance.costmsg',
      messageId: 'RunningCost',
      data: JSON.stringify({ transactionId, timestamp: new Date().toISOString(), meterValue: 1234, cost: 1.23, state: 'Charging', chargingPrice: { kWhPrice: 0.55, hourPrice: 0, flatFee: 0 } }),
    });
    expect(running.status).toBe('Accepted');
    await until(() => display()?.session?.cost === 1.23, 5_000, 'the CSMS running cost on the display');
  }, 60_000);
});

