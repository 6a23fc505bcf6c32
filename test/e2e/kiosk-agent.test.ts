// The running agent's own kiosk page in headless Chromium: the QR decoded from a screenshot carries a password the CSMS accepts now and refuses two slots later.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { checkScannedUrl, configureWebPayments } from '../../simulators/csms/web-payments.js';
import { decodeQrPng } from '../display/decode-qr.js';
import { freePort, startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`SKIPPED agent kiosk test: ${CHROMIUM} is absent (apt-get install -y chromium)`);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.skipIf(!haveChromium)("the agent's kiosk page", () => {
  it('shows a scannable QR whose password validates for the current slot and not two slots later; the price is beside it', async () => {
    h = await startHarness({ kioskPort: await freePort(), tariff: { currency: 'KES', pricePerKwh: 25 } });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    const config = await configureWebPayments(h.csms, STATION_ID, [1], { validityS: 30, length: 8 });
    await until(() => h!.agent.display.display.current()[0]?.qr !== undefined, 5_000, 'a QR on the display');
    const url = h.agent.display.kiosk!.url;
    const userDataDir = mkdtempSync(join(tmpdir(), 'kiosk-agent-'));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 15_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--disk-cache-dir=${userDataDir}`],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
      await page.goto(url);
      let decoded: string | undefined;
      const deadline = Date.now() + 10_000;
      while (!decoded && Date.now() < deadline) {
        decoded = decodeQrPng(await page.screenshot());
        if (!decoded) await new Promise((r) => setTimeout(r, 200));
      }
      expect(decoded, 'a QR code in the screenshot').toBeDefined();
      const now = Date.now();
      const scanned = checkScannedUrl(decoded!, now);
      expect(scanned.stationId).toBe(STATION_ID);
      expect(scanned.evseId).toBe(1);
      expect(scanned.match).toBeDefined(); // current (or previous, right after a boundary)
      expect(checkScannedUrl(decoded!, now + 2 * config.validityS * 1000).match).toBeUndefined();
      const text = await page.textContent('body');
      expect(text).toContain('25.00 KES/kWh');
    } finally {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
