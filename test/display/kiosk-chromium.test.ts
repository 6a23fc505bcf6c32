// End to end in real headless Chromium: the kiosk page shows a scannable payment code whose TOTP validates for its slot, updated live at each slot.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvseDisplayState } from '../../agent/core/display/display-state.js';
import { totpV1, validateTotp } from '../../agent/core/payments/totp-v1.js';
import { buildPaymentUrl } from '../../agent/core/payments/url-template.js';
import { KioskServer } from '../../agent/display/kiosk-server.js';
import { decodeQrPng } from './decode-qr.js';
import { MemoryDisplaySource } from './display-source.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`SKIPPED kiosk Chromium tests: ${CHROMIUM} is absent (apt-get install -y chromium)`);

const SECRET = 'kiosk-e2e-secret';
const VALIDITY_S = 30;
const TEMPLATE = 'https://pay.example.com/p/{chargingStationId}/{evse}?totp={totp}&v={version}';

/** The available state for EVSE `evseId` at time `unixMs`: its payment URL carries that slot's password. */
function stateAt(evseId: number, unixMs: number, errorCorrection: 'L' | 'M' | 'Q' | 'H' = 'M'): EvseDisplayState {
  const t = totpV1({ secret: SECRET, unixMs, validityS: VALIDITY_S, length: 10 });
  const url = buildPaymentUrl(TEMPLATE, { chargingStationId: 'CS-0001', evseId, totp: t.current, version: 'v1', urlParameters: [] });
  return {
    evseId,
    connectorId: 1,
    name: `EVSE ${evseId} · Type 2`,
    phase: 'available',
    qr: { url, errorCorrection, validUntil: t.validUntilMs },
    price: { currency: 'KES', perKwh: '25.00 KES/kWh', time: '1.00 KES/min after 30 min idle', sessionFee: '10.00 KES per session' },
    updatedAt: unixMs,
  };
}

/** What the kiosk script exposes on window (see agent/display/kiosk-page.ts). */
interface KioskWindow {
  __kiosk?: { shown: Array<{ evseId: number; url: string; at: number }> };
  __marker?: number;
  performance: { getEntriesByType(type: string): unknown[] };
}

const passwordOf = (url: string) => new URL(url).searchParams.get('totp') ?? '';

