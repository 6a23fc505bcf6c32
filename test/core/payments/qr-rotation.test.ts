// QrRotation: codes per EVSE from the device model, re-rendered at slot boundaries aligned to the clock, settings taking effect at once.

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceModel } from '../../../agent/core/device-model/device-model.js';
import { MemoryPersistence } from '../../../agent/core/device-model/memory-persistence.js';
import type { DisplayQr } from '../../../agent/core/display/display-state.js';
import { QrRotation, type QrOffReason } from '../../../agent/core/payments/qr-rotation.js';
import { totpV1 } from '../../../agent/core/payments/totp-v1.js';
import { webPaymentsCatalog, type WebPaymentsCatalogOptions } from '../../../agent/core/payments/web-payments-catalog.js';
import { FakeClock } from './fake-clock.js';

const SECRET = 'secure!Charging!-station';
const EVSE1 = { name: 'WebPaymentsCtrlr', evse: { id: 1 } };
const EVSE2 = { name: 'WebPaymentsCtrlr', evse: { id: 2 } };
/** 2024-05-23T00:23:05Z: 5 s into a 30 s slot. */
const T0 = 1716423785000;

let rotation: QrRotation | undefined;
afterEach(() => rotation?.stop());

function setup(o: Partial<WebPaymentsCatalogOptions> = {}, lines: string[] = []) {
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'trace' }, sink);
  const dm = new DeviceModel({
    definitions: webPaymentsCatalog({ displays: 'per-evse', evseIds: [1, 2], urlParameters: ['maxenergy'], ...o }),
    persistence: new MemoryPersistence(),
    logger,
  });
  const clock = new FakeClock(T0);
  const codes: Array<{ evseId: number; qr: DisplayQr; at: number }> = [];
  const offs: Array<{ evseId: number; reason: QrOffReason; detail: string | undefined }> = [];
  rotation = new QrRotation({ deviceModel: dm, evseIds: [1, 2], identity: () => 'CS-001', now: clock.now, timers: clock, logger });
  rotation.on('code', (evseId, qr) => codes.push({ evseId, qr, at: clock.time }));
  rotation.on('off', (evseId, reason, detail) => offs.push({ evseId, reason, detail }));
  return { dm, clock, codes, offs, rotation };
}

function configure(dm: DeviceModel, c: typeof EVSE1, template = 'https://pay.example/{chargingStationId}/{evse}/{totp}?v={version}'): void {
  expect(dm.set(c, 'SharedSecret', SECRET).status).toBe('Accepted');
  expect(dm.set(c, 'URLTemplate', template).status).toBe('Accepted');
}

const expectedTotp = (unixMs: number, validityS = 30, length = 12) => totpV1({ secret: SECRET, unixMs, validityS, length }).current;

