// PNG display writer: full-screen images per EVSE, replaced atomically at each change, with a decodable QR code and a JSON sidecar.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wrapText, renderScreenPng } from '../../agent/display/png-screen.js';
import { PngDisplayWriter, type PngSidecar } from '../../agent/display/png-writer.js';
import { toFontText } from '../../agent/display/bitmap-font.js';
import { decodeQrPng } from './decode-qr.js';
import { availableState, MemoryDisplaySource } from './display-source.js';

let dir: string;
let writer: PngDisplayWriter | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'png-display-'));
});

afterEach(async () => {
  await writer?.stop();
  writer = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Waits until the writer has written `evseId` and the sidecar says `pred`. */
async function waitForSidecar(evseId: number, pred: (s: PngSidecar) => boolean, ms = 3000): Promise<PngSidecar> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const s = JSON.parse(readFileSync(join(dir, `evse-${evseId}.json`), 'utf8')) as PngSidecar;
      if (pred(s)) return s;
    } catch {
      // not written yet
    }
    if (Date.now() > until) throw new Error(`evse-${evseId}.json did not match within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('PngDisplayWriter', () => {
  it('writes an 800x480 image per EVSE whose QR code decodes to the current payment URL, and a sidecar with the price', async () => {
    const source = new MemoryDisplaySource([availableState(1, 'https://pay.example.com/p/CS-1/1?totp=Ab3dE5gH9k&v=v1'), availableState(2, 'https://pay.example.com/p/CS-1/2?totp=Zz3dE5gH9k&v=v1')]);
    writer = new PngDisplayWriter({ source, dir });
    await writer.start();
    for (const evse of [1, 2]) {
      const png = readFileSync(writer.pngPath(evse));
      const img = PNG.sync.read(png);
      expect([img.width, img.height]).toEqual([800, 480]);
      expect(decodeQrPng(png)).toBe(source.current()[evse - 1]!.qr!.url);
      const side = JSON.parse(readFileSync(join(dir, `evse-${evse}.json`), 'utf8')) as PngSidecar;
      expect(side.qrUrl).toBe(source.current()[evse - 1]!.qr!.url);
      expect(side.lines).toContainEqual({ label: 'Energy', value: '25.00 KES/kWh' });
    }
  });

  it('re-writes the image at each change (new slot), atomically: no temporary file is left', async () => {
    const source = new MemoryDisplaySource([availableState(1, 'https://pay.example.com/p/1?totp=AAAAAAAAAA')]);
    const written: number[] = [];
    writer = new PngDisplayWriter({ source, dir, onWritten: (id) => written.push(id) });
    await writer.start();
    source.set(availableState(1, 'https://pay.example.com/p/1?totp=BBBBBBBBBB'));
    await waitForSidecar(1, (s) => s.qrUrl?.endsWith('BBBBBBBBBB') === true);
    await writer.idle();
    expect(decodeQrPng(readFileSync(writer.pngPath(1)))).toBe('https://pay.example.com/p/1?totp=BBBBBBBBBB');
    expect(readdirSync(dir).sort()).toEqual(['evse-1.json', 'evse-1.png']);
    expect(written.length).toBeGreaterThanOrEqual(2);
  });

  it('coalesces a burst of changes and ends on the newest state', async () => {
    const source = new MemoryDisplaySource([availableState(1, 'https://pay.example.com/p/1?totp=0')]);
    writer = new PngDisplayWriter({ source, dir });
    await writer.start();
    for (let i = 1; i <= 20; i++) source.set(availableState(1, `https://pay.example.com/p/1?totp=${i}`));
    await writer.idle();
    expect(decodeQrPng(readFileSync(writer.pngPath(1)))).toBe('https://pay.example.com/p/1?totp=20');
  });

  it('payment in progress: the image carries no scannable code', async () => {
    const source = new MemoryDisplaySource([availableState(1, 'https://pay.example.com/p/1?totp=X')]);
    writer = new PngDisplayWriter({ source, dir });
    await writer.start();
    source.set({ ...availableState(1, 'https://pay.example.com/p/1?totp=X'), phase: 'payment-in-progress', message: 'Payment in progress…' });
    await waitForSidecar(1, (s) => s.phase === 'payment-in-progress');
    await writer.idle();
    expect(decodeQrPng(readFileSync(writer.pngPath(1)))).toBeUndefined();
    const side = JSON.parse(readFileSync(join(dir, 'evse-1.json'), 'utf8')) as PngSidecar;
    expect(side.qrUrl).toBeUndefined();
    expect(side.message).toBe('Payment in progress…');
  });

  it('finished: the receipt link is drawn as a decodable QR code', () => {
    const png = renderScreenPng({
      evseId: 1,
      connectorId: 1,
      name: 'EVSE 1',
      phase: 'finished',
      summary: { energyWh: 5000, durationS: 600, totalCost: 125, receiptUrl: 'https://csms.example/receipt/42' },
      price: { currency: 'KES' },
      updatedAt: Date.now(),
    });
    expect(decodeQrPng(png)).toBe('https://csms.example/receipt/42');
  });

  it('charging: draws text (dark pixels) and no QR code', () => {
    const png = renderScreenPng({
      evseId: 1,
      connectorId: 1,
      name: 'EVSE 1',
      phase: 'charging',
      session: { energyWh: 3456, elapsedS: 754, limit: { maxEnergyWh: 20000 }, remaining: { energyWh: 16544 } },
      updatedAt: Date.now(),
    });
    const img = PNG.sync.read(png);
    let dark = 0;
    for (let i = 0; i < img.data.length; i += 4) if (img.data[i]! < 128) dark++;
    expect(dark).toBeGreaterThan(2000);
    expect(decodeQrPng(png)).toBeUndefined();
  });

  it('text helpers: wrapping and the font alphabet', () => {
    expect(wrapText('10.00 KES per session', 10, 3)).toEqual(['10.00 KES', 'per', 'session']);
    expect(wrapText('a b c d e f', 7, 1)).toEqual(['a b...']);
    expect(wrapText('abcdefghij', 4, 5)).toEqual(['abcd', 'efgh', 'ij']);
    expect(toFontText('EVSE 1 · Type 2 – 5 €')).toBe('EVSE 1 - Type 2 - 5 EUR');
    expect(toFontText('Café…')).toBe('Cafe...');
  });

  it('refuses a size too small for a display', () => {
    expect(() => new PngDisplayWriter({ source: new MemoryDisplaySource(), dir, width: 10, height: 10 })).toThrow(/at least 64x64/);
  });
});