describe.skipIf(!haveChromium)('kiosk page in headless Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let userDataDir: string;
  const servers: KioskServer[] = [];

  beforeAll(async () => {
    userDataDir = mkdtempSync(join(tmpdir(), 'kiosk-chromium-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 15_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--disk-cache-dir=${userDataDir}`],
    });
    context = await browser.newContext({ viewport: { width: 800, height: 480 }, deviceScaleFactor: 1 });
  }, 30_000);

  afterAll(async () => {
    for (const s of servers) await s.close();
    await context?.close();
    await browser?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  async function serve(source: MemoryDisplaySource): Promise<KioskServer> {
    const s = new KioskServer({ source, host: '127.0.0.1', port: 0 });
    await s.listen();
    servers.push(s);
    return s;
  }

  /** Waits until the page has drawn `url` for EVSE `evseId` (image decoded and painted). */
  async function shown(page: Page, evseId: number, url: string): Promise<void> {
    // Functions, not strings: the page's CSP forbids eval, which string predicates would need.
    await page.waitForFunction(([id, u]) => (globalThis as unknown as KioskWindow).__kiosk?.shown.some((s) => s.evseId === id && s.url === u) === true, [evseId, url] as const, {
      timeout: 5000,
    });
  }

  it('shows a code whose password validates for the current slot and no longer two slots later; the next slot is drawn live, without a reload', async () => {
    const t0 = Date.now();
    const source = new MemoryDisplaySource([stateAt(1, t0)]);
    const server = await serve(source);
    const page = await context.newPage();
    try {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(`${server.url}?evse=1`, { waitUntil: 'load', timeout: 10_000 });
      const first = source.current()[0]!.qr!.url;
      await shown(page, 1, first);

      const decoded = decodeQrPng(await page.screenshot({ type: 'png' }));
      expect(decoded).toBe(first);
      const password = passwordOf(decoded!);
      expect(password).toHaveLength(10);
      const o = { secret: SECRET, validityS: VALIDITY_S, length: 10 };
      expect(validateTotp(password, { ...o, unixMs: t0 })).toBe('current');
      expect(validateTotp(password, { ...o, unixMs: t0 + VALIDITY_S * 1000 })).toBe('previous');
      expect(validateTotp(password, { ...o, unixMs: t0 + 2 * VALIDITY_S * 1000 })).toBeUndefined();

      // The price a driver must see before paying is on the screen.
      const text = await page.locator('section[data-evse="1"]').innerText();
      expect(text).toContain('EVSE 1 · Type 2');
      expect(text).toContain('25.00 KES/kWh');
      expect(text).toContain('10.00 KES per session');
      expect(text).toContain('1.00 KES/min after 30 min idle');

      // Next slot: the source emits a new code; the same document draws it.
      await page.evaluate(() => {
        (globalThis as unknown as KioskWindow).__marker = 4242;
      });
      const nextState = stateAt(1, t0 + VALIDITY_S * 1000, 'Q');
      source.set(nextState);
      await shown(page, 1, nextState.qr!.url);
      expect(await page.evaluate(() => (globalThis as unknown as KioskWindow).__marker)).toBe(4242);
      expect(await page.evaluate(() => (globalThis as unknown as KioskWindow).performance.getEntriesByType('navigation').length)).toBe(1);
      const decoded2 = decodeQrPng(await page.screenshot({ type: 'png' }));
      expect(decoded2).toBe(nextState.qr!.url);
      expect(decoded2).not.toBe(first);
      expect(validateTotp(passwordOf(decoded2!), { ...o, unixMs: t0 + VALIDITY_S * 1000 })).toBe('current');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('payment in progress: the message is shown and no scannable code is left on the screen; the session figures follow', async () => {
    const t0 = Date.now();
    const source = new MemoryDisplaySource([stateAt(1, t0)]);
    const server = await serve(source);
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}?evse=1`, { waitUntil: 'load', timeout: 10_000 });
      await shown(page, 1, source.current()[0]!.qr!.url);
      expect(decodeQrPng(await page.screenshot({ type: 'png' }))).toBeDefined();

      source.set({ ...stateAt(1, t0), phase: 'payment-in-progress', qr: undefined, message: 'Payment in progress…' });
      await page.locator('section[data-evse="1"] .title', { hasText: 'Payment in progress…' }).waitFor({ timeout: 5000 });
      expect(decodeQrPng(await page.screenshot({ type: 'png' }))).toBeUndefined();

      source.set({
        evseId: 1,
        connectorId: 1,
        name: 'EVSE 1 · Type 2',
        phase: 'charging',
        price: { currency: 'KES', perKwh: '25.00 KES/kWh' },
        session: { energyWh: 3_456, elapsedS: 754, powerW: 7_400, limit: { maxEnergyWh: 20_000 }, remaining: { energyWh: 16_544 }, cost: 86.4 },
        updatedAt: Date.now(),
      });
      await page.locator('section[data-evse="1"] .title', { hasText: /^Charging$/ }).waitFor({ timeout: 5000 });
      const text = await page.locator('section[data-evse="1"]').innerText();
      for (const s of ['3.46 kWh', '12:34', '7.4 kW', '20.00 kWh', '16.54 kWh', '86.40 KES']) expect(text).toContain(s);
    } finally {
      await page.close();
    }
  });

  it('two EVSEs side by side: each column carries its own decodable code', async () => {
    const t0 = Date.now();
    const source = new MemoryDisplaySource([stateAt(1, t0), stateAt(2, t0, 'H')]);
    const server = await serve(source);
    const page = await context.newPage();
    try {
      await page.goto(server.url, { waitUntil: 'load', timeout: 10_000 });
      for (const s of source.current()) {
        await shown(page, s.evseId, s.qr!.url);
        const img = page.locator(`section[data-evse="${s.evseId}"] img.qr`);
        const box = await img.boundingBox();
        expect(box!.height).toBeGreaterThan(200);
        expect(decodeQrPng(await img.screenshot({ type: 'png' }))).toBe(s.qr!.url);
      }
    } finally {
      await page.close();
    }
  });
});
