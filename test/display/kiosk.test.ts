// Kiosk server: page, JSON snapshot, live Server-Sent Events, loopback-only binding and Host check, payment-in-progress hides the code.

import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskServer, isLoopbackHost } from '../../agent/display/kiosk-server.js';
import { followDisplayEvents, type SseEvent } from '../../agent/display/kiosk-client.js';
import type { KioskView } from '../../agent/display/kiosk-view.js';
import { availableState, MemoryDisplaySource } from './display-source.js';

let server: KioskServer | undefined;
let abort: AbortController | undefined;

afterEach(async () => {
  abort?.abort();
  abort = undefined;
  await server?.close();
  server = undefined;
});

async function start(source: MemoryDisplaySource): Promise<KioskServer> {
  server = new KioskServer({ source, host: '127.0.0.1', port: 0 });
  await server.listen();
  return server;
}

function get(port: number, path: string, host: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host }, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Follows /events, collecting events; resolves `next(pred)` with the first matching event within `ms`. */
function follow(base: string) {
  abort = new AbortController();
  const events: SseEvent[] = [];
  const waiters: Array<() => void> = [];
  followDisplayEvents(base, abort.signal, (e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  }).catch(() => undefined);
  const next = (pred: (e: SseEvent) => boolean, ms: number): Promise<SseEvent> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = events.find(pred);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else waiters.push(check);
      };
      const timer = setTimeout(() => reject(new Error(`no matching event within ${ms} ms; got ${events.map((e) => e.event).join(', ')}`)), ms);
      check();
    });
  return { events, next };
}

