// CSMS simulator control: the loopback HTTP control API (pay, stop, topup, state) and the `charger-agent csms` command line.

import { afterEach, describe, expect, it } from 'vitest';
import { CsmsControlApi, controlRequest, payViaControlApi } from '../../simulators/csms/control-api.js';
import { runCsmsCli, runCsmsPayCli, runCsmsStopCli, runCsmsStateCli } from '../../agent/cli/commands/csms.js';
import { CsmsSim } from '../../simulators/csms/csms-server.js';
import { RawOcppClient } from '../../simulators/csms/raw-client.js';

const BOOT = { chargingStation: { model: 'CA-1', vendorName: 'charger-agent' }, reason: 'PowerUp' };
const now = () => new Date().toISOString();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

class Buf {
  text = '';
  write(chunk: string) {
    this.text += chunk;
  }
}

async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Answers every RequestStartTransaction / RequestStopTransaction the client receives with Accepted. */
function autoAccept(c: RawOcppClient): void {
  c.ws.on('message', (data: Buffer) => {
    const f = JSON.parse(data.toString('utf8')) as unknown[];
    if (f[0] === 2 && (f[2] === 'RequestStartTransaction' || f[2] === 'RequestStopTransaction')) c.respond(f[1] as string, { status: 'Accepted' });
  });
}

describe('CSMS control API', () => {
  it('POST /pay drives a payment to the station; POST /topup, POST /stop and GET /state', async () => {
    const sim = new CsmsSim({ pricePerKwh: 25, currency: 'KES' });
    await sim.listen();
    const api = new CsmsControlApi(sim, { port: 0 });
    await api.listen();
    cleanups.push(() => sim.close(), () => api.close());
    const c = await RawOcppClient.connect(`${sim.url}/CS1`, { protocols: ['ocpp2.1'] });
    cleanups.push(() => c.close());
    await c.callOk('BootNotification', BOOT);
    autoAccept(c);

    // stationId may be left out while exactly one station is connected.
    const result = await payViaControlApi(api.url, { evseId: 1, amount: 500, method: 'mpesa', reference: 'SGL7H2K9PQ' });
    expect(result).toMatchObject({ status: 'Accepted', maxEnergyWh: 20000, idToken: 'PAY-SGL7H2K9PQ', remoteStartId: 1 });
    const rst = await c.waitForCall('RequestStartTransaction');
    expect(rst.payload).toEqual({ idToken: { idToken: 'PAY-SGL7H2K9PQ', type: 'Central' }, remoteStartId: 1, evseId: 1 });

    const started = await c.callOk('TransactionEvent', {
      eventType: 'Started',
      timestamp: now(),
      triggerReason: 'RemoteStart',
      seqNo: 0,
      transactionInfo: { transactionId: 'TX1', remoteStartId: 1 },
    });
    expect(started.transactionLimit).toEqual({ maxEnergy: 20000 });
    expect(await controlRequest(api.url, 'POST', '/topup', { transactionId: 'TX1', amount: 100 })).toEqual({ transactionId: 'TX1', paid: 600, maxEnergyWh: 24000 });

    const state = (await controlRequest(api.url, 'GET', '/state')) as { stations: { id: string; transactions: { transactionId: string }[] }[]; payments: { reference: string; paid: number }[] };
    expect(state.stations[0]).toMatchObject({ id: 'CS1', protocol: 'ocpp2.1', connected: true, bootStatus: 'Accepted' });
    expect(state.stations[0]?.transactions[0]).toMatchObject({ transactionId: 'TX1' });
    expect(state.payments[0]).toMatchObject({ reference: 'SGL7H2K9PQ', paid: 600, state: 'charging' });

    expect(await controlRequest(api.url, 'POST', '/stop', { transactionId: 'TX1' })).toEqual({ status: 'Accepted' });
    expect((await c.waitForCall('RequestStopTransaction')).payload).toEqual({ transactionId: 'TX1' });
  });

  it('answers bad requests with an error that names the problem', async () => {
    const sim = new CsmsSim({ pricePerKwh: 25, currency: 'KES' });
    await sim.listen();
    const api = new CsmsControlApi(sim, { port: 0 });
    await api.listen();
    cleanups.push(() => sim.close(), () => api.close());
    await expect(payViaControlApi(api.url, { amount: 5, method: 'mpesa' })).rejects.toThrow(/HTTP 409: stationId is required when 0 stations are connected/);
    await expect(payViaControlApi(api.url, { stationId: 'CS1', amount: 5, method: 'mpesa' })).rejects.toThrow(/HTTP 409: .*station CS1 is not connected/);
    await expect(controlRequest(api.url, 'POST', '/pay', { stationId: 'CS1', amount: '5', method: 'mpesa' })).rejects.toThrow(/HTTP 400: amount must be a number/);
    await expect(controlRequest(api.url, 'POST', '/stop', { transactionId: 'nope' })).rejects.toThrow(/HTTP 404: no station has transaction nope/);
    await expect(controlRequest(api.url, 'GET', '/nothing')).rejects.toThrow(/HTTP 404: no route GET \/nothing/);
    expect(() => new CsmsControlApi(sim, { port: 0, host: '0.0.0.0' })).toThrow(/loopback/);
  });
});

