// OCPP 2.1 TOTP v1: every public vector (fixtures/totp-v1-vectors.json, CC BY-SA 4.0), the token format's anchor values, validation.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE62_ALPHABET, parseTotpV1Hash, totpV1, validateTotp, type TotpV1Hash } from '../../../agent/core/payments/totp-v1.js';

interface Vector {
  id: string;
  input: { sharedSecret: string; unixTimestampMillis: number; validityTimeSeconds?: number; totpLength?: number; alphabet?: string; hashAlgorithm?: string };
  expected: { previous: string; current: string; next: string; remainingTimeSeconds: number };
}

const file = JSON.parse(readFileSync(new URL('./fixtures/totp-v1-vectors.json', import.meta.url), 'utf8')) as { source: string; vectors: Vector[] };

const SECRET = 'secure!Charging!';
const TS1 = 1718611200000;
const TS2 = 1716423785000;

describe('TOTP v1 public vectors', () => {
  it('the fixture is the CC BY-SA 4.0 subset with its source note', () => {
    expect(file.source).toMatch(/CC BY-SA 4\.0/);
    expect(file.vectors.length).toBeGreaterThanOrEqual(6);
  });

  for (const v of file.vectors) {
    it(`vector ${v.id}`, () => {
      const r = totpV1({
        secret: v.input.sharedSecret,
        unixMs: v.input.unixTimestampMillis,
        // Absent: the token format's defaults (validity 30 s, length 12).
        validityS: v.input.validityTimeSeconds ?? 30,
        length: v.input.totpLength ?? 12,
        ...(v.input.alphabet !== undefined && { alphabet: v.input.alphabet }),
        ...(v.input.hashAlgorithm !== undefined && { hash: v.input.hashAlgorithm as TotpV1Hash }),
      });
      expect({ previous: r.previous, current: r.current, next: r.next, remainingTimeSeconds: r.remainingS }).toEqual(v.expected);
    });
  }
});

describe('TOTP v1 anchor values of the token format (OpenChargingTechnology/Whitepapers generate-test-vectors.py)', () => {
  const cases: Array<[string, Partial<Parameters<typeof totpV1>[0]>, [string, string, string, number]]> = [
    ['length 23', { unixMs: TS2, length: 23 }, ['MdPU0jCm5tXzkaPrPj61KwI', 'CN63y502maVhAsv27Sd7JlE', 'dI54vnA25m2hWW3bUcdY13q', 25]],
    ['sha384', { unixMs: TS2, hash: 'sha384' }, ['0SbZV69lSa4W', 'jAzmwLzuPuUb', 'mqtkOMRrX1aS', 25]],
    ['sha512', { unixMs: TS2, hash: 'sha512' }, ['wjmTW4LVTdwv', 'yBhTTbXO2ILd', 'MHMqTXE1oVf9', 25]],
    ['epoch: the previous slot wraps to 2^64 - 1', { unixMs: 0 }, ['SzcwtcR5qcY7', 'u5CoKdo5HUS1', 'tVGiyLys7Y1V', 30]],
  ];
  for (const [name, o, [previous, current, next, remainingS]] of cases) {
    it(name, () => {
      const r = totpV1({ secret: SECRET, unixMs: TS2, validityS: 30, length: 12, ...o });
      expect([r.previous, r.current, r.next, r.remainingS]).toEqual([previous, current, next, remainingS]);
    });
  }

  it('the hash is a ring buffer: a 64-character SHA-256 password repeats its first 32 characters', () => {
    expect(totpV1({ secret: SECRET, unixMs: TS1, validityS: 30, length: 64 }).current).toBe('akF3c7qY2uiuO4rpyU0SC0W8VFE6nvxz'.repeat(2));
  });

  it('six decimal digits', () => {
    expect(totpV1({ secret: SECRET, unixMs: TS1, validityS: 30, length: 6, alphabet: '0123456789' }).current).toBe('441749');
  });

  it('the secret is trimmed; milliseconds are floored', () => {
    const a = totpV1({ secret: `  ${SECRET} `, unixMs: TS2 + 999, validityS: 30, length: 12 });
    expect(a.current).toBe('CN63y502maVh');
    expect(a.remainingS).toBe(25);
  });
});

