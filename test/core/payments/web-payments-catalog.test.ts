// WebPaymentsCtrlr in the device model: catalog per the 2.1 appendix and whitepaper, per-EVSE vs shared instances, the write-only secret.

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DeviceModel } from '../../../agent/core/device-model/device-model.js';
import { MemoryPersistence } from '../../../agent/core/device-model/memory-persistence.js';
import {
  ensureSharedSecret,
  randomBase62,
  webPaymentsCatalog,
  type WebPaymentsCatalogOptions,
} from '../../../agent/core/payments/web-payments-catalog.js';
import { checkWebPaymentsValue, readWebPaymentSettings } from '../../../agent/core/payments/web-payment-settings.js';
import { v16WebPaymentsConfiguration, parseV16WebPaymentsKey, v16WebPaymentsKey } from '../../../agent/ocpp/extensions/web-payments-datatransfer.js';

const EVSE1 = { name: 'WebPaymentsCtrlr', evse: { id: 1 } };
const EVSE2 = { name: 'WebPaymentsCtrlr', evse: { id: 2 } };
const SHARED = { name: 'WebPaymentsCtrlr' };
const SECRET = 'A-secret-of-24-chars-xyz';

function model(o: Partial<WebPaymentsCatalogOptions> = {}, store = new MemoryPersistence(), lines: string[] = []): DeviceModel {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return new DeviceModel({
    definitions: webPaymentsCatalog({ displays: 'per-evse', evseIds: [1, 2], urlParameters: ['maxenergy', 'maxtime'], ...o }),
    persistence: store,
    logger: pino({ level: 'trace' }, sink),
  });
}

