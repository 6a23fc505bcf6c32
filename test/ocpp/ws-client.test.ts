// connectOcpp against a real ws server: connection URL, version negotiation, Basic auth, HTTP errors, ping keep-alive.
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyRpcConnection } from '../../agent/ocpp/rpc-connection.js';
import { basicAuthHeader, connectionUrl, connectOcpp, OcppConnectError } from '../../agent/ocpp/ws-client.js';
import { startFakeCsms, type FakeCsms } from './fake-csms.js';

let csms: FakeCsms | undefined;
let rpcs: AnyRpcConnection[] = [];

afterEach(async () => {
  for (const r of rpcs) r.close();
  rpcs = [];
  await csms?.close();
  csms = undefined;
});

async function failure(p: Promise<unknown>): Promise<OcppConnectError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OcppConnectError);
  return e as OcppConnectError;
}

describe('connection URL (part 4 section 3.1.1)', () => {
  it('appends "/" and the percent-encoded identity', () => {
    expect(connectionUrl('ws://csms.example.com/ocpp', 'CS001')).toBe('ws://csms.example.com/ocpp/CS001');
    expect(connectionUrl('wss://csms.example.com/ocppj', 'RDAM|123')).toBe('wss://csms.example.com/ocppj/RDAM%7C123');
    expect(connectionUrl('wss://csms.example.com/ocppj/', 'RDAM 123')).toBe('wss://csms.example.com/ocppj/RDAM%20123');
  });

  it.each([
    ['http://csms.example.com/ocpp', 'CS001', /ws:\/\/ or wss:\/\//],
    ['not a url', 'CS001', /not a valid URL/],
    ['ws://csms.example.com/ocpp', 'CS:001', /must not contain ':'/],
    ['ws://csms.example.com/ocpp', 'C'.repeat(49), /1\.\.48 characters/],
    ['ws://csms.example.com/ocpp', '', /1\.\.48 characters/],
  ])('refuses %s with identity %s', async (url, id, message) => {
    const e = await failure(connectOcpp({ url, stationId: id, protocols: ['ocpp2.1'] }));
    expect(e.kind).toBe('invalid-options');
    expect(e.message).toMatch(message);
  });

  it('the CSMS sees the request path with the encoded identity', async () => {
    csms = await startFakeCsms();
    const c = await connectOcpp({ url: csms.url, stationId: 'RDAM|123', protocols: ['ocpp2.1'] });
    rpcs.push(c.rpc);
    expect(csms.requests[0]?.url).toBe('/ocpp/RDAM%7C123');
  });
});

describe('OCPP version negotiation (part 4 sections 3.1.2 and 3.3)', () => {
  it('offers the versions in order of preference and takes the one the CSMS picks', async () => {
    csms = await startFakeCsms({ supported: ['ocpp1.6', 'ocpp2.0.1'] });
    const c = await connectOcpp({ url: csms.url, stationId: 'CS001', protocols: ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'] });
    rpcs.push(c.rpc);
    expect(csms.requests[0]?.headers['sec-websocket-protocol']).toBe('ocpp2.1,ocpp2.0.1,ocpp1.6');
    expect(c.protocol).toBe('ocpp2.0.1');
    expect(c.rpc.protocol).toBe('ocpp2.0.1');
  });

  it('uses the most preferred version when the CSMS supports all', async () => {
    csms = await startFakeCsms();
    const c = await connectOcpp({ url: csms.url, stationId: 'CS001', protocols: ['ocpp2.1', 'ocpp2.0.1'] });
    rpcs.push(c.rpc);
    expect(c.protocol).toBe('ocpp2.1');
  });

  it('refuses the connection when the CSMS agrees to none of the offered versions', async () => {
    csms = await startFakeCsms({ supported: ['ocpp1.6'] });
    const e = await failure(connectOcpp({ url: csms.url, stationId: 'CS001', protocols: ['ocpp2.1', 'ocpp2.0.1'] }));
    expect(e.kind).toBe('protocol-mismatch');
    expect(e.message).toMatch(/none of the offered OCPP versions \(ocpp2\.1, ocpp2\.0\.1\)/);
  });
});

describe('HTTP Basic authentication (security profile 1: A00.FR.202-205 / 2.0.1 A00.FR.2xx)', () => {
  it('A00.FR.204: sends Authorization: Basic base64(<stationId>:<password>) on the upgrade request', async () => {
    csms = await startFakeCsms();
    const c = await connectOcpp({
      url: csms.url,
      stationId: 'AL1000',
      protocols: ['ocpp2.0.1'],
      basicAuth: { password: 'correct horse battery' },
    });
    rpcs.push(c.rpc);
    const header = csms.requests[0]?.headers.authorization;
    expect(header).toBe('Basic ' + Buffer.from('AL1000:correct horse battery').toString('base64'));
  });

  it('encodes a binary 1.6 AuthorizationKey byte for byte (OCPP-J 1.6 section 6.2.2 example)', () => {
    const key = Buffer.from('0001020304050607FFFFFFFFFFFFFFFFFFFFFFFF', 'hex');
    expect(basicAuthHeader('AL1000', key)).toBe('Basic QUwxMDAwOgABAgMEBQYH////////////////');
  });

  it('reports HTTP 401 as an authentication failure', async () => {
    csms = await startFakeCsms({ refuse: () => 401 });
    const e = await failure(
      connectOcpp({ url: csms.url, stationId: 'CS001', protocols: ['ocpp2.1'], basicAuth: { password: 'wrong-password-123' } }),
    );
    expect(e.kind).toBe('auth');
    expect(e.statusCode).toBe(401);
  });

  it('reports HTTP 404 (unknown station) apart from auth and network failures', async () => {
    csms = await startFakeCsms({ refuse: () => 404 });
    const e = await failure(connectOcpp({ url: csms.url, stationId: 'CS001', protocols: ['ocpp2.1'] }));
    expect(e.kind).toBe('not-found');
    expect(e.statusCode).toBe(404);
  });

  it('reports a refused TCP connection as a network failure', async () => {
    csms = await startFakeCsms();
    const url = csms.url;
    await csms.close();
    csms = undefined;
    const e = await failure(connectOcpp({ url, stationId: 'CS001', protocols: ['ocpp2.1'] }));
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/ECONNREFUSED/);
  });
});

describe('WebSocket ping (WebSocketPingInterval, part 4 sections 5.3 and 8.4)', () => {
  it('pings at the interval and stays open while the CSMS answers with pongs', async () => {
    csms = await startFakeCsms();
    const c = await connectOcpp({ url: csms.url, stationId: 'CS001', protocols: ['ocpp2.1'], pingIntervalSec: 0.05 });
    rpcs.push(c.rpc);
    const peer = await csms.nextPeer();
    let pings = 0;
    peer.ws.on('ping', () => pings++);
    await new Promise((r) => setTimeout(r, 400));
    expect(pings).toBeGreaterThanOrEqual(4);
    expect(c.rpc.closed).toBe(false);
  });

  it('closes the connection when a ping gets no pong (dead peer)', async () => {
    csms = await startFakeCsms({ autoPong: false });
    const c = await connectOcpp({ url: csms.url, stationId: 'CS001', protocols: ['ocpp2.1'], pingIntervalSec: 0.05 });
    rpcs.push(c.rpc);
    const rpc = c.rpc;
    if (rpc.protocol !== 'ocpp2.1') throw new Error('expected ocpp2.1');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => rpc.once('close', resolve));
    const pending = rpc.call('Heartbeat', {}, { timeoutMs: 5000 }); // typed: narrowed by protocol
    const info = await closed;
    expect(info.code).toBe(1006);
    expect(info.reason).toMatch(/ping timeout/);
    await expect(pending).rejects.toMatchObject({ code: 'ConnectionClosed' });
  });

  it('0 disables client pings', async () => {
    csms = await startFakeCsms({ autoPong: false });
    const c = await connectOcpp({ url: csms.url, stationId: 'CS001', protocols: ['ocpp2.1'], pingIntervalSec: 0 });
    rpcs.push(c.rpc);
    const peer = await csms.nextPeer();
    let pings = 0;
    peer.ws.on('ping', () => pings++);
    await new Promise((r) => setTimeout(r, 200));
    expect(pings).toBe(0);
    expect(c.rpc.closed).toBe(false);
  });
});
