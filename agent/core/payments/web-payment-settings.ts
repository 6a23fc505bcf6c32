// Reads one WebPaymentsCtrlr instance from the device model into usable settings, and checks a SetVariables value against the others.

import type { DeviceModel } from '../device-model/device-model.js';
import type { StatusReason } from '../device-model/types.js';
import type { ComponentRef } from '../device-model/variable-key.js';
import type { QrErrorCorrection } from '../display/display-state.js';
import { totpRfc6238, type Rfc6238Hash } from './totp-rfc6238.js';
import { parseTotpV1Hash, totpV1, type TotpResult } from './totp-v1.js';
import { UrlTemplateError, validateUrlTemplate } from './url-template.js';

export const WEB_PAYMENTS_CTRLR = 'WebPaymentsCtrlr';

/** WebPaymentsCtrlr.TOTPVersion values: OCPP 2.1 "v1", and classic RFC 6238 for backends that validate that. */
export const TOTP_VERSIONS = ['v1', 'rfc6238'] as const;
export type TotpVersion = (typeof TOTP_VERSIONS)[number];

const QUALITY: Record<string, QrErrorCorrection> = { low: 'L', medium: 'M', quartile: 'Q', high: 'H' };

/**
 * What one WebPaymentsCtrlr instance says. Holds no secret: `passwords` closes over it, so this
 * object can be logged.
 */
export interface WebPaymentSettings {
  component: ComponentRef;
  enabled: boolean;
  urlTemplate: string;
  urlParameters: string[];
  version: TotpVersion;
  /** WebPaymentsCtrlr.ChargingStationId, else the identity given to readWebPaymentSettings. */
  chargingStationId: string;
  roamingCsId?: string;
  roamingEvseId?: string;
  validityS: number;
  length: number;
  /** The device-model value, e.g. "HMACSHA256". */
  hashAlgorithm: string;
  alphabet?: string;
  errorCorrection: QrErrorCorrection;
  hasSecret: boolean;
  /** The previous/current/next passwords at `unixMs` with this instance's secret; throws RangeError for a bad combination. */
  passwords(unixMs: number): TotpResult;
}

/**
 * The WebPaymentsCtrlr instance that serves EVSE `evseId`: its own (one QR display per EVSE) or
 * the station-level one (one display for all EVSEs). Undefined when the model has neither.
 */
export function webPaymentsComponent(dm: DeviceModel, evseId: number): ComponentRef | undefined {
  const own: ComponentRef = { name: WEB_PAYMENTS_CTRLR, evse: { id: evseId } };
  if (dm.has(own, 'URLTemplate')) return own;
  const shared: ComponentRef = { name: WEB_PAYMENTS_CTRLR };
  return dm.has(shared, 'URLTemplate') ? shared : undefined;
}

interface TotpParams {
  version: string;
  hashAlgorithm: string;
  validityS: number;
  length: number;
  alphabet?: string;
}

/** A password generator for these parameters; throws a RangeError (naming the setting) for a combination that cannot work. */
export function passwordFunction(p: TotpParams, secret: string): (unixMs: number) => TotpResult {
  const version = p.version.toLowerCase();
  if (version === 'v1') {
    const hash = parseTotpV1Hash(p.hashAlgorithm);
    return (unixMs) =>
      totpV1({ secret, unixMs, validityS: p.validityS, length: p.length, hash, ...(p.alphabet !== undefined && { alphabet: p.alphabet }) });
  }
  if (version === 'rfc6238') {
    const n = p.hashAlgorithm.toLowerCase().replace(/[-_\s]/g, '').replace(/^hmac/, '');
    if (n !== 'sha1' && n !== 'sha256' && n !== 'sha512') throw new RangeError(`HashAlgorithm ${p.hashAlgorithm} is not available with TOTPVersion rfc6238 (HMACSHA1, HMACSHA256 or HMACSHA512)`);
    if (p.length > 8) throw new RangeError(`Length ${p.length} is too long for TOTPVersion rfc6238, which gives 6..8 digits`);
    return (unixMs) => totpRfc6238({ secret, unixMs, validityS: p.validityS, length: p.length, hash: n as Rfc6238Hash });
  }
  throw new RangeError(`TOTPVersion "${p.version}" is not one of ${TOTP_VERSIONS.join(', ')}`);
}

function optional(dm: DeviceModel, c: ComponentRef, name: string): string | undefined {
  return dm.has(c, name) ? dm.str(c, name) || undefined : undefined;
}

function integer(dm: DeviceModel, c: ComponentRef, name: string, fallback: number): number {
  const text = optional(dm, c, name);
  return text === undefined ? fallback : Number(text);
}