describe('TOTP v1 slot arithmetic', () => {
  it('slot = floor(unix s / validity); validUntilMs is the next boundary on the clock', () => {
    const r = totpV1({ secret: SECRET, unixMs: TS2, validityS: 30, length: 8 });
    expect(r.slot).toBe(Math.floor(TS2 / 1000 / 30));
    expect(r.validUntilMs).toBe((r.slot + 1) * 30_000);
    expect(r.validUntilMs - TS2).toBe(25_000);
  });

  it('the next password of one slot is the current password of the next slot', () => {
    const a = totpV1({ secret: SECRET, unixMs: TS2, validityS: 30, length: 12 });
    const b = totpV1({ secret: SECRET, unixMs: a.validUntilMs, validityS: 30, length: 12 });
    expect(b.current).toBe(a.next);
    expect(b.previous).toBe(a.current);
    expect(b.remainingS).toBe(30);
  });
});

describe('TOTP v1 parameter validation', () => {
  const base = { secret: SECRET, unixMs: TS2, validityS: 30, length: 12 };
  it.each([
    [{ validityS: 5 }, /validityS must be an integer 6\.\.3600, got 5/],
    [{ validityS: 3601 }, /validityS .*got 3601/],
    [{ validityS: 30.5 }, /validityS/],
    [{ length: 5 }, /length must be an integer 6\.\.255, got 5/],
    [{ length: 256 }, /length/],
    [{ alphabet: 'abc' }, /alphabet must have at least 4 characters/],
    [{ alphabet: 'abcdeff' }, /alphabet must not contain duplicate characters \("f" repeats\)/],
    [{ alphabet: 'ab cdef' }, /alphabet must not contain whitespace/],
    [{ alphabet: '   ' }, /alphabet must not be empty/],
    [{ secret: '   ' }, /secret must not be empty/],
    [{ secret: 'secure Charging!' }, /secret must not contain whitespace/],
    [{ unixMs: -1000 }, /unixMs/],
    [{ hash: 'sha1' as TotpV1Hash }, /hash must be one of sha256, sha384, sha512/],
  ])('%o is rejected with a RangeError naming the parameter', (o, message) => {
    expect(() => totpV1({ ...base, ...o })).toThrow(RangeError);
    expect(() => totpV1({ ...base, ...o })).toThrow(message);
  });

  it('an error about the secret never shows it', () => {
    expect(() => totpV1({ ...base, secret: 'top secret value' })).toThrow(/^secret must not contain whitespace$/);
  });

  it('hash names: canonical, whitepaper (HMACSHA256) and separator variants', () => {
    expect(parseTotpV1Hash('HMACSHA256')).toBe('sha256');
    expect(parseTotpV1Hash('SHA-384')).toBe('sha384');
    expect(parseTotpV1Hash('hmac_sha512')).toBe('sha512');
    expect(() => parseTotpV1Hash('md5')).toThrow(/hash must be one of/);
  });

  it('the default alphabet is Base62 in the order 0-9, a-z, A-Z', () => {
    expect(BASE62_ALPHABET).toHaveLength(62);
    expect(totpV1({ ...base, alphabet: BASE62_ALPHABET }).current).toBe(totpV1(base).current);
  });
});

describe('validateTotp (the backend check: current, else previous or next)', () => {
  const o = { secret: SECRET, unixMs: TS2, validityS: 30, length: 12 };
  it('accepts the current, previous and next password and names which one matched', () => {
    expect(validateTotp('CN63y502maVh', o)).toBe('current');
    expect(validateTotp('MdPU0jCm5tXz', o)).toBe('previous');
    expect(validateTotp('dI54vnA25m2h', o)).toBe('next');
  });

  it('rejects a password two slots old, a truncated one and one from another secret', () => {
    const old = totpV1({ ...o, unixMs: TS2 - 60_000 }).current;
    expect(validateTotp(old, o)).toBeUndefined();
    expect(validateTotp('CN63y502maV', o)).toBeUndefined();
    expect(validateTotp(totpV1({ ...o, secret: 'another!Secret!123' }).current, o)).toBeUndefined();
  });
});
