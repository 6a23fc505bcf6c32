// RFC 6238 mode via otplib: the RFC's appendix B vectors (SHA-1/256/512, 8 digits), base32 secrets, validation.

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase32, totpRfc6238, validateRfc6238, type Rfc6238Hash } from '../../../agent/core/payments/totp-rfc6238.js';

/** RFC 6238 appendix B: the seeds are these ASCII strings (20, 32 and 64 bytes). */
const SEEDS: Record<Rfc6238Hash, string> = {
  sha1: '12345678901234567890',
  sha256: '12345678901234567890123456789012',
  sha512: '1234567890123456789012345678901234567890123456789012345678901234',
};

/** RFC 6238 appendix B table: time (s), then the SHA-1, SHA-256, SHA-512 passwords (8 digits, step 30). */
const TABLE: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('RFC 6238 appendix B test vectors', () => {
  for (const [t, sha1, sha256, sha512] of TABLE) {
    for (const [hash, expected] of [['sha1', sha1], ['sha256', sha256], ['sha512', sha512]] as const) {
      it(`T=${t} ${hash} -> ${expected}`, () => {
        expect(totpRfc6238({ secret: SEEDS[hash], unixMs: t * 1000, validityS: 30, length: 8, hash }).current).toBe(expected);
      });
    }
  }
});

describe('RFC 6238 mode', () => {
  it('previous/next are the neighbouring steps; remaining time and the boundary follow the clock', () => {
    const r = totpRfc6238({ secret: SEEDS.sha1, unixMs: 1111111111_000, validityS: 30, length: 8 });
    expect(r.previous).toBe('07081804'); // T=1111111109 is in the step before (1111111110 is a boundary)
    expect(r.current).toBe('14050471');
    expect(r.remainingS).toBe(29);
    expect(r.validUntilMs).toBe(1111111140_000);
    expect(totpRfc6238({ secret: SEEDS.sha1, unixMs: r.validUntilMs, validityS: 30, length: 8 }).current).toBe(r.next);
  });

  it('the key is the secret as given, not padded to the seed length (a plain HMAC-SHA256 with a 20-byte key)', () => {
    const secret = SEEDS.sha1;
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(Math.floor(59 / 30)));
    const d = createHmac('sha256', Buffer.from(secret)).update(counter).digest();
    const o = d[d.length - 1]! & 0x0f;
    const code = ((d.readUInt32BE(o) & 0x7fffffff) % 1e8).toString().padStart(8, '0');
    expect(totpRfc6238({ secret, unixMs: 59_000, validityS: 30, length: 8, hash: 'sha256' }).current).toBe(code);
  });

  it('a base32 secret is decoded (RFC 4648): "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" is the SHA-1 seed', () => {
    expect(decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString()).toBe(SEEDS.sha1);
    expect(totpRfc6238({ secret: 'gezdgnbvgy3tqojqgezdgnbvgy3tqojq', secretEncoding: 'base32', unixMs: 59_000, validityS: 30, length: 8 }).current).toBe('94287082');
    expect(() => decodeBase32('NOT*BASE32')).toThrow(/secret is not base32/);
  });

  it('validateRfc6238 accepts the ±1 step window only', () => {
    const o = { secret: SEEDS.sha1, unixMs: 1111111111_000, validityS: 30, length: 8 };
    expect(validateRfc6238('14050471', o)).toBe('current');
    expect(validateRfc6238('07081804', o)).toBe('previous');
    expect(validateRfc6238('89005924', o)).toBeUndefined();
  });

  it.each([
    [{ length: 9 }, /length must be an integer 6\.\.8/],
    [{ length: 5 }, /length/],
    [{ validityS: 5 }, /validityS must be an integer 6\.\.3600/],
    [{ hash: 'sha384' as Rfc6238Hash }, /hash must be one of sha1, sha256, sha512/],
    [{ unixMs: 10_000 }, /at least one time step/],
  ])('%o is rejected with a RangeError naming the parameter', (o, message) => {
    expect(() => totpRfc6238({ secret: SEEDS.sha1, unixMs: 59_000, validityS: 30, length: 8, ...o })).toThrow(message);
  });
});
