// RFC 6238 TOTP (decimal digits, dynamic truncation) via otplib, for backends that validate classic TOTP instead of OCPP v1.

import { totp } from 'otplib';
import { MAX_VALIDITY_S, MIN_VALIDITY_S, matchTotp, normalizeSecret, type TotpMatch, type TotpResult } from './totp-v1.js';

/** HMAC hashes RFC 6238 names (otplib supports exactly these). */
export const RFC6238_HASHES = ['sha1', 'sha256', 'sha512'] as const;
export type Rfc6238Hash = (typeof RFC6238_HASHES)[number];

/**
 * How the shared secret becomes the HMAC key:
 * - 'utf8': the UTF-8 bytes of the trimmed secret, exactly as in v1 (the same WebPaymentsCtrlr.SharedSecret text);
 * - 'base32': the secret is RFC 4648 base32 (as authenticator apps and most TOTP libraries store it), decoded to bytes.
 */
export type SecretEncoding = 'utf8' | 'base32';

/** RFC 4226 §5.3: at least 6 digits; 8 is the most RFC 6238's reference code produces. */
export const MIN_RFC6238_DIGITS = 6;
export const MAX_RFC6238_DIGITS = 8;

export interface Rfc6238Options {
  secret: string;
  /** The time, ms since the Unix epoch (>= 0). T0 is 0. */
  unixMs: number;
  /** The time step X, seconds, integer 6..3600 (WebPaymentsCtrlr.ValidityTime). */
  validityS: number;
  /** Digits per password, 6..8 (WebPaymentsCtrlr.Length). */
  length: number;
  /** Default sha1, RFC 6238's default. */
  hash?: Rfc6238Hash;
  /** Default 'utf8'. */
  secretEncoding?: SecretEncoding;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (case-insensitive, padding and spaces ignored) to bytes; throws a RangeError naming `secret`. */
export function decodeBase32(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  if (clean === '') throw new RangeError('secret must not be empty');
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const c of clean) {
    const v = BASE32.indexOf(c);
    if (v < 0) throw new RangeError('secret is not base32 (RFC 4648: A-Z and 2-7)');
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer ${min}..${max}, got ${String(value)}`);
  }
}

/**
 * The previous, current and next RFC 6238 passwords. The key is the secret's bytes as they are
 * (see SecretEncoding): otplib's own key derivation, which repeats a short secret up to 20/32/64
 * bytes, is replaced, so the result matches plain-HMAC implementations for every secret length.
 * Throws a RangeError naming the parameter.
 */
export function totpRfc6238(o: Rfc6238Options): TotpResult {
  if (!Number.isFinite(o.unixMs) || o.unixMs < 0) throw new RangeError(`unixMs must be a non-negative time in ms, got ${String(o.unixMs)}`);
  requireInteger('validityS', o.validityS, MIN_VALIDITY_S, MAX_VALIDITY_S);
  requireInteger('length', o.length, MIN_RFC6238_DIGITS, MAX_RFC6238_DIGITS);
  const hash = o.hash ?? 'sha1';
  if (!(RFC6238_HASHES as readonly string[]).includes(hash)) throw new RangeError(`hash must be one of ${RFC6238_HASHES.join(', ')}, got "${String(hash)}"`);
  const encoding = o.secretEncoding ?? 'utf8';
  const key = encoding === 'base32' ? decodeBase32(o.secret) : Buffer.from(normalizeSecret(o.secret), 'utf8');
  const seconds = Math.floor(o.unixMs / 1000);
  const slot = Math.floor(seconds / o.validityS);
  // RFC 6238's counter is unsigned and has no step before T0: the first step has no previous password.
  if (slot < 1) throw new RangeError(`unixMs must be at least one time step (${o.validityS} s) after the epoch`);
  const at = (s: number): string =>
    totp
      .clone({
        algorithm: hash as never,
        digits: o.length,
        step: o.validityS,
        epoch: s * o.validityS * 1000,
        encoding: 'hex' as never,
        createHmacKey: (_algorithm: unknown, secret: string) => secret,
      })
      .generate(key.toString('hex'));
  return {
    previous: at(slot - 1),
    current: at(slot),
    next: at(slot + 1),
    remainingS: o.validityS - (seconds % o.validityS),
    slot,
    validUntilMs: (slot + 1) * o.validityS * 1000,
  };
}

/** A backend's check in RFC 6238 mode: the current, previous or next password (a ±1 step window). */
export function validateRfc6238(candidate: string, o: Rfc6238Options): TotpMatch | undefined {
  return matchTotp(candidate, totpRfc6238(o));
}
