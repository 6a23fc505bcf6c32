// Display latency: how long after a slot boundary the kiosk page in headless Chromium shows the new payment code (median over several slots).

import { existsSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import type { DisplaySource, EvseDisplayState } from '../agent/core/display/display-state.js';
import { totpV1 } from '../agent/core/payments/totp-v1.js';
import { KioskServer } from '../agent/display/kiosk-server.js';
import type { BenchModule } from './run-all.js';
import { fmt, round, summarize, table, type Summary } from './stats.js';

export interface DisplayLatencyOptions {
  /** The browser binary (Debian's chromium). */
  executablePath?: string;
  /** Slots measured. */
  samples?: number;
  /** Slot length for the bench, ms (short, so the bench is quick; the pipeline does not depend on it). */
  slotMs?: number;
  print?: (text: string) => void;
}

export interface DisplayLatencyResult {
  slotMs: number;
  /** Boundary → the source emitted the new code (timer lateness on this machine), ms. */
  emitLateMs: Summary;
  /** Emitted → the page had the new code decoded and painted, ms (server render + SSE + DOM + image decode + frame). */
  emitToShownMs: Summary;
  /** Boundary → new code on screen, ms: the figure the issue asks for. */
  boundaryToShownMs: Summary;
  samples: Array<{ boundary: number; emitted: number; shown: number }>;
}

/** Wall-clock ms with sub-ms resolution, comparable with the page's performance.timeOrigin + performance.now(). */
const wallMs = () => performance.timeOrigin + performance.now();

/** What the kiosk script exposes on window (see agent/display/kiosk-page.ts). */
interface KioskWindow {
  __kiosk?: { shown: Array<{ url: string; at: number }> };
}

class BenchDisplaySource extends EventEmitter implements DisplaySource {
  state: EvseDisplayState;
  constructor(initial: EvseDisplayState) {
    super();
    this.state = initial;
  }
  current(): EvseDisplayState[] {
    return [this.state];
  }
  set(s: EvseDisplayState): void {
    this.state = s;
    this.emit('change', s);
  }
}

function stateFor(slot: number, slotMs: number): EvseDisplayState {
  // A realistic code: a v1 password of 10 characters in a typical payment URL.
  const t = totpV1({ secret: 'display-latency-bench', unixMs: slot * 6000, validityS: 6, length: 10 });
  return {
    evseId: 1,
    connectorId: 1,
    name: 'EVSE 1 · Type 2',
    phase: 'available',
    qr: { url: `https://pay.example.com/p/CS-0001/1?totp=${t.current}&v=v1`, errorCorrection: 'M', validUntil: (slot + 1) * slotMs },
    price: { currency: 'KES', perKwh: '25.00 KES/kWh', sessionFee: '10.00 KES per session' },
    updatedAt: Date.now(),
  };
}

/**
 * Serves the kiosk page, opens it in headless Chromium at 800x480 and, at each of `samples` slot
 * boundaries (aligned to the wall clock), emits the next code; reads from the page when each code
 * was painted. Throws when Chromium is not installed.
 */
export async function run(o: DisplayLatencyOptions = {}): Promise<DisplayLatencyResult> {
  const executablePath = o.executablePath ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`the display latency bench needs Chromium at ${executablePath} (apt-get install -y chromium)`);
  const samples = o.samples ?? 10;
  const slotMs = o.slotMs ?? 1000;
  const print = o.print ?? (() => undefined);
  let slot = Math.floor(Date.now() / slotMs);
  const source = new BenchDisplaySource(stateFor(slot, slotMs));
  const server = new KioskServer({ source, host: '127.0.0.1', port: 0 });
  await server.listen();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    timeout: 20_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const result: DisplayLatencyResult['samples'] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(`${server.url}?evse=1`, { waitUntil: 'load', timeout: 10_000 });
    const shownAt = (url: string) =>
      // A function, not a string: the page's CSP forbids eval.
      page.waitForFunction((u) => (globalThis as unknown as KioskWindow).__kiosk?.shown.find((s) => s.url === u)?.at, url, { timeout: 5000, polling: 'raf' });
    await shownAt(source.state.qr!.url);
    for (let i = 0; i < samples + 1; i++) {
      slot = Math.floor(wallMs() / slotMs) + 1;
      const boundary = slot * slotMs;
      await new Promise((r) => setTimeout(r, Math.max(0, boundary - wallMs())));
      // setTimeout may fire a little early on some systems: the code changes at the boundary, not before.
      while (wallMs() < boundary) await new Promise((r) => setImmediate(r));
      const next = stateFor(slot, slotMs);
      const emitted = wallMs();
      source.set(next);
      const shown = (await (await shownAt(next.qr!.url)).jsonValue()) as number;
      if (i > 0) result.push({ boundary, emitted, shown }); // the first slot warms up the page
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const r: DisplayLatencyResult = {
    slotMs,
    emitLateMs: summarize(result.map((s) => s.emitted - s.boundary)),
    emitToShownMs: summarize(result.map((s) => s.shown - s.emitted)),
    boundaryToShownMs: summarize(result.map((s) => s.shown - s.boundary)),
    samples: result.map((s) => ({ boundary: s.boundary, emitted: round(s.emitted - s.boundary), shown: round(s.shown - s.boundary) })),
  };
  const row = (name: string, s: Summary) => [name, fmt(s.median), fmt(s.p99), fmt(s.min), fmt(s.max)];
  print(`Kiosk page in headless Chromium (800x480), ${result.length} slot boundaries of ${slotMs} ms, aligned to the wall clock`);
  print('');
  print(
    table(
      ['ms', 'median', 'p99', 'min', 'max'],
      [row('boundary → code emitted', r.emitLateMs), row('emitted → code on screen', r.emitToShownMs), row('boundary → code on screen', r.boundaryToShownMs)],
      ['left', 'right', 'right', 'right', 'right'],
    ),
  );
  print('');
  print('"On screen": the page received the code over Server-Sent Events, the QR image (SVG rendered by the agent) was decoded and the next frame drawn.');
  return r;
}

/** The bench for bench/run-all.ts (add it to BENCHES). */
export const displayLatency: BenchModule = {
  id: 'display',
  title: 'Display: time from a slot boundary to the new QR code on the kiosk page',
  run: (print) => run({ print }),
};
