// RpcConnection against a real ws server: validation both ways, error codes per version, one CALL in flight, timeouts.
import { afterEach, describe, expect, it } from 'vitest';
import { RpcError, type OcppProtocol } from '../../agent/ocpp/rpc-errors.js';
import type { RpcConnection } from '../../agent/ocpp/rpc-connection.js';
import { connectOcpp } from '../../agent/ocpp/ws-client.js';
import { startFakeCsms, type CsmsPeer, type FakeCsms } from './fake-csms.js';

let csms: FakeCsms | undefined;
let rpcs: { close(): void }[] = [];

afterEach(async () => {
  for (const r of rpcs) r.close();
  rpcs = [];
  await csms?.close();
  csms = undefined;
});

async function open<P extends OcppProtocol>(
  protocol: P,
  callTimeoutMs = 2000,
): Promise<{ rpc: RpcConnection<P>; peer: CsmsPeer }> {
  csms = await startFakeCsms({ supported: [protocol] });
  const conn = await connectOcpp({ url: csms.url, stationId: 'CS001', protocols: [protocol], callTimeoutMs });
  expect(conn.protocol).toBe(protocol);
  const rpc = conn.rpc as unknown as RpcConnection<P>;
  rpcs.push(rpc);
  const peer = await csms.nextPeer();
  return { rpc, peer };
}

async function expectNothing(peer: CsmsPeer, ms = 150): Promise<void> {
  await expect(peer.next(ms)).rejects.toThrow(/no message/);
}

const NOW = '2025-01-23T10:00:00.000Z';

describe.each([
  ['ocpp1.6', { type: 'Hard' }, { status: 'Accepted' }, 'OccurenceConstraintViolation', 'FormationViolation'],
  ['ocpp2.0.1', { type: 'Immediate' }, { status: 'Accepted' }, 'OccurrenceConstraintViolation', 'ProtocolError'],
  ['ocpp2.1', { type: 'Immediate' }, { status: 'Accepted' }, 'OccurrenceConstraintViolation', 'ProtocolError'],
] as const)('%s incoming CALL validation (part 4 section 4.1.7 / 4.3)', (protocol, validReset, resetResponse, missingCode, extraCode) => {
  it.each([
    ['a required field missing', {}, missingCode],
    ['a field of the wrong type', { type: 1 }, 'TypeConstraintViolation'],
    ['a value outside the enum', { type: 'Later' }, 'PropertyConstraintViolation'],
    ['a field the message does not define', { ...validReset, colour: 'red' }, extraCode],
  ])('a Reset with %s gets CALLERROR %s with the same id and the handler is not called', async (_what, payload, code) => {
    const { rpc, peer } = await open(protocol);
    let called = 0;
    rpc.handle('Reset' as never, (() => {
      called++;
      return resetResponse;
    }) as never);
    peer.send([2, 'm-1', 'Reset', payload]);
    const reply = await peer.next();
    expect(reply.slice(0, 3)).toEqual([4, 'm-1', code]);
    expect(typeof reply[3]).toBe('string');
    expect(called).toBe(0);
    // A valid one reaches the handler and gets its CALLRESULT.
    peer.send([2, 'm-2', 'Reset', validReset]);
    expect(await peer.next()).toEqual([3, 'm-2', resetResponse]);
    expect(called).toBe(1);
  });

  it('an unknown action gets NotImplemented; a known action without handler gets NotSupported', async () => {
    const { peer } = await open(protocol);
    peer.send([2, 'u-1', 'MakeCoffee', {}]);
    expect((await peer.next()).slice(0, 3)).toEqual([4, 'u-1', 'NotImplemented']);
    peer.send([2, 'u-2', 'Reset', validReset]);
    expect((await peer.next()).slice(0, 3)).toEqual([4, 'u-2', 'NotSupported']);
  });

  it('an unparseable frame gets a CALLERROR with MessageId "-1"', async () => {
    const { peer } = await open(protocol);
    peer.send('this is not json');
    const reply = await peer.next();
    expect(reply.slice(0, 3)).toEqual([4, '-1', protocol === 'ocpp1.6' ? 'FormationViolation' : 'RpcFrameworkError']);
  });

  it('a CALLERROR answering a call rejects it with the code (1.6 spellings normalised)', async () => {
    const { rpc, peer } = await open(protocol);
    const p = rpc.call('Heartbeat' as never, {} as never);
    const [, id] = await peer.next();
    const wire = protocol === 'ocpp1.6' ? 'OccurenceConstraintViolation' : 'OccurrenceConstraintViolation';
    peer.send([4, id as string, wire, 'missing field', { field: 'x' }]);
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: 'OccurrenceConstraintViolation', wireCode: wire, description: 'missing field', details: { field: 'x' } });
  });
});

