// CSMS simulator, connection and core messages: subprotocol negotiation, basic auth, boot states, answers, CALLERRORs, the frame log.

import { afterEach, describe, expect, it } from 'vitest';
import { CsmsSim } from '../../simulators/csms/csms-server.js';
import type { CsmsSimOptions } from '../../simulators/csms/csms-types.js';
import { RawOcppClient } from '../../simulators/csms/raw-client.js';

const BOOT = { chargingStation: { model: 'CA-1', vendorName: 'charger-agent' }, reason: 'PowerUp' };
const now = () => new Date().toISOString();

let sim: CsmsSim | undefined;
const clients: RawOcppClient[] = [];

async function start(options: Partial<CsmsSimOptions> = {}): Promise<CsmsSim> {
  sim = new CsmsSim({ pricePerKwh: 30, currency: 'KES', ...options });
  await sim.listen();
  return sim;
}

async function connect(id: string, protocols = ['ocpp2.1', 'ocpp2.0.1'], auth?: { user: string; password: string }): Promise<RawOcppClient> {
  const c = await RawOcppClient.connect(`${sim!.url}/${id}`, { protocols, ...(auth ? { auth } : {}) });
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await sim?.close();
  sim = undefined;
});

describe('CSMS simulator: connection', () => {
  it('selects the first subprotocol of the station\'s list that it supports, in the station\'s order (2.1 part 4 3.1.2)', async () => {
    const s = await start();
    expect((await connect('A', ['ocpp2.1', 'ocpp2.0.1'])).protocol).toBe('ocpp2.1');
    expect((await connect('B', ['ocpp2.0.1', 'ocpp2.1'])).protocol).toBe('ocpp2.0.1');
    expect((await connect('C', ['ocpp1.6', 'ocpp2.0.1'])).protocol).toBe('ocpp2.0.1');
    expect(s.station('A')?.protocol).toBe('ocpp2.1');
    expect(s.station('B')?.protocol).toBe('ocpp2.0.1');
  });

  it('uses only the protocols it is configured for', async () => {
    await start({ protocols: ['ocpp2.0.1'] });
    expect((await connect('A', ['ocpp2.1', 'ocpp2.0.1'])).protocol).toBe('ocpp2.0.1');
  });

  it('answers without a subprotocol and closes when none is common (2.x part 4 3.2)', async () => {
    const s = await start();
    const refused = new Promise((resolve) => s.once('refused', resolve));
    // ws rejects a handshake answered without any of the offered subprotocols.
    await expect(RawOcppClient.connect(`${s.url}/OLD`, { protocols: ['ocpp1.6'] })).rejects.toThrow(/subprotocol/i);
    await expect(refused).resolves.toMatchObject({ stationId: 'OLD' });
    expect(s.station('OLD')).toBeUndefined();
  });

  it('takes the station id from the last path segment, URL-decoded (part 4 3.1.1 example "RDAM 123")', async () => {
    const s = await start();
    const c = await RawOcppClient.connect(`ws://127.0.0.1:${s.port}/ocppj/RDAM%20123`, { protocols: ['ocpp2.1'] });
    clients.push(c);
    const session = await s.waitForStation('RDAM 123', 2000);
    expect(session.connected).toBe(true);
  });

  it('security profile 1: accepts the right Basic password, answers HTTP 401 to a wrong, missing or unknown one', async () => {
    const s = await start({ passwords: { CS1: 's3cret:with:colons' } });
    const ok = await connect('CS1', ['ocpp2.1'], { user: 'CS1', password: 's3cret:with:colons' });
    expect(ok.protocol).toBe('ocpp2.1');
    await expect(RawOcppClient.connect(`${s.url}/CS1`, { protocols: ['ocpp2.1'], auth: { user: 'CS1', password: 'wrong' } })).rejects.toThrow('HTTP 401');
    await expect(RawOcppClient.connect(`${s.url}/CS1`, { protocols: ['ocpp2.1'] })).rejects.toThrow('HTTP 401');
    await expect(
      RawOcppClient.connect(`${s.url}/CS1`, { protocols: ['ocpp2.1'], auth: { user: 'CS2', password: 's3cret:with:colons' } }),
    ).rejects.toThrow('HTTP 401');
    await expect(RawOcppClient.connect(`${s.url}/CS9`, { protocols: ['ocpp2.1'], auth: { user: 'CS9', password: 'x' } })).rejects.toThrow('HTTP 401');
  });

  it('emits connected / disconnected and keeps the session across reconnections', async () => {
    const s = await start();
    const events: string[] = [];
    s.on('connected', (st) => events.push(`connected ${st.id}`));
    s.on('disconnected', (st) => events.push(`disconnected ${st.id}`));
    const c = await connect('CS1');
    await c.callOk('BootNotification', BOOT);
    await c.close();
    await expect.poll(() => events).toContain('disconnected CS1');
    const session = s.station('CS1')!;
    expect(session.connected).toBe(false);
    await connect('CS1');
    await s.waitForStation('CS1', 2000);
    expect(session.connections).toBe(2);
    expect(s.station('CS1')).toBe(session);
    expect(session.bootStatus).toBe('Accepted');
    expect(events).toEqual(['connected CS1', 'disconnected CS1', 'connected CS1']);
  });
});

