// Reconnect back-off (2.0.1 part 4 section 5.3 / 2.1 part 4 section 5.4): the pure formula, and a client that reconnects.
import { afterEach, describe, expect, it } from 'vitest';
import { Backoff, backoffDelayMs, type BackoffConfig } from '../../agent/ocpp/backoff.js';
import { ReconnectingClient, type ReconnectClock } from '../../agent/ocpp/reconnecting-client.js';
import type { AnyRpcConnection } from '../../agent/ocpp/rpc-connection.js';
import { OcppConnectError } from '../../agent/ocpp/ws-client.js';
import { startFakeCsms, type FakeCsms } from './fake-csms.js';

describe('back-off formula', () => {
  const cfg: BackoffConfig = { waitMinimumSec: 10, randomRangeSec: 5, repeatTimes: 3 };

  it('first attempt after RetryBackOffWaitMinimum, doubling RetryBackOffRepeatTimes times, then constant', () => {
    const delays = [0, 1, 2, 3, 4, 5, 10].map((n) => backoffDelayMs(n, cfg, () => 0));
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 80_000, 80_000, 80_000]);
  });

  it('adds a fresh random part of at most RetryBackOffRandomRange to every attempt (not doubled)', () => {
    expect(backoffDelayMs(0, cfg, () => 0.5)).toBe(12_500);
    expect(backoffDelayMs(2, cfg, () => 0.5)).toBe(42_500);
    expect(backoffDelayMs(5, cfg, () => 0.999999)).toBe(85_000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(1, cfg);
      expect(d).toBeGreaterThanOrEqual(20_000);
      expect(d).toBeLessThanOrEqual(25_000);
    }
  });

  it('RetryBackOffRepeatTimes 0 never doubles', () => {
    const c = { ...cfg, repeatTimes: 0 };
    expect([0, 1, 7].map((n) => backoffDelayMs(n, c, () => 0))).toEqual([10_000, 10_000, 10_000]);
  });

  it('Backoff counts attempts, reads the config fresh and resets after success', () => {
    let current = cfg;
    const randoms = [0.2, 0.4, 0.6, 0.8];
    const b = new Backoff(() => current, () => randoms.shift() ?? 0);
    expect([b.next(), b.next()]).toEqual([11_000, 22_000]);
    current = { ...cfg, waitMinimumSec: 1 };
    expect(b.next()).toBe(4_000 + 3_000);
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(1_000 + 4_000);
  });

  it.each([
    [{ waitMinimumSec: -1, randomRangeSec: 0, repeatTimes: 0 }, /waitMinimumSec/],
    [{ waitMinimumSec: 1, randomRangeSec: Number.NaN, repeatTimes: 0 }, /randomRangeSec/],
    [{ waitMinimumSec: 1, randomRangeSec: 0, repeatTimes: 1.5 }, /repeatTimes must be an integer/],
  ])('rejects a bad config %o', (bad, message) => {
    expect(() => backoffDelayMs(0, bad)).toThrow(message);
  });
});

/** A manual clock: timers run only when the test fires them. */
class ManualClock implements ReconnectClock {
  pending: { fn: () => void; ms: number; id: number }[] = [];
  private nextId = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ fn, ms, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }
  fire(): void {
    const t = this.pending.shift();
    if (!t) throw new Error('no timer pending');
    t.fn();
  }
}

function nextEvent<T extends unknown[]>(client: ReconnectingClient, event: 'open' | 'close' | 'connectFailed' | 'retryScheduled', timeoutMs = 3000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no '${event}' within ${timeoutMs} ms`)), timeoutMs);
    client.once(event, ((...args: T) => {
      clearTimeout(t);
      resolve(args);
    }) as never);
  });
}

let csms: FakeCsms | undefined;
let client: ReconnectingClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
  await csms?.close();
  csms = undefined;
});

describe('ReconnectingClient', () => {
  it('retries failed attempts with the spec back-off, resets after success, and reconnects after a drop', async () => {
    let refusals = 3;
    csms = await startFakeCsms({ refuse: () => (refusals-- > 0 ? 503 : undefined) });
    const clock = new ManualClock();
    const cfg = { waitMinimumSec: 2, randomRangeSec: 4, repeatTimes: 1 };
    client = new ReconnectingClient({
      url: csms.url,
      stationId: 'CS001',
      protocols: ['ocpp2.1'],
      backoff: cfg,
      random: () => 0.25,
      clock,
    });
    const delays: number[] = [];
    client.on('retryScheduled', (ms) => delays.push(ms));
    const failed: string[] = [];
    client.on('connectFailed', (e: OcppConnectError) => failed.push(`${e.kind}:${e.statusCode}`));

    client.start(); // first attempt at once
    for (let i = 0; i < 3; i++) {
      const scheduled = nextEvent(client, 'retryScheduled');
      if (i > 0) clock.fire();
      await scheduled;
    }
    // attempt 0: 2 s + 0.25*4 s; attempt 1: 2*2 s + 1 s; attempt 2: doubling capped at RepeatTimes=1 -> 4 s + 1 s.
    expect(delays).toEqual([3_000, 5_000, 5_000]);
    expect(failed).toEqual(['http:503', 'http:503', 'http:503']);
    expect(clock.pending.map((t) => t.ms)).toEqual([5_000]);

    const opened = nextEvent<[AnyRpcConnection, string]>(client, 'open');
    clock.fire();
    const [rpc, protocol] = await opened;
    expect(protocol).toBe('ocpp2.1');
    expect(client.connection).toBe(rpc);

    // A drop: the back-off starts over at RetryBackOffWaitMinimum.
    const closed = nextEvent(client, 'close');
    const retry = nextEvent<[number, number]>(client, 'retryScheduled');
    csms.peers[0]!.ws.terminate();
    await closed;
    expect(await retry).toEqual([3_000, 0]);
    expect(client.connection).toBeUndefined();
    const reopened = nextEvent<[AnyRpcConnection, string]>(client, 'open');
    clock.fire();
    const [rpc2] = await reopened;
    expect(rpc2).not.toBe(rpc);
    expect(csms.peers).toHaveLength(2);
  });

  it('a real connection drop is followed by a reconnect on real timers', async () => {
    csms = await startFakeCsms();
    client = new ReconnectingClient({
      url: csms.url,
      stationId: 'CS001',
      protocols: ['ocpp2.0.1'],
      backoff: { waitMinimumSec: 0.05, randomRangeSec: 0.02, repeatTimes: 2 },
    });
    const first = nextEvent(client, 'open');
    client.start();
    await first;
    const peer = await csms.nextPeer();
    const started = Date.now();
    const again = nextEvent<[AnyRpcConnection, string]>(client, 'open');
    peer.ws.close(1012, 'service restart');
    const [rpc] = await again;
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(rpc.closed).toBe(false);
    await csms.nextPeer();
  });

  it('stop() closes the connection and cancels retries', async () => {
    csms = await startFakeCsms();
    client = new ReconnectingClient({
      url: csms.url,
      stationId: 'CS001',
      protocols: ['ocpp2.1'],
      backoff: { waitMinimumSec: 0.01, randomRangeSec: 0, repeatTimes: 0 },
    });
    const opened = nextEvent<[AnyRpcConnection, string]>(client, 'open');
    client.start();
    const [rpc] = await opened;
    await client.stop();
    expect(rpc.closed).toBe(true);
    expect(client.isRunning).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(csms.peers).toHaveLength(1);
  });
});
