// OCPP 2.1 "TOTP algorithm, version 1" (the Open Charging Technology TOTP token format): previous/current/next tokens and validation.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** The Base62 default alphabet, in exactly this order (token format §3). */
export const BASE62_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Hash algorithms of the v1 format (canonical lowercase names, token format §3). SHA-1 and MD5 are not part of it. */
export const TOTP_V1_HASHES = ['sha256', 'sha384', 'sha512'] as const;
export type TotpV1Hash = (typeof TOTP_V1_HASHES)[number];

/** OCPP WebPaymentsCtrlr.ValidityTime range, seconds. */
export const MIN_VALIDITY_S = 6;
export const MAX_VALIDITY_S = 3600;
/** OCPP WebPaymentsCtrlr.Length minimum; the token format's maximum. */
export const MIN_TOTP_LENGTH = 6;
export const MAX_TOTP_LENGTH = 255;
/** The token format's smallest alphabet. */
export const MIN_ALPHABET_LENGTH = 4;

export interface TotpV1Options {
  /** The shared secret; trimmed, then its UTF-8 bytes key the HMAC. Must not be empty or contain whitespace. */
  secret: string;
  /** The time, ms since the Unix epoch (>= 0); floored to whole seconds. */
  unixMs: number;
  /** Validity of one password, seconds, integer 6..3600 (WebPaymentsCtrlr.ValidityTime). */
  validityS: number;
  /** Characters per password, integer 6..255 (WebPaymentsCtrlr.Length). */
  length: number;
  /** Output alphabet (WebPaymentsCtrlr.Encoding); trimmed; >= 4 characters, no duplicates, no whitespace. Default Base62. */
  alphabet?: string;
  /** HMAC hash (WebPaymentsCtrlr.HashAlgorithm). Default sha256, which is OCPP 2.1 v1. */
  hash?: TotpV1Hash;
}

export interface TotpResult {
  /** Password of the slot before the current one. */
  previous: string;
  current: string;
  /** Password of the slot after the current one. */
  next: string;
  /** Whole seconds until the current password stops being current: validity − (t mod validity); equals the validity on a boundary. */
  remainingS: number;
  /** floor(unix seconds / validity). */
  slot: number;
  /** When the current slot ends (the next boundary), ms since the epoch: (slot + 1) · validity · 1000. */
  validUntilMs: number;
}

