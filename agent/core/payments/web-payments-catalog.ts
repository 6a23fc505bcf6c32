// The WebPaymentsCtrlr device-model component (OCPP 2.1 appendix 3.1.13 + the secure dynamic QR codes whitepaper) and first-boot secret generation.

import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { DeviceModel } from '../device-model/device-model.js';
import type { VariableDefinition } from '../device-model/types.js';
import type { ComponentRef } from '../device-model/variable-key.js';
import { BASE62_ALPHABET, MAX_TOTP_LENGTH, MAX_VALIDITY_S, MIN_TOTP_LENGTH, MIN_VALIDITY_S } from './totp-v1.js';
import { URL_LIMIT_PARAMETERS, URL_PLACEHOLDERS } from './url-template.js';
import { TOTP_VERSIONS, WEB_PAYMENTS_CTRLR } from './web-payment-settings.js';

/** WebPaymentsCtrlr.HashAlgorithm values (whitepaper names). HMACSHA1 is for TOTPVersion rfc6238 only. */
export const WEB_PAYMENT_HASH_ALGORITHMS = ['HMACSHA256', 'HMACSHA384', 'HMACSHA512', 'HMACSHA1'];
/** WebPaymentsCtrlr.QRCodeQuality values: the QR error-correction levels. */
export const QR_CODE_QUALITIES = ['Low', 'Medium', 'Quartile', 'High'];
/** Whitepaper: SharedSecret "Must be >16 characters". */
export const MIN_SHARED_SECRET_LENGTH = 17;
/** Length of the secret generated on first boot: 32 Base62 characters, about 190 bits. */
export const GENERATED_SECRET_LENGTH = 32;

export type UrlLimitParameter = (typeof URL_LIMIT_PARAMETERS)[number];

export interface WebPaymentsCatalogOptions {
  /**
   * 'per-evse': one QR display per EVSE, so one WebPaymentsCtrlr per EVSE (component.evse.id)
   * and none without an EVSE; 'shared': one display for all EVSEs, so only the station-level
   * instance. Whitepaper: "If a charging station has only one QR code display for all EVSEs, it
   * should reject SetVariable requests for specific EvseIds. If a charging station has one QR code
   * display per EVSE, it should reject SetVariable requests without EvseId." (the absent instance
   * answers UnknownComponent).
   */
  displays: 'per-evse' | 'shared';
  /** EVSE ids, for 'per-evse'. */
  evseIds: number[];
  /** The limits the station display lets the driver choose (URLParameters). Empty or absent: the variable is left out ("When absent, none of these are supported"). */
  urlParameters?: UrlLimitParameter[];
}