describe('charger-agent csms (runCsmsCli)', () => {
  it('runs the simulator, logs each message on one line, takes a payment from `csms pay`, prints the receipt', async () => {
    const stdout = new Buf();
    const stderr = new Buf();
    const stop = new AbortController();
    const running = runCsmsCli(['--port', '0', '--price', '25', '--currency', 'KES', '--password', 'CS1=pw1'], { stdout, stderr, signal: stop.signal });
    cleanups.push(async () => {
      stop.abort();
      await running;
    });
    await waitUntil(() => /control API: (http:\S+)/.test(stdout.text), 3000, 'the control API line');
    const wsUrl = /CSMS simulator: (ws:\S+)\/<stationId>/.exec(stdout.text)![1]!;
    const control = /control API: (http:\S+)/.exec(stdout.text)![1]!;
    await expect(RawOcppClient.connect(`${wsUrl}/CS1`, { protocols: ['ocpp2.0.1'], auth: { user: 'CS1', password: 'bad' } })).rejects.toThrow('HTTP 401');
    const c = await RawOcppClient.connect(`${wsUrl}/CS1`, { protocols: ['ocpp2.0.1'], auth: { user: 'CS1', password: 'pw1' } });
    cleanups.push(() => c.close());
    await c.callOk('BootNotification', BOOT);
    autoAccept(c);

    const payOut = new Buf();
    const payErr = new Buf();
    expect(await runCsmsPayCli(['--amount', '500', '--method', 'mpesa', '--station', 'CS1', '--evse', '1', '--control', control], { stdout: payOut, stderr: payErr })).toBe(0);
    expect(payOut.text).toMatch(/RequestStartTransaction Accepted \(remoteStartId 1, idToken PAY-\w+, limit 20000 Wh\)/);

    const started = await c.callOk('TransactionEvent', {
      eventType: 'Started',
      timestamp: now(),
      triggerReason: 'RemoteStart',
      seqNo: 0,
      transactionInfo: { transactionId: 'TX1', remoteStartId: 1 },
      meterValue: [{ timestamp: now(), sampledValue: [{ value: 0, context: 'Transaction.Begin' }] }],
    });
    expect(started.customData).toMatchObject({ maxEnergy: 20000 });
    const stateOut = new Buf();
    expect(await runCsmsStateCli(['--control', control], { stdout: stateOut, stderr })).toBe(0);
    expect(JSON.parse(stateOut.text)).toMatchObject({ currency: 'KES', stations: [{ id: 'CS1', protocol: 'ocpp2.0.1' }] });
    const stopOut = new Buf();
    expect(await runCsmsStopCli(['--transaction', 'TX1', '--control', control], { stdout: stopOut, stderr })).toBe(0);
    expect(stopOut.text).toContain('RequestStopTransaction TX1: Accepted');
    await c.callOk('TransactionEvent', {
      eventType: 'Ended',
      timestamp: now(),
      triggerReason: 'RemoteStop',
      seqNo: 1,
      transactionInfo: { transactionId: 'TX1', stoppedReason: 'Remote' },
      meterValue: [{ timestamp: now(), sampledValue: [{ value: 8000, context: 'Transaction.End' }] }],
    });
    await waitUntil(() => stdout.text.includes('receipt '), 3000, 'the receipt line');
    stop.abort();
    expect(await running).toBe(0);
    const lines = stdout.text.split('\n');
    expect(lines.some((l) => /CS1 -> CSMS CALL BootNotification \{"chargingStation"/.test(l))).toBe(true);
    expect(lines.some((l) => /CS1 <- CSMS CALLRESULT BootNotification \{"currentTime"/.test(l))).toBe(true);
    expect(lines.some((l) => /CS1 <- CSMS CALL RequestStartTransaction/.test(l))).toBe(true);
    expect(stdout.text).toMatch(/refused CS1: 401/);
    expect(stdout.text).toMatch(/receipt \S+ \(mpesa\) station CS1 tx TX1: paid 500 KES, delivered 8\.000 kWh at 25 KES\/kWh = 200 KES, refund 300 KES, stopped: Remote/);
    expect(stdout.text).toContain('CSMS simulator stopped');
  });

  it('rejects a bad command line with a UsageError naming the option', async () => {
    const io = { stdout: new Buf(), stderr: new Buf() };
    await expect(runCsmsCli(['--boot', 'Maybe'], io)).rejects.toThrow(/--boot: got "Maybe", expected one of Accepted, Pending, Rejected/);
    await expect(runCsmsCli(['--password', 'nopw'], io)).rejects.toThrow(/--password: got "nopw", expected STATION=PASSWORD/);
    await expect(runCsmsCli(['--currency', 'XYZW'], io)).rejects.toThrow(/--currency/);
    await expect(runCsmsPayCli(['--amount', '5'], io)).rejects.toThrow(/--method: missing/);
    await expect(runCsmsPayCli(['--amount', '5', '--method', 'cash'], io)).rejects.toThrow(/--method: got "cash"/);
    await expect(runCsmsPayCli(['--amount', '5', '--method', 'upi', '--control', 'http://127.0.0.1:1'], io)).rejects.toThrow(/cannot reach the CSMS control API/);
  });
});