describe('ocpp2.1 incoming CALL handlers', () => {
  it('a handler throwing RpcError answers that CALLERROR', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    rpc.handle('Reset', () => {
      throw new RpcError('SecurityError', 'not allowed before boot', { hint: 1 });
    });
    peer.send([2, 'h-1', 'Reset', { type: 'Immediate' }]);
    expect(await peer.next()).toEqual([4, 'h-1', 'SecurityError', 'not allowed before boot', { hint: 1 }]);
  });

  it('a handler throwing anything else answers InternalError without leaking the message', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    rpc.handle('Reset', () => {
      throw new Error('secret database path /var/x');
    });
    peer.send([2, 'h-2', 'Reset', { type: 'Immediate' }]);
    const reply = await peer.next();
    expect(reply.slice(0, 3)).toEqual([4, 'h-2', 'InternalError']);
    expect(JSON.stringify(reply)).not.toContain('secret');
  });

  it('a handler response failing its schema is replaced by InternalError', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    rpc.handle('Reset', () => ({ status: 'Perhaps' }) as never);
    peer.send([2, 'h-3', 'Reset', { type: 'Immediate' }]);
    expect((await peer.next()).slice(0, 3)).toEqual([4, 'h-3', 'InternalError']);
  });

  it('an async handler gets the typed payload and its result is sent as CALLRESULT', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    rpc.handle('Reset', async (req, ctx) => {
      await new Promise((r) => setTimeout(r, 10));
      return { status: req.type === 'OnIdle' && ctx.messageId === 'h-4' ? ('Scheduled' as const) : ('Rejected' as const) };
    });
    peer.send([2, 'h-4', 'Reset', { type: 'OnIdle' }]);
    expect(await peer.next()).toEqual([3, 'h-4', { status: 'Scheduled' }]);
  });

  it('a second CALL with the id of one still being handled gets RpcFrameworkError', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    let release = (): void => {};
    rpc.handle('Reset', () => new Promise((resolve) => (release = () => resolve({ status: 'Accepted' }))));
    peer.send([2, 'dup', 'Reset', { type: 'Immediate' }]);
    await new Promise((r) => setTimeout(r, 30));
    peer.send([2, 'dup', 'Reset', { type: 'Immediate' }]);
    expect((await peer.next()).slice(0, 3)).toEqual([4, 'dup', 'RpcFrameworkError']);
    release();
    expect(await peer.next()).toEqual([3, 'dup', { status: 'Accepted' }]);
  });
});