/** One case-insensitive regex alternative for a word: "ab" -> "[aA][bB]". */
function anyCase(word: string): string {
  return [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
}

/**
 * The URLTemplate pattern the device model checks on every SetVariables: "" (not configured), or
 * an http(s) URL whose placeholders are known, with {totp} among them and limits only where
 * URLParameters lists them. checkWebPaymentsValue gives the precise message.
 */
export function urlTemplatePattern(urlParameters: readonly string[]): string {
  const allowedLimits = new Set(urlParameters.map((p) => p.toLowerCase()));
  const names = URL_PLACEHOLDERS.filter((p) => !(URL_LIMIT_PARAMETERS as readonly string[]).includes(p.toLowerCase()) || allowedLimits.has(p.toLowerCase()));
  return `^$|^(?=[^]*\\{${anyCase('totp')}\\})${anyCase('http')}[sS]?://(?:[^{}]|\\{(?:${names.map(anyCase).join('|')})\\})*$`;
}

/** The variables of one instance. */
function instance(component: ComponentRef, urlParameters: readonly string[]): VariableDefinition[] {
  const rw = { component, mutability: 'ReadWrite', persistent: true } as const;
  const defs: VariableDefinition[] = [
    { ...rw, variable: { name: 'Enabled' }, dataType: 'boolean', default: 'true', description: 'Codes are generated when Enabled, URLTemplate and SharedSecret are set.' },
    {
      ...rw,
      variable: { name: 'URLTemplate' },
      dataType: 'string',
      maxLimit: 512,
      default: '',
      pattern: urlTemplatePattern(urlParameters),
      patternHint: `an http(s) URL with {totp} and only the placeholders ${URL_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}; limits only as listed in URLParameters`,
      description: 'The payment URL; "" = not configured.',
    },
  ];
  if (urlParameters.length > 0) {
    defs.push({
      component,
      variable: { name: 'URLParameters' },
      dataType: 'MemberList',
      valuesList: [...URL_LIMIT_PARAMETERS],
      default: urlParameters.join(','),
      mutability: 'ReadOnly',
      persistent: true,
      constant: true,
      description: 'The limit placeholders the station display can fill in.',
    });
  }
  defs.push(
    { ...rw, variable: { name: 'TOTPVersion' }, dataType: 'OptionList', valuesList: [...TOTP_VERSIONS], default: 'v1' },
    { ...rw, variable: { name: 'ChargingStationId' }, dataType: 'string', maxLimit: 48, description: 'Unset: SecurityCtrlr.Identity.' },
    { ...rw, variable: { name: 'RoamingCSId' }, dataType: 'string', maxLimit: 48, description: 'ISO 15118-like, e.g. DE*GEF*S12345678.' },
    { ...rw, variable: { name: 'RoamingEvseId' }, dataType: 'string', maxLimit: 48, description: 'ISO 15118, e.g. DE*GEF*E12345678*1.' },
    { ...rw, variable: { name: 'ValidityTime' }, dataType: 'integer', unit: 's', minLimit: MIN_VALIDITY_S, maxLimit: MAX_VALIDITY_S, default: '30' },
    {
      component,
      variable: { name: 'SharedSecret' },
      dataType: 'string',
      minLimit: MIN_SHARED_SECRET_LENGTH,
      maxLimit: 255,
      pattern: '^\\S*$',
      patternHint: 'no whitespace',
      mutability: 'WriteOnly',
      persistent: true,
      description: 'Set to a random value on first boot; never returned by GetVariables, a report, the CLI or the logs.',
    },
    { ...rw, variable: { name: 'Length' }, dataType: 'integer', minLimit: MIN_TOTP_LENGTH, maxLimit: MAX_TOTP_LENGTH, default: '12' },
    { ...rw, variable: { name: 'HashAlgorithm' }, dataType: 'OptionList', valuesList: WEB_PAYMENT_HASH_ALGORITHMS, default: 'HMACSHA256' },
    {
      ...rw,
      variable: { name: 'Encoding' },
      dataType: 'string',
      minLimit: 4,
      maxLimit: 255,
      default: BASE62_ALPHABET,
      // No whitespace, no character twice.
      pattern: '^(?![^]*([^])[^]*\\1)\\S*$',
      patternHint: 'the TOTP alphabet: at least 4 characters, none twice, no whitespace',
      description: 'The TOTP alphabet (v1 only).',
    },
    { ...rw, variable: { name: 'QRCodeQuality' }, dataType: 'OptionList', valuesList: QR_CODE_QUALITIES, default: 'Medium' },
  );
  return defs;
}

/** The WebPaymentsCtrlr definitions to register() in the device model. */
export function webPaymentsCatalog(o: WebPaymentsCatalogOptions): VariableDefinition[] {
  const params = o.urlParameters ?? [];
  if (o.displays === 'shared') return instance({ name: WEB_PAYMENTS_CTRLR }, params);
  if (o.evseIds.length === 0) throw new RangeError('evseIds must list at least one EVSE for one WebPaymentsCtrlr per EVSE');
  return o.evseIds.flatMap((id) => instance({ name: WEB_PAYMENTS_CTRLR, evse: { id } }, params));
}

/** `n` unbiased Base62 characters from `randomBytes` (rejection sampling: bytes >= 248 are skipped). */
export function randomBase62(n: number, randomBytes: (size: number) => Buffer = cryptoRandomBytes): string {
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b >= 248) continue;
      out += BASE62_ALPHABET[b % 62];
      if (out.length === n) break;
    }
  }
  return out;
}

/**
 * First boot: gives every WebPaymentsCtrlr instance without a stored SharedSecret a random one
 * (32 Base62 characters), stored through the device model's persistence. The secret is never
 * logged. Returns the variable keys that got a new secret. Throws when one cannot be stored.
 */
export function ensureSharedSecret(
  dm: DeviceModel,
  randomBytes: (size: number) => Buffer = cryptoRandomBytes,
  logger: Logger = pino({ level: 'silent' }),
): string[] {
  const created: string[] = [];
  for (const def of dm.definitions()) {
    if (def.component.name.toLowerCase() !== WEB_PAYMENTS_CTRLR.toLowerCase() || def.variable.name.toLowerCase() !== 'sharedsecret') continue;
    if (dm.str(def.component, def.variable) !== '') continue;
    const result = dm.set(def.component, def.variable, randomBase62(GENERATED_SECRET_LENGTH, randomBytes));
    const where = def.component.evse ? `WebPaymentsCtrlr of EVSE ${def.component.evse.id}` : 'WebPaymentsCtrlr';
    if (result.status !== 'Accepted') {
      throw new Error(`cannot store a new SharedSecret for ${where}: ${result.reason?.additionalInfo ?? result.status}`);
    }
    logger.info({ component: where }, 'generated a new web-payment shared secret');
    created.push(def.component.evse ? `WebPaymentsCtrlr@${def.component.evse.id}.SharedSecret` : 'WebPaymentsCtrlr.SharedSecret');
  }
  return created;
}