describe('QrRotation', () => {
  it('no code until URLTemplate and SharedSecret are set; then it starts by itself (whitepaper)', () => {
    const { dm, codes, offs, rotation: r } = setup();
    r.start();
    expect(offs).toEqual([
      { evseId: 1, reason: 'no-url-template', detail: undefined },
      { evseId: 2, reason: 'no-url-template', detail: undefined },
    ]);
    dm.set(EVSE1, 'URLTemplate', 'https://pay.example/{totp}');
    expect(offs.at(-1)).toEqual({ evseId: 1, reason: 'no-shared-secret', detail: undefined });
    expect(codes).toEqual([]);
    dm.set(EVSE1, 'SharedSecret', SECRET);
    expect(codes).toHaveLength(1);
    expect(codes[0]!.qr).toEqual({ url: `https://pay.example/${expectedTotp(T0)}`, errorCorrection: 'M', validUntil: T0 + 25_000 });
    expect(r.current(1)).toEqual(codes[0]!.qr);
    expect(r.current(2)).toBeUndefined();
  });

  it('re-renders at each slot boundary aligned to the wall clock, not to the start time', () => {
    const { dm, clock, codes, rotation: r } = setup();
    configure(dm, EVSE1);
    r.start();
    expect(codes).toHaveLength(1);
    expect(codes[0]!.qr.url).toBe(`https://pay.example/CS-001/1/${expectedTotp(T0)}?v=v1`);
    // Started 5 s into the slot: the next code is due 25 s later, on the boundary.
    expect(clock.nextAt).toBe(T0 + 25_000);
    clock.advance(24_999);
    expect(codes).toHaveLength(1);
    clock.advance(1);
    expect(codes).toHaveLength(2);
    expect(codes[1]!.at % 30_000).toBe(0);
    expect(codes[1]!.qr.url).toBe(`https://pay.example/CS-001/1/${expectedTotp(T0 + 25_000)}?v=v1`);
    expect(codes[1]!.qr.validUntil).toBe(T0 + 55_000);
    clock.advance(90_000);
    expect(codes.map((c) => c.at - T0)).toEqual([0, 25_000, 55_000, 85_000, 115_000]);
    // Each code is the previous code's "next" password.
    expect(codes[2]!.qr.url).toContain(totpV1({ secret: SECRET, unixMs: T0 + 25_000, validityS: 30, length: 12 }).next);
  });

  it('each EVSE follows its own ValidityTime and secret', () => {
    const { dm, clock, codes, rotation: r } = setup();
    configure(dm, EVSE1);
    configure(dm, EVSE2, 'https://pay.example/{evse}/{totp}');
    dm.set(EVSE2, 'ValidityTime', '60');
    dm.set(EVSE2, 'SharedSecret', 'other!Secret!for-evse-2');
    r.start();
    clock.advance(120_000);
    const times = (id: number) => codes.filter((c) => c.evseId === id).map((c) => (c.at - T0) / 1000);
    expect(times(1)).toEqual([0, 25, 55, 85, 115]);
    // 2024-05-23T00:23:05Z is 5 s into a 60 s slot too.
    expect(times(2)).toEqual([0, 55, 115]);
    expect(codes.find((c) => c.evseId === 2)!.qr.url).toBe(
      `https://pay.example/2/${totpV1({ secret: 'other!Secret!for-evse-2', unixMs: T0, validityS: 60, length: 12 }).current}`,
    );
  });

  it('a SetVariables on WebPaymentsCtrlr takes effect at once and reschedules', () => {
    const { dm, clock, codes, rotation: r } = setup();
    configure(dm, EVSE1);
    r.start();
    clock.advance(10_000);
    dm.set(EVSE1, 'Length', '8');
    expect(codes).toHaveLength(2);
    expect(codes[1]!.qr.url).toBe(`https://pay.example/CS-001/1/${expectedTotp(T0, 30, 8)}?v=v1`);
    dm.set(EVSE1, 'ValidityTime', '3600');
    expect(codes).toHaveLength(3);
    expect(codes[2]!.qr.validUntil % 3_600_000).toBe(0);
    expect(clock.nextAt).toBe(codes[2]!.qr.validUntil);
    dm.set(EVSE1, 'QRCodeQuality', 'High');
    expect(codes.at(-1)!.qr.errorCorrection).toBe('H');
    dm.set(EVSE1, 'URLTemplate', 'https://new.example/{totp}');
    expect(codes.at(-1)!.qr.url).toMatch(/^https:\/\/new\.example\/[0-9a-zA-Z]{8}$/);
    // A change for EVSE 2 leaves EVSE 1 alone.
    const before = codes.length;
    dm.set(EVSE2, 'ValidityTime', '60');
    expect(codes.filter((c) => c.evseId === 1)).toHaveLength(before);
  });

  it('Enabled=false removes the code and stops the timer; true brings it back', () => {
    const { dm, clock, codes, offs, rotation: r } = setup();
    configure(dm, EVSE1);
    r.start();
    dm.set(EVSE1, 'Enabled', 'false');
    expect(r.current(1)).toBeUndefined();
    expect(offs.at(-1)).toEqual({ evseId: 1, reason: 'disabled', detail: undefined });
    expect(clock.pending).toBe(0);
    dm.set(EVSE1, 'Enabled', 'true');
    expect(r.current(1)).toBeDefined();
    expect(codes).toHaveLength(2);
  });

  it('the limits the driver chose go into the URL at once', () => {
    const { dm, codes, rotation: r } = setup();
    configure(dm, EVSE1, 'https://pay.example/{totp}?e={maxEnergy}');
    r.start();
    expect(codes[0]!.qr.url).not.toContain('e=');
    r.setLimits(1, { maxEnergy: 20000 });
    expect(codes[1]!.qr.url).toMatch(/\?e=20000$/);
    r.setLimits(1, undefined);
    expect(codes[2]!.qr.url).not.toContain('e=');
    expect(() => r.setLimits(3, {})).toThrow(/evseId 3 is not one of the EVSEs 1, 2/);
  });

  it('settings that do not work together give no code and a warning that names them, never the secret', () => {
    const lines: string[] = [];
    const { dm, offs, rotation: r } = setup({}, lines);
    configure(dm, EVSE1);
    dm.set(EVSE1, 'Length', '12');
    dm.set(EVSE1, 'TOTPVersion', 'rfc6238'); // the device model alone lets this through; checkWebPaymentsValue would refuse it
    r.start();
    expect(r.current(1)).toBeUndefined();
    expect(offs[0]).toEqual({ evseId: 1, reason: 'invalid-settings', detail: 'Length 12 is too long for TOTPVersion rfc6238, which gives 6..8 digits' });
    dm.set(EVSE1, 'Length', '8');
    expect(r.current(1)?.url).toMatch(/\/\d{8}\?v=rfc6238$/);
    expect(lines.join('')).not.toContain(SECRET);
  });

  it('a shared display uses the station-level instance for every EVSE', () => {
    const { dm, codes, rotation: r } = setup({ displays: 'shared' });
    configure(dm, { name: 'WebPaymentsCtrlr' } as typeof EVSE1, 'https://pay.example/{totp}?evse={evse}');
    r.start();
    expect(codes.map((c) => c.qr.url)).toEqual([`https://pay.example/${expectedTotp(T0)}?evse=1`, `https://pay.example/${expectedTotp(T0)}?evse=2`]);
  });

  it('ChargingStationId overrides the identity; stop() cancels every timer and stops following changes', () => {
    const { dm, clock, codes, rotation: r } = setup();
    configure(dm, EVSE1);
    configure(dm, EVSE2);
    dm.set(EVSE1, 'ChargingStationId', 'QR-ID');
    r.start();
    expect(codes[0]!.qr.url).toContain('/QR-ID/1/');
    expect(clock.pending).toBe(2);
    r.stop();
    expect(clock.pending).toBe(0);
    dm.set(EVSE1, 'Length', '8');
    clock.advance(60_000);
    expect(codes).toHaveLength(2);
  });
});