describe('outgoing CALLs', () => {
  it('only one CALL is in flight: the CSMS sees the second only after answering the first (4.1.1)', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    const first = rpc.call('Heartbeat', {});
    const second = rpc.call('StatusNotification', { timestamp: NOW, connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    const [type1, id1, action1] = await peer.next();
    expect([type1, action1]).toEqual([2, 'Heartbeat']);
    await expectNothing(peer);
    expect(rpc.queuedCalls).toBe(1);
    peer.send([3, id1 as string, { currentTime: NOW }]);
    const [, id2, action2, payload2] = await peer.next();
    expect(action2).toBe('StatusNotification');
    expect(payload2).toMatchObject({ connectorStatus: 'Available' });
    expect(id2).not.toBe(id1);
    peer.send([3, id2 as string, {}]);
    await expect(first).resolves.toEqual({ currentTime: NOW });
    await expect(second).resolves.toEqual({});
  });

  it('a CALL with no answer times out, the queue moves on and a late answer is ignored', async () => {
    const { rpc, peer } = await open('ocpp2.0.1');
    const started = Date.now();
    const slow = rpc.call('Heartbeat', {}, { timeoutMs: 150 });
    const next = rpc.call('Heartbeat', {});
    const [, id1] = await peer.next();
    await expect(slow).rejects.toMatchObject({ code: 'Timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const [, id2] = await peer.next();
    peer.send([3, id1 as string, { currentTime: '2000-01-01T00:00:00Z' }]); // late: ignored
    peer.send([3, id2 as string, { currentTime: NOW }]);
    await expect(next).resolves.toEqual({ currentTime: NOW });
    expect(rpc.closed).toBe(false);
  });

  it('a payload failing the request schema is rejected locally and never sent', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    await expect(rpc.call('BootNotification', { reason: 'PowerUp' } as never)).rejects.toMatchObject({
      code: 'InvalidOutgoingMessage',
    });
    await expect(rpc.call('NoSuchAction' as never, {} as never)).rejects.toMatchObject({ code: 'InvalidOutgoingMessage' });
    await expectNothing(peer);
    const ok = rpc.call('Heartbeat', {});
    const [, id, action] = await peer.next();
    expect(action).toBe('Heartbeat');
    peer.send([3, id as string, { currentTime: NOW }]);
    await expect(ok).resolves.toEqual({ currentTime: NOW });
  });

  it('2.1: a CALLRESULT failing the response schema rejects the call and is answered with CALLRESULTERROR', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    const p = rpc.call('Heartbeat', {});
    const [, id] = await peer.next();
    peer.send([3, id as string, { currentTime: 42 }]);
    await expect(p).rejects.toMatchObject({ code: 'TypeConstraintViolation' });
    expect((await peer.next()).slice(0, 3)).toEqual([5, id, 'TypeConstraintViolation']);
  });

  it('2.0.1: a CALLRESULT failing the response schema rejects the call, nothing is sent back', async () => {
    const { rpc, peer } = await open('ocpp2.0.1');
    const p = rpc.call('Heartbeat', {});
    const [, id] = await peer.next();
    peer.send([3, id as string, {}]);
    await expect(p).rejects.toMatchObject({ code: 'OccurrenceConstraintViolation' });
    await expectNothing(peer);
  });

  it('a CALLRESULT with an unknown message id is ignored', async () => {
    const { rpc, peer } = await open('ocpp1.6');
    const p = rpc.call('Heartbeat', {});
    const [, id] = await peer.next();
    peer.send([3, 'not-ours', { currentTime: '1999-01-01T00:00:00Z' }]);
    peer.send([3, id as string, { currentTime: NOW }]);
    await expect(p).resolves.toEqual({ currentTime: NOW });
    await expectNothing(peer, 50);
  });

  it('closing the connection rejects the call in flight and the queued ones, and emits close', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    const closes: number[] = [];
    rpc.on('close', (info) => closes.push(info.code));
    const a = rpc.call('Heartbeat', {});
    const b = rpc.call('Heartbeat', {});
    await peer.next();
    peer.ws.close(1001, 'going away');
    await expect(a).rejects.toMatchObject({ code: 'ConnectionClosed' });
    await expect(b).rejects.toMatchObject({ code: 'ConnectionClosed' });
    expect(closes).toEqual([1001]);
    await expect(rpc.call('Heartbeat', {})).rejects.toMatchObject({ code: 'ConnectionClosed' });
  });
});

describe('2.1 SEND (message type 6)', () => {
  const stream = { id: 1, pending: 0, basetime: NOW, data: [{ t: 0, v: '230.4' }] };

  it('send() goes out at once, even while a CALL is in flight', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    const call = rpc.call('Heartbeat', {});
    const [, callId] = await peer.next();
    await rpc.send('NotifyPeriodicEventStream', stream);
    const sent = await peer.next();
    expect(sent[0]).toBe(6);
    expect(sent.slice(2)).toEqual(['NotifyPeriodicEventStream', stream]);
    peer.send([3, callId as string, { currentTime: NOW }]);
    await expect(call).resolves.toBeDefined();
  });

  it('incoming SENDs reach their handler and are never answered; invalid ones are dropped', async () => {
    const { rpc, peer } = await open('ocpp2.1');
    const got: unknown[] = [];
    rpc.onSend('NotifyPeriodicEventStream', (payload) => {
      got.push(payload);
    });
    peer.send([6, 's-1', 'NotifyPeriodicEventStream', { ...stream, id: 'one' }]);
    peer.send([6, 's-2', 'NotifyPeriodicEventStream', stream]);
    await expectNothing(peer);
    expect(got).toEqual([stream]);
  });

  it('send() is refused on versions without SEND', async () => {
    const { rpc } = await open('ocpp2.0.1');
    await expect((rpc as unknown as RpcConnection<'ocpp2.1'>).send('NotifyPeriodicEventStream', stream)).rejects.toMatchObject({
      code: 'InvalidOutgoingMessage',
    });
  });
});