describe('KioskServer', () => {
  it('serves the page, its script and style with a strict CSP and no external resources', async () => {
    const s = await start(new MemoryDisplaySource([availableState(1, 'https://pay.example/1?p=111111')]));
    const page = await get(s.port, '/', `127.0.0.1:${s.port}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('/kiosk.js');
    expect(page.body).not.toMatch(/https?:\/\//);
    const js = await get(s.port, '/kiosk.js', `localhost:${s.port}`);
    expect(js.status).toBe(200);
    expect(js.body).toContain("new EventSource('/events')");
    expect(js.body).not.toContain('location.reload');
    const css = await get(s.port, '/kiosk.css', `127.0.0.1:${s.port}`);
    expect(css.status).toBe(200);
    expect((await get(s.port, '/nope', `127.0.0.1:${s.port}`)).status).toBe(404);
  });

  it('GET /state returns the display states as JSON', async () => {
    const source = new MemoryDisplaySource([availableState(2, 'https://pay.example/2?p=2'), availableState(1, 'https://pay.example/1?p=1')]);
    const s = await start(source);
    const res = await get(s.port, '/state', `127.0.0.1:${s.port}`);
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.body) as { serverTime: number; evses: Array<{ evseId: number; qr?: { url: string } }> };
    expect(doc.evses.map((e) => e.evseId)).toEqual([1, 2]);
    expect(doc.evses[0]!.qr!.url).toBe('https://pay.example/1?p=1');
    expect(Math.abs(doc.serverTime - Date.now())).toBeLessThan(5000);
  });

  it('pushes a change over Server-Sent Events within 100 ms, with the QR image rendered at the state error-correction level', async () => {
    const source = new MemoryDisplaySource([availableState(1, 'https://pay.example/1?p=000001')]);
    const s = await start(source);
    const stream = follow(s.url);
    const snap = await stream.next((e) => e.event === 'snapshot', 3000);
    const views = (JSON.parse(snap.data) as { views: KioskView[] }).views;
    expect(views[0]!.qr!.url).toBe('https://pay.example/1?p=000001');
    expect(views[0]!.qr!.image).toMatch(/^data:image\/svg\+xml;base64,/);

    const next = { ...availableState(1, 'https://pay.example/1?p=000002'), qr: { url: 'https://pay.example/1?p=000002', errorCorrection: 'H' as const, validUntil: Date.now() + 30_000 } };
    const t0 = performance.now();
    source.set(next);
    const e = await stream.next((ev) => ev.event === 'evse' && (JSON.parse(ev.data) as KioskView).qr?.url === next.qr.url, 1000);
    expect(performance.now() - t0).toBeLessThan(100);
    const view = JSON.parse(e.data) as KioskView;
    expect(view.lines.map((l) => l.value)).toContain('25.00 KES/kWh');
    // H needs more modules than M for the same text: the SVG's viewBox is larger.
    const side = (img: string) => Number(/viewBox="0 0 (\d+)/.exec(Buffer.from(img.split(',')[1]!, 'base64').toString())![1]);
    expect(side(view.qr!.image)).toBeGreaterThan(side(views[0]!.qr!.image));
  });

  it('payment in progress: the view carries the message and no scannable code, even if the state still has one', async () => {
    const source = new MemoryDisplaySource([availableState(1, 'https://pay.example/1?p=1')]);
    const s = await start(source);
    const stream = follow(s.url);
    await stream.next((e) => e.event === 'snapshot', 3000);
    source.set({ ...availableState(1, 'https://pay.example/1?p=1'), phase: 'payment-in-progress', message: 'Payment in progress…' });
    const e = await stream.next((ev) => ev.event === 'evse', 1000);
    const view = JSON.parse(e.data) as KioskView;
    expect(view.phase).toBe('payment-in-progress');
    expect(view.qr).toBeUndefined();
    expect(view.title).toBe('Payment in progress…');
    // The message only repeated the headline: shown once.
    expect(view.message).toBeUndefined();
  });

  it('finished with a receipt link: shows the receipt as a QR code and the totals', async () => {
    const source = new MemoryDisplaySource([]);
    const s = await start(source);
    const stream = follow(s.url);
    await stream.next((e) => e.event === 'snapshot', 3000);
    source.set({
      evseId: 1,
      connectorId: 1,
      name: 'EVSE 1',
      phase: 'finished',
      price: { currency: 'KES' },
      summary: { energyWh: 12_345, durationS: 3723, totalCost: 318.63, receiptUrl: 'https://csms.example/r/abc' },
      updatedAt: Date.now(),
    });
    const view = JSON.parse((await stream.next((ev) => ev.event === 'evse', 1000)).data) as KioskView;
    expect(view.receipt?.url).toBe('https://csms.example/r/abc');
    expect(view.qr).toBeUndefined();
    expect(view.lines).toEqual(
      expect.arrayContaining([
        { label: 'Energy', value: '12.35 kWh' },
        { label: 'Time', value: '1:02:03' },
        { label: 'Total', value: '318.63 KES' },
      ]),
    );
  });

  it('an available EVSE without a payment code is titled "Available", not "Scan to pay"', async () => {
    const source = new MemoryDisplaySource([{ ...availableState(1, 'x'), qr: undefined, message: 'Web payments are not configured' }]);
    const s = await start(source);
    const stream = follow(s.url);
    const views = (JSON.parse((await stream.next((e) => e.event === 'snapshot', 3000)).data) as { views: KioskView[] }).views;
    expect(views[0]!.title).toBe('Available');
    expect(views[0]!.qr).toBeUndefined();
    expect(views[0]!.message).toBe('Web payments are not configured');
  });

  it('refuses requests whose Host header is not a loopback name (DNS rebinding)', async () => {
    const s = await start(new MemoryDisplaySource([availableState(1, 'https://pay.example/1?p=1')]));
    for (const host of ['evil.example', `evil.example:${s.port}`, `192.168.1.5:${s.port}`]) {
      const res = await get(s.port, '/state', host);
      expect(res.status, host).toBe(421);
      expect(res.body).not.toContain('pay.example');
    }
    expect((await get(s.port, '/state', `[::1]:${s.port}`)).status).toBe(200);
  });

  it('binds loopback only: a non-loopback host is refused at construction', () => {
    const source = new MemoryDisplaySource();
    expect(() => new KioskServer({ source, host: '0.0.0.0', port: 0 })).toThrow(/not a loopback address/);
    expect(() => new KioskServer({ source, host: '192.168.1.10', port: 0 })).toThrow(/not a loopback address/);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
  });

  it('close() ends open event streams and stops following the source', async () => {
    const source = new MemoryDisplaySource([availableState(1, 'https://pay.example/1?p=1')]);
    const s = await start(source);
    const stream = follow(s.url);
    await stream.next((e) => e.event === 'snapshot', 3000);
    expect(source.listenerCount('change')).toBe(1);
    await s.close();
    server = undefined;
    expect(source.listenerCount('change')).toBe(0);
  });
});