describe('CSMS simulator: BootNotification', () => {
  it('answers the configured status and interval with the current time', async () => {
    await start({ boot: { status: 'Accepted', interval: 60 } });
    const c = await connect('CS1');
    const res = await c.callOk('BootNotification', BOOT);
    expect(res).toMatchObject({ status: 'Accepted', interval: 60 });
    expect(Math.abs(Date.parse(res.currentTime as string) - Date.now())).toBeLessThan(5000);
  });

  it('Rejected: other CALLs get SecurityError (B03.FR.07)', async () => {
    const s = await start({ boot: { status: 'Rejected', interval: 30 } });
    const c = await connect('CS1', ['ocpp2.0.1']);
    expect(await c.callOk('BootNotification', BOOT)).toMatchObject({ status: 'Rejected', interval: 30 });
    const a = await c.call('StatusNotification', { timestamp: now(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    expect(a).toMatchObject({ type: 4, errorCode: 'SecurityError' });
    expect(s.station('CS1')?.violations).toEqual(['StatusNotification']);
    expect(s.station('CS1')?.status(1, 1)).toBeUndefined();
  });

  it('Pending first, then Accepted on the next boot; while Pending only reports and triggered messages pass (B02.FR.09)', async () => {
    const s = await start({ boot: { status: 'Accepted', interval: 300 } });
    s.queueBoot({ status: 'Pending', interval: 5 });
    const c = await connect('CS1');
    expect(await c.callOk('BootNotification', BOOT)).toMatchObject({ status: 'Pending', interval: 5 });
    expect(await c.call('Heartbeat', {})).toMatchObject({ type: 4, errorCode: 'SecurityError' });
    expect(await c.call('NotifyReport', { requestId: 1, generatedAt: now(), seqNo: 0 })).toMatchObject({ type: 3 });
    // A message the CSMS triggers is allowed while Pending.
    const trigger = s.call('CS1', 'TriggerMessage', { requestedMessage: 'StatusNotification' });
    const t = await c.waitForCall('TriggerMessage');
    c.respond(t.messageId, { status: 'Accepted' });
    expect(await trigger).toEqual({ status: 'Accepted' });
    expect(await c.call('StatusNotification', { timestamp: now(), connectorStatus: 'Available', evseId: 1, connectorId: 1 })).toMatchObject({ type: 3 });
    expect(await c.callOk('BootNotification', BOOT)).toMatchObject({ status: 'Accepted', interval: 300 });
    expect(await c.call('Heartbeat', {})).toMatchObject({ type: 3 });
    await expect(s.waitForBoot('CS1', 'Accepted', 1000)).resolves.toMatchObject({ action: 'BootNotification' });
  });

  it('setBoot changes the answer at run time', async () => {
    const s = await start();
    const c = await connect('CS1');
    s.setBoot({ status: 'Rejected', interval: 10 });
    expect(await c.callOk('BootNotification', BOOT)).toMatchObject({ status: 'Rejected', interval: 10 });
    expect(() => s.setBoot({ status: 'Maybe' as 'Accepted', interval: 1 })).toThrow(/Accepted, Pending or Rejected/);
  });
});

describe('CSMS simulator: station messages', () => {
  it('answers Heartbeat, records StatusNotification per EVSE/connector, collects NotifyReport parts', async () => {
    const s = await start();
    const c = await connect('CS1');
    await c.callOk('BootNotification', BOOT);
    expect(await c.callOk('Heartbeat', {})).toHaveProperty('currentTime');
    await c.callOk('StatusNotification', { timestamp: now(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    await c.callOk('StatusNotification', { timestamp: now(), connectorStatus: 'Occupied', evseId: 2, connectorId: 1 });
    const session = s.station('CS1')!;
    expect(session.status(1)).toBe('Available');
    expect(session.status(2, 1)).toBe('Occupied');
    await s.waitForStatus('CS1', 2, 1, 'Occupied', 500);
    const data = (name: string) => ({ component: { name }, variable: { name: 'Enabled' }, variableAttribute: [{ value: 'true' }] });
    await c.callOk('NotifyReport', { requestId: 7, generatedAt: now(), seqNo: 1, reportData: [data('B')] });
    // seqNo 1 has no tbc, but seqNo 0 is still missing.
    expect(session.report(7)).toBeUndefined();
    await c.callOk('NotifyReport', { requestId: 7, generatedAt: now(), seqNo: 0, tbc: true, reportData: [data('A')] });
    expect(session.report(7)?.map((d) => d.component.name)).toEqual(['A', 'B']);
  });

  it('answers Authorize Accepted, or the status set for the token', async () => {
    const s = await start();
    const c = await connect('CS1');
    expect(await c.callOk('Authorize', { idToken: { idToken: 'ABC', type: 'ISO14443' } })).toEqual({ idTokenInfo: { status: 'Accepted' } });
    s.setTokenStatus('bad', 'Blocked');
    expect(await c.callOk('Authorize', { idToken: { idToken: 'BAD', type: 'ISO14443' } })).toEqual({ idTokenInfo: { status: 'Blocked' } });
  });

  it('answers DataTransfer Accepted, or UnknownVendorId for vendors it does not know', async () => {
    await start({ knownVendorIds: ['org.example'] });
    const c = await connect('CS1');
    expect(await c.callOk('DataTransfer', { vendorId: 'org.example', data: 1 })).toEqual({ status: 'Accepted' });
    expect(await c.callOk('DataTransfer', { vendorId: 'com.other' })).toEqual({ status: 'UnknownVendorId' });
  });

  it('acknowledges MeterValues, NotifyEvent, SecurityEventNotification, Firmware- and LogStatusNotification', async () => {
    await start();
    const c = await connect('CS1', ['ocpp2.0.1']);
    const mv = [{ timestamp: now(), sampledValue: [{ value: 1234 }] }];
    expect(await c.callOk('MeterValues', { evseId: 1, meterValue: mv })).toEqual({});
    expect(
      await c.callOk('NotifyEvent', {
        generatedAt: now(),
        seqNo: 0,
        eventData: [{ eventId: 1, timestamp: now(), trigger: 'Delta', actualValue: 'Available', component: { name: 'Connector' }, variable: { name: 'AvailabilityState' }, eventNotificationType: 'HardWiredNotification' }],
      }),
    ).toEqual({});
    expect(await c.callOk('SecurityEventNotification', { type: 'StartupOfTheDevice', timestamp: now() })).toEqual({});
    expect(await c.callOk('FirmwareStatusNotification', { status: 'Idle' })).toEqual({});
    expect(await c.callOk('LogStatusNotification', { status: 'Idle' })).toEqual({});
  });

  it('answers an unknown action NotImplemented and a known one it does not handle NotSupported', async () => {
    await start();
    const c = await connect('CS1');
    expect(await c.call('FlyToTheMoon', {})).toMatchObject({ type: 4, errorCode: 'NotImplemented' });
    expect(await c.call('Get15118EVCertificate', { iso15118SchemaVersion: 'x', action: 'Install', exiRequest: 'AA==' })).toMatchObject({
      type: 4,
      errorCode: 'NotSupported',
    });
  });

  it('answers a schema-invalid CALL with the CALLERROR the schema failure maps to, and does not record it', async () => {
    const s = await start();
    const c = await connect('CS1', ['ocpp2.0.1']);
    expect(await c.call('BootNotification', { chargingStation: BOOT.chargingStation })).toMatchObject({ type: 4, errorCode: 'OccurrenceConstraintViolation' });
    expect(await c.call('StatusNotification', { timestamp: now(), connectorStatus: 'Sleeping', evseId: 1, connectorId: 1 })).toMatchObject({
      type: 4,
      errorCode: 'PropertyConstraintViolation',
    });
    expect(await c.call('Heartbeat', { extra: 1 })).toMatchObject({ type: 4, errorCode: 'ProtocolError' });
    // transactionLimit does not exist in 2.0.1.
    const ev = {
      eventType: 'Started',
      timestamp: now(),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: 'T1', transactionLimit: { maxEnergy: 1 } },
    };
    expect(await c.call('TransactionEvent', ev)).toMatchObject({ type: 4, errorCode: 'ProtocolError' });
    expect(s.station('CS1')?.bootRequest).toBeUndefined();
    expect(s.station('CS1')?.transactions.size).toBe(0);
    c.sendRaw('not json');
    expect((await c.waitForFrame((f) => f[0] === 4 && f[1] === '-1')).slice(0, 3)).toEqual([4, '-1', 'RpcFrameworkError']);
  });

  it('sends CALLs to the station and resolves with the answer; keeps a raw log of every frame in and out', async () => {
    const s = await start();
    const c = await connect('CS1');
    await c.callOk('BootNotification', BOOT);
    const pending = s.call('CS1', 'GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] });
    const req = await c.waitForCall('GetVariables');
    const answer = {
      getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '60', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
    };
    c.respond(req.messageId, answer);
    expect(await pending).toEqual(answer);
    const log = s.station('CS1')!.log;
    expect(log.map((r) => `${r.direction} ${r.kind} ${r.action}`)).toEqual([
      'in CALL BootNotification',
      'out CALLRESULT BootNotification',
      'out CALL GetVariables',
      'in CALLRESULT GetVariables',
    ]);
    expect(JSON.parse(log[2]!.raw)).toEqual([2, req.messageId, 'GetVariables', req.payload]);
    expect(log[3]!.payload).toEqual(answer);
  });

  it('rejects a CALL whose payload fails the station protocol\'s schema without sending it', async () => {
    const s = await start();
    const c = await connect('CS1', ['ocpp2.0.1']);
    await c.callOk('BootNotification', BOOT);
    await expect(s.call('CS1', 'Reset', { type: 'Sometime' as 'Immediate' })).rejects.toMatchObject({ code: 'InvalidOutgoingMessage' });
    await expect(s.call('NOPE', 'Reset', { type: 'Immediate' })).rejects.toMatchObject({ code: 'ConnectionClosed' });
    expect(s.station('CS1')!.calls('Reset', 'out')).toHaveLength(0);
  });

  it('reports seqNo duplicates and gaps of a transaction', async () => {
    const s = await start();
    const c = await connect('CS1');
    const ev = (seqNo: number, eventType = 'Updated') => ({ eventType, timestamp: now(), triggerReason: 'MeterValuePeriodic', seqNo, transactionInfo: { transactionId: 'T1' } });
    await c.callOk('TransactionEvent', ev(0, 'Started'));
    await c.callOk('TransactionEvent', ev(1));
    await c.callOk('TransactionEvent', ev(1));
    await c.callOk('TransactionEvent', ev(3));
    expect(s.station('CS1')!.seqNoReport('T1')).toEqual({ seqNos: [0, 1, 1, 3], duplicates: [1], gaps: [2] });
    await expect(s.waitForTransactionEvent('CS1', (e) => e.seqNo === 3, 500)).resolves.toMatchObject({ seqNo: 3 });
    await expect(s.waitForTransactionEvent('CS1', (e) => e.seqNo === 4, 50)).rejects.toThrow(/timed out after 50 ms/);
  });
});