describe('WebPaymentsCtrlr catalog', () => {
  it('has the appendix and whitepaper variables with their defaults, limits and mutability', () => {
    const dm = model();
    expect(dm.get(EVSE1, 'Enabled')).toEqual({ status: 'Accepted', value: 'true' });
    expect(dm.get(EVSE1, 'URLTemplate')).toEqual({ status: 'Accepted', value: '' });
    expect(dm.get(EVSE1, 'URLParameters')).toEqual({ status: 'Accepted', value: 'maxenergy,maxtime' });
    expect(dm.get(EVSE1, 'TOTPVersion')).toEqual({ status: 'Accepted', value: 'v1' });
    expect(dm.get(EVSE1, 'ChargingStationId')).toEqual({ status: 'Accepted', value: '' });
    expect(dm.get(EVSE1, 'ValidityTime')).toEqual({ status: 'Accepted', value: '30' });
    expect(dm.get(EVSE1, 'Length')).toEqual({ status: 'Accepted', value: '12' });
    expect(dm.get(EVSE1, 'HashAlgorithm')).toEqual({ status: 'Accepted', value: 'HMACSHA256' });
    expect(dm.get(EVSE1, 'Encoding').value).toBe('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(dm.get(EVSE1, 'QRCodeQuality')).toEqual({ status: 'Accepted', value: 'Medium' });
    expect(dm.definition(EVSE1, 'SharedSecret')?.mutability).toBe('WriteOnly');
    expect(dm.definition(EVSE1, 'QRCodeQuality')?.valuesList).toEqual(['Low', 'Medium', 'Quartile', 'High']);
    expect(dm.set(EVSE1, 'URLParameters', 'maxcost').status).toBe('Rejected');
  });

  it('without URLParameters the variable is absent ("When absent, none of these are supported")', () => {
    const dm = model({ urlParameters: [] });
    expect(dm.get(EVSE1, 'URLParameters').status).toBe('UnknownVariable');
  });

  it('one display per EVSE: instances per EVSE, a SetVariables without an EVSE is refused', () => {
    const dm = model();
    expect(dm.set(EVSE2, 'ValidityTime', '60').status).toBe('Accepted');
    expect(dm.get(EVSE1, 'ValidityTime').value).toBe('30');
    expect(dm.set(SHARED, 'URLTemplate', 'https://x.example/{totp}').status).toBe('UnknownComponent');
  });

  it('one display for all EVSEs: only the station-level instance, a SetVariables for an EVSE is refused', () => {
    const dm = model({ displays: 'shared' });
    expect(dm.set(SHARED, 'URLTemplate', 'https://x.example/{totp}/{evse}').status).toBe('Accepted');
    expect(dm.set(EVSE1, 'URLTemplate', 'https://x.example/{totp}').status).toBe('UnknownComponent');
  });

  it.each([
    ['ValidityTime', '5', 'ValueTooLow'],
    ['ValidityTime', '3601', 'ValueTooHigh'],
    ['Length', '5', 'ValueTooLow'],
    ['SharedSecret', '16-chars-secret!', 'ValueOutOfRange'],
    ['SharedSecret', 'a secret with spaces in it', 'InvalidValue'],
    ['TOTPVersion', 'v2', 'InvalidValue'],
    ['HashAlgorithm', 'MD5', 'InvalidValue'],
    ['Encoding', 'abcc', 'InvalidValue'],
    ['Encoding', 'ab c', 'InvalidValue'],
    ['QRCodeQuality', 'Ultra', 'InvalidValue'],
    ['URLTemplate', 'https://x.example/{totp}/{foo}', 'InvalidValue'],
    ['URLTemplate', 'https://x.example/{totp}?c={maxCost}', 'InvalidValue'],
    ['URLTemplate', 'https://x.example/{chargingStationId}', 'InvalidValue'],
    ['URLTemplate', 'x.example/{totp}', 'InvalidValue'],
  ])('SetVariables %s = %j is Rejected (%s)', (variable, value, code) => {
    const dm = model();
    const r = dm.set(EVSE1, variable, value);
    expect(r.status).toBe('Rejected');
    expect(r.reason?.code).toBe(code);
  });

  it.each([
    ['ValidityTime', '6'],
    ['ValidityTime', '3600'],
    ['Length', '6'],
    ['SharedSecret', '17-chars-secret!!'],
    ['Encoding', '0123456789'],
    ['URLTemplate', 'https://QR.example/{TOTP}/{Evse}?e={MaxEnergy}&t={maxtime}&s={chargingStationId}&v={version}&r={roamingEVSEId}'],
    ['URLTemplate', ''],
  ])('SetVariables %s = %j is Accepted', (variable, value) => {
    expect(model().set(EVSE1, variable, value).status).toBe('Accepted');
  });
});

describe('SharedSecret is write-only', () => {
  it('GetVariables is Rejected (WriteOnly), the base reports carry no value, the logs never show it', () => {
    const lines: string[] = [];
    const dm = model({}, new MemoryPersistence(), lines);
    expect(dm.set(EVSE1, 'SharedSecret', SECRET).status).toBe('Accepted');
    const got = dm.get(EVSE1, 'SharedSecret');
    expect(got.status).toBe('Rejected');
    expect(got.reason?.code).toBe('WriteOnly');
    expect(JSON.stringify(got)).not.toContain(SECRET);
    for (const base of ['FullInventory', 'ConfigurationInventory', 'SummaryInventory'] as const) {
      const report = dm.report(base);
      expect(JSON.stringify(report)).not.toContain(SECRET);
      const entry = report.find((r) => r.variable.name === 'SharedSecret' && r.component.evse?.id === 1);
      if (base !== 'SummaryInventory') expect(entry?.variableAttribute[0]).not.toHaveProperty('value');
    }
    const bad = dm.set(EVSE1, 'SharedSecret', `${SECRET} with space`);
    expect(JSON.stringify(bad)).not.toContain(SECRET);
    expect(lines.join('')).not.toContain(SECRET);
    expect(lines.join('')).toContain('[write-only]');
  });

  it('the 1.6 GetConfiguration value of SharedSecret is "" (never the secret)', () => {
    const dm = model();
    dm.set(EVSE1, 'SharedSecret', SECRET);
    const entries = v16WebPaymentsConfiguration(dm);
    expect(entries.find((e) => e.key === 'WebPaymentsCtrlr.1.SharedSecret')).toEqual({ key: 'WebPaymentsCtrlr.1.SharedSecret', readonly: false, value: '' });
    expect(entries.find((e) => e.key === 'WebPaymentsCtrlr.2.URLParameters')).toEqual({ key: 'WebPaymentsCtrlr.2.URLParameters', readonly: true, value: 'maxenergy,maxtime' });
    expect(JSON.stringify(entries)).not.toContain(SECRET);
  });
});

describe('ensureSharedSecret (first boot)', () => {
  it('sets a strong random secret per instance, stores it, and keeps it on the next boot', () => {
    const store = new MemoryPersistence();
    const lines: string[] = [];
    const dm = model({}, store, lines);
    expect(ensureSharedSecret(dm)).toEqual(['WebPaymentsCtrlr@1.SharedSecret', 'WebPaymentsCtrlr@2.SharedSecret']);
    const s1 = dm.str(EVSE1, 'SharedSecret');
    const s2 = dm.str(EVSE2, 'SharedSecret');
    expect(s1).toMatch(/^[0-9a-zA-Z]{32}$/);
    expect(s2).toMatch(/^[0-9a-zA-Z]{32}$/);
    expect(s1).not.toBe(s2);
    expect(store.values.get('WebPaymentsCtrlr@1.SharedSecret')).toBe(s1);
    expect(lines.join('')).not.toContain(s1);

    const again = model({}, store);
    expect(ensureSharedSecret(again)).toEqual([]);
    expect(again.str(EVSE1, 'SharedSecret')).toBe(s1);
  });

  it('leaves a secret the CSMS set alone', () => {
    const dm = model({ displays: 'shared' });
    dm.set(SHARED, 'SharedSecret', SECRET);
    expect(ensureSharedSecret(dm)).toEqual([]);
    expect(dm.str(SHARED, 'SharedSecret')).toBe(SECRET);
  });

  it('throws when the secret cannot be stored (no code is generated with an unsaved secret)', () => {
    const store = new MemoryPersistence();
    const dm = model({}, store);
    store.failSaves = true;
    expect(() => ensureSharedSecret(dm)).toThrow(/cannot store a new SharedSecret for WebPaymentsCtrlr of EVSE 1: WebPaymentsCtrlr@1.SharedSecret could not be stored/);
  });

  it('randomBase62 is unbiased over its input: bytes >= 248 are skipped', () => {
    let call = 0;
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (call++ === 0 && i < 2 ? 255 : 61)));
    expect(randomBase62(4, bytes)).toBe('ZZZZ');
  });
});