const MASK64 = (1n << 64n) - 1n;

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer ${min}..${max}, got ${String(value)}`);
  }
}

/** The trimmed secret; throws a RangeError naming `secret` (never showing it). */
export function normalizeSecret(secret: string): string {
  const s = secret.trim();
  if (s === '') throw new RangeError('secret must not be empty');
  if (/\s/.test(s)) throw new RangeError('secret must not contain whitespace');
  return s;
}

/** The trimmed alphabet; throws a RangeError naming `alphabet` when it is too short, repeats a character or has whitespace. */
export function normalizeAlphabet(alphabet: string | undefined): string {
  if (alphabet === undefined) return BASE62_ALPHABET;
  const a = alphabet.trim();
  if (a === '') throw new RangeError('alphabet must not be empty');
  if (a.length < MIN_ALPHABET_LENGTH) throw new RangeError(`alphabet must have at least ${MIN_ALPHABET_LENGTH} characters, got ${a.length}`);
  const seen = new Set<string>();
  for (const c of a) {
    if (seen.has(c)) throw new RangeError(`alphabet must not contain duplicate characters ("${c}" repeats)`);
    seen.add(c);
  }
  if (/\s/.test(a)) throw new RangeError('alphabet must not contain whitespace');
  if (/[\uD800-\uDFFF]/.test(a)) throw new RangeError('alphabet must contain only Basic Multilingual Plane characters');
  return a;
}

/**
 * Parses a hash algorithm name, accepting the canonical names and the usual variants:
 * "sha256", "SHA-256", "HMACSHA256" (the whitepaper's WebPaymentsCtrlr.HashAlgorithm values), "HMAC_SHA512".
 * Throws a RangeError naming `hash`.
 */
export function parseTotpV1Hash(name: string): TotpV1Hash {
  const n = name.trim().toLowerCase().replace(/[-_\s]/g, '').replace(/^hmac/, '');
  const found = TOTP_V1_HASHES.find((h) => h === n);
  if (!found) throw new RangeError(`hash must be one of ${TOTP_V1_HASHES.join(', ')} (or HMACSHA256, SHA-384…), got "${name}"`);
  return found;
}

/** The password of one slot (token format §4.2): HMAC over the 8-byte big-endian slot, bytes from offset = last byte & 0x0F. */
export function totpV1Token(key: Buffer, slot: bigint, length: number, alphabet: string, hash: TotpV1Hash): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(slot & MASK64);
  const digest = createHmac(hash, key).update(message).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[digest[(offset + i) % digest.length]! % alphabet.length];
  return out;
}

interface Prepared {
  key: Buffer;
  seconds: number;
  validityS: number;
  length: number;
  alphabet: string;
  hash: TotpV1Hash;
}

function prepare(o: TotpV1Options): Prepared {
  if (!Number.isFinite(o.unixMs) || o.unixMs < 0) throw new RangeError(`unixMs must be a non-negative time in ms, got ${String(o.unixMs)}`);
  requireInteger('validityS', o.validityS, MIN_VALIDITY_S, MAX_VALIDITY_S);
  requireInteger('length', o.length, MIN_TOTP_LENGTH, MAX_TOTP_LENGTH);
  const hash = o.hash ?? 'sha256';
  if (!(TOTP_V1_HASHES as readonly string[]).includes(hash)) throw new RangeError(`hash must be one of ${TOTP_V1_HASHES.join(', ')}, got "${String(hash)}"`);
  return {
    key: Buffer.from(normalizeSecret(o.secret), 'utf8'),
    seconds: Math.floor(o.unixMs / 1000),
    validityS: o.validityS,
    length: o.length,
    alphabet: normalizeAlphabet(o.alphabet),
    hash,
  };
}

/**
 * The previous, current and next v1 passwords at `unixMs`. Throws a RangeError naming the
 * parameter for a validity outside 6..3600 s, a length outside 6..255, a bad alphabet or secret.
 */
export function totpV1(o: TotpV1Options): TotpResult {
  const p = prepare(o);
  const slot = Math.floor(p.seconds / p.validityS);
  const s = BigInt(slot);
  return {
    // Unsigned 64-bit arithmetic: the slot before slot 0 is 2^64 − 1 (token format §4.4).
    previous: totpV1Token(p.key, s - 1n, p.length, p.alphabet, p.hash),
    current: totpV1Token(p.key, s, p.length, p.alphabet, p.hash),
    next: totpV1Token(p.key, s + 1n, p.length, p.alphabet, p.hash),
    remainingS: p.validityS - (p.seconds % p.validityS),
    slot,
    validUntilMs: (slot + 1) * p.validityS * 1000,
  };
}

/** Which password a candidate matched: the one of the current slot, or of the slot before or after. */
export type TotpMatch = 'current' | 'previous' | 'next';

/** Compares in constant time (for equal lengths). */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks a candidate against the current, previous and next password, in that order (what a backend does). */
export function matchTotp(candidate: string, r: Pick<TotpResult, 'previous' | 'current' | 'next'>): TotpMatch | undefined {
  // Every comparison runs, so the time taken does not say which one matched.
  const current = sameToken(candidate, r.current);
  const previous = sameToken(candidate, r.previous);
  const next = sameToken(candidate, r.next);
  return current ? 'current' : previous ? 'previous' : next ? 'next' : undefined;
}

/**
 * A backend's check (whitepaper "Time-Based One-Time Password Algorithm"): the password in the URL
 * is valid when it equals the one for the current interval, or else for the previous or the next.
 * Returns which one matched, or undefined. Throws like totpV1 for bad parameters.
 */
export function validateTotp(candidate: string, o: TotpV1Options): TotpMatch | undefined {
  return matchTotp(candidate, totpV1(o));
}
