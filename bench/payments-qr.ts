// Benchmark: time to compute a TOTP v1 password (and an RFC 6238 one) and to render the payment QR (SVG for the kiosk, PNG screen, terminal).

import QRCode from 'qrcode';
import { totpRfc6238 } from '../agent/core/payments/totp-rfc6238.js';
import { totpV1 } from '../agent/core/payments/totp-v1.js';
import { buildPaymentUrl } from '../agent/core/payments/url-template.js';
import { qrSvgDataUrl } from '../agent/display/qr-image.js';
import { renderScreenPng } from '../agent/display/png-screen.js';
import type { BenchModule } from './run-all.js';
import { fmt, heading, nowMs, summarize, table } from './stats.js';

const TEMPLATE = 'https://pay.example.com/{chargingStationId}/{evse}?totp={totp}&v={version}';

function time(n: number, fn: (i: number) => unknown): ReturnType<typeof summarize> {
  for (let i = 0; i < Math.min(50, n); i++) fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = nowMs();
    fn(i);
    samples.push(nowMs() - t);
  }
  return summarize(samples);
}

export async function runPaymentsQr(print: (text: string) => void): Promise<object> {
  const secret = 'station-secret-0123456789abcdef';
  const t0 = Date.now();
  const v1 = time(5000, (i) => totpV1({ secret, unixMs: t0 + i * 30_000, validityS: 30, length: 12 }));
  const rfc = time(5000, (i) => totpRfc6238({ secret, unixMs: t0 + i * 30_000, validityS: 30, length: 8, hash: 'sha256' }));
  const url = (i: number) =>
    buildPaymentUrl(TEMPLATE, { chargingStationId: 'CS-0001', evseId: 1, totp: totpV1({ secret, unixMs: t0 + i * 30_000, validityS: 30, length: 12 }).current, version: 'v1', urlParameters: [] });
  const urlTime = time(5000, url);
  const svg = time(300, (i) => qrSvgDataUrl(url(i), 'M'));
  const svgH = time(300, (i) => qrSvgDataUrl(url(i), 'H'));
  const terminalSamples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = nowMs();
    await QRCode.toString(url(i), { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
    terminalSamples.push(nowMs() - t);
  }
  const terminal = summarize(terminalSamples.slice(20));
  const png = time(60, (i) =>
    renderScreenPng(
      { evseId: 1, connectorId: 1, name: 'EVSE 1 · Type 2', phase: 'available', qr: { url: url(i), errorCorrection: 'M', validUntil: t0 }, price: { currency: 'KES', perKwh: '25.00 KES/kWh' }, updatedAt: t0 },
      800,
      480,
    ),
  );
  const rows = [
    ['TOTP v1 password (HMAC-SHA256, 12 chars, prev/current/next)', v1],
    ['RFC 6238 password (otplib key path, SHA-256, 8 digits)', rfc],
    ['payment URL (template + v1 password)', urlTime],
    ['QR as SVG data URL for the kiosk page (level M)', svg],
    ['QR as SVG data URL (level H)', svgH],
    ['QR for the terminal (qrcode, level M)', terminal],
    ['full 800x480 PNG screen with the QR', png],
  ] as const;
  print(heading('Payment QR codes: compute and render'));
  print(
    table(
      ['what', 'n', 'median ms', 'p99 ms'],
      rows.map(([what, s]) => [what, String(s.n), fmt(s.median, 3), fmt(s.p99, 3)]),
      ['left', 'right', 'right', 'right'],
    ),
  );
  return Object.fromEntries(rows.map(([what, s]) => [what, { n: s.n, medianMs: s.median, p99Ms: s.p99 }]));
}

export const paymentsQr: BenchModule = {
  id: 'qr',
  title: 'Payment QR codes: password and rendering time',
  run: (print) => runPaymentsQr(print),
};