describe('checkWebPaymentsValue (cross-variable checks for SetVariables)', () => {
  it('rejects a template with a placeholder outside URLParameters, with a message naming it', () => {
    const dm = model();
    expect(checkWebPaymentsValue(dm, EVSE1, 'URLTemplate', 'https://x.example/{totp}?c={maxCost}')).toEqual({
      code: 'InvalidValue',
      additionalInfo: 'URL template placeholder {maxCost} is not in WebPaymentsCtrlr.URLParameters (maxenergy, maxtime)',
    });
    expect(checkWebPaymentsValue(dm, EVSE1, 'URLTemplate', 'https://x.example/{totp}?e={maxEnergy}')).toBeUndefined();
  });

  it('rfc6238 needs a Length of 6..8 and no HMACSHA384; v1 refuses HMACSHA1', () => {
    const dm = model();
    expect(checkWebPaymentsValue(dm, EVSE1, 'TOTPVersion', 'rfc6238')?.additionalInfo).toMatch(/Length 12 is too long for TOTPVersion rfc6238/);
    dm.set(EVSE1, 'Length', '8');
    expect(checkWebPaymentsValue(dm, EVSE1, 'TOTPVersion', 'rfc6238')).toBeUndefined();
    dm.set(EVSE1, 'TOTPVersion', 'rfc6238');
    expect(checkWebPaymentsValue(dm, EVSE1, 'HashAlgorithm', 'HMACSHA384')?.additionalInfo).toMatch(/HMACSHA384 is not available with TOTPVersion rfc6238/);
    expect(checkWebPaymentsValue(dm, EVSE1, 'HashAlgorithm', 'HMACSHA1')).toBeUndefined();
    expect(checkWebPaymentsValue(dm, EVSE2, 'HashAlgorithm', 'HMACSHA1')?.additionalInfo).toMatch(/hash must be one of sha256, sha384, sha512/);
    expect(checkWebPaymentsValue(dm, { name: 'OCPPCommCtrlr' }, 'HeartbeatInterval', '1')).toBeUndefined();
  });
});

describe('settings and 1.6 keys', () => {
  it('readWebPaymentSettings: identity fallback, QR quality letter, no secret in the object', () => {
    const dm = model();
    dm.set(EVSE1, 'SharedSecret', SECRET);
    dm.set(EVSE1, 'QRCodeQuality', 'quartile');
    const s = readWebPaymentSettings(dm, EVSE1, 'CS-ID');
    expect(s.chargingStationId).toBe('CS-ID');
    expect(s.errorCorrection).toBe('Q');
    expect(s.hasSecret).toBe(true);
    expect(JSON.stringify(s)).not.toContain(SECRET);
    dm.set(EVSE1, 'ChargingStationId', 'QR-STATION');
    expect(readWebPaymentSettings(dm, EVSE1, 'CS-ID').chargingStationId).toBe('QR-STATION');
  });

  it('WebPaymentsCtrlr.{ConnectorId}.{Setting} and WebPaymentsCtrlr.{Setting} (prefix case-insensitive)', () => {
    expect(v16WebPaymentsKey('URLTemplate', 1)).toBe('WebPaymentsCtrlr.1.URLTemplate');
    expect(v16WebPaymentsKey('SharedSecret')).toBe('WebPaymentsCtrlr.SharedSecret');
    expect(parseV16WebPaymentsKey('webPaymentsCtrlr.2.SharedSecret')).toEqual({ component: EVSE2, variable: 'SharedSecret' });
    expect(parseV16WebPaymentsKey('WebPaymentsCtrlr.URLTemplate')).toEqual({ component: SHARED, variable: 'URLTemplate' });
    expect(parseV16WebPaymentsKey('HeartbeatInterval')).toBeUndefined();
  });
});