/** The values of one instance, `overrides` (by variable name, any case) in place of stored ones. */
function readRaw(dm: DeviceModel, c: ComponentRef, overrides: Record<string, string> = {}): (name: string) => string | undefined {
  const o = new Map(Object.entries(overrides).map(([k, v]) => [k.toLowerCase(), v]));
  return (name) => (o.has(name.toLowerCase()) ? o.get(name.toLowerCase()) : optional(dm, c, name));
}

function paramsOf(get: (name: string) => string | undefined): TotpParams {
  const alphabet = get('Encoding');
  return {
    version: get('TOTPVersion') ?? 'v1',
    hashAlgorithm: get('HashAlgorithm') ?? 'HMACSHA256',
    validityS: Number(get('ValidityTime') ?? '30'),
    length: Number(get('Length') ?? '12'),
    ...(alphabet !== undefined && { alphabet }),
  };
}

/**
 * The settings of instance `component`. `identity` is the station identity used when
 * ChargingStationId is unset (OCPP: "defaults to SecurityCtrlr.Identity").
 */
export function readWebPaymentSettings(dm: DeviceModel, component: ComponentRef, identity: string): WebPaymentSettings {
  const get = readRaw(dm, component);
  const params = paramsOf(get);
  const secret = dm.has(component, 'SharedSecret') ? dm.str(component, 'SharedSecret') : '';
  let generator: ((unixMs: number) => TotpResult) | undefined;
  const settings: WebPaymentSettings = {
    component,
    enabled: (get('Enabled') ?? 'true') === 'true',
    urlTemplate: get('URLTemplate') ?? '',
    urlParameters: dm.has(component, 'URLParameters') ? dm.list(component, 'URLParameters') : [],
    version: (params.version.toLowerCase() === 'rfc6238' ? 'rfc6238' : 'v1'),
    chargingStationId: get('ChargingStationId') ?? identity,
    validityS: integer(dm, component, 'ValidityTime', 30),
    length: params.length,
    hashAlgorithm: params.hashAlgorithm,
    errorCorrection: QUALITY[(get('QRCodeQuality') ?? 'Medium').toLowerCase()] ?? 'M',
    hasSecret: secret.trim() !== '',
    passwords: (unixMs) => {
      generator ??= passwordFunction(params, secret);
      return generator(unixMs);
    },
  };
  const roamingCs = get('RoamingCSId');
  const roamingEvse = get('RoamingEvseId');
  if (roamingCs !== undefined) settings.roamingCsId = roamingCs;
  if (roamingEvse !== undefined) settings.roamingEvseId = roamingEvse;
  if (params.alphabet !== undefined) settings.alphabet = params.alphabet;
  return settings;
}

/** A secret only for trying settings out (never a real one). */
const PROBE_SECRET = 'probe-secret-not-used-for-codes';
/** A time for trying settings out: 2023-11-14T22:13:20Z. */
const PROBE_TIME_MS = 1_700_000_000_000;

/**
 * The cross-variable check for a SetVariables (or 1.6 ChangeConfiguration) on a WebPaymentsCtrlr
 * variable, after the device model's own type/range check: URLTemplate placeholders against
 * URLParameters (whitepaper: "contains URL template parameters not contained in
 * WebPaymentsCtrlr.URLParameters list => should be rejected"), and TOTPVersion, HashAlgorithm,
 * Length and Encoding together. Returns a reason to answer Rejected with, or undefined when the
 * value fits. Never echoes a SharedSecret.
 */
export function checkWebPaymentsValue(dm: DeviceModel, component: ComponentRef, variableName: string, value: string): StatusReason | undefined {
  if (component.name.toLowerCase() !== WEB_PAYMENTS_CTRLR.toLowerCase()) return undefined;
  const name = variableName.toLowerCase();
  if (name === 'urltemplate') {
    const urlParameters = dm.has(component, 'URLParameters') ? dm.list(component, 'URLParameters') : [];
    try {
      validateUrlTemplate(value, urlParameters);
    } catch (err) {
      if (err instanceof UrlTemplateError) return { code: 'InvalidValue', additionalInfo: err.message.slice(0, 512) };
      throw err;
    }
    return undefined;
  }
  if (!['totpversion', 'hashalgorithm', 'length', 'encoding', 'validitytime'].includes(name)) return undefined;
  try {
    passwordFunction(paramsOf(readRaw(dm, component, { [variableName]: value })), PROBE_SECRET)(PROBE_TIME_MS);
  } catch (err) {
    if (err instanceof RangeError) return { code: 'InvalidValue', additionalInfo: err.message.slice(0, 512) };
    throw err;
  }
  return undefined;
}
