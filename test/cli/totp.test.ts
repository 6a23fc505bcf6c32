// `charger-agent totp`: previous/current/next and seconds left for a public vector, JSON, --check, rfc6238, and clear usage errors.

import { afterEach, describe, expect, it } from 'vitest';
import { parseAt, totpCommand } from '../../agent/cli/commands/totp.js';
import { UsageError } from '../../agent/cli/context.js';
import { Capture } from './cli-harness.js';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await totpCommand.run(argv, { stdout, stderr, signal: new AbortController().signal, prog: 'charger-agent totp' });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const SECRET = 'secure!Charging!';

afterEach(() => {
  delete process.env.TOTP_TEST_SECRET;
});

describe('charger-agent totp', () => {
  it('prints the vector "ocpp-v1-length-8": previous, current, next and the seconds left, never the secret', async () => {
    const r = await run(['--secret', SECRET, '--at', '2024-05-23T00:23:05Z', '--validity', '30', '--length', '8']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^previous\s+MdPU0jCm$/m);
    expect(r.stdout).toMatch(/^current\s+CN63y502$/m);
    expect(r.stdout).toMatch(/^next\s+dI54vnA2$/m);
    expect(r.stdout).toMatch(/^seconds left\s+25 \(until 2024-05-23T00:23:30\.000Z\)$/m);
    expect(r.stdout).toMatch(/^mode\s+v1 \(HMAC-SHA256, 62-character alphabet\)$/m);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stderr).toMatch(/fewer than 17 characters/);
  });

  it('--json, unix seconds and milliseconds for --at, the default length 12 (vector "defaults-slot-boundary")', async () => {
    for (const at of ['1718611200', '1718611200000', '2024-06-17T08:00:00Z']) {
      const r = await run(['--secret', SECRET, '--at', at, '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        mode: 'v1',
        at: '2024-06-17T08:00:00.000Z',
        slot: 57287040,
        validityS: 30,
        length: 12,
        previous: 'QT1cCdKsIb9e',
        current: 'akF3c7qY2uiu',
        next: '1U70OgaBA48M',
        remainingS: 30,
        validUntil: '2024-06-17T08:00:30.000Z',
      });
    }
  });

  it('--alphabet and --hash (vector "alphabet-decimal"; the sha512 anchor)', async () => {
    const dec = await run(['--secret', SECRET, '--at', '1716423785', '--alphabet', '0123456789', '--json']);
    expect(JSON.parse(dec.stdout)).toMatchObject({ previous: '233045043555', current: '894361286613', next: '545817627227' });
    const sha = await run(['--secret', SECRET, '--at', '1716423785', '--hash', 'HMACSHA512', '--json']);
    expect(JSON.parse(sha.stdout)).toMatchObject({ current: 'yBhTTbXO2ILd' });
  });

  it('--check says which password a token matches, as a validator would; exit 1 when none', async () => {
    const ok = await run(['--secret', SECRET, '--at', '1716423785', '--check', 'MdPU0jCm5tXz']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^check\s+accepted \(matches the previous password\)$/m);
    const bad = await run(['--secret', SECRET, '--at', '1716423785', '--check', 'nope', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).check).toEqual({ accepted: false });
  });

  it('--secret-env reads the secret from the environment', async () => {
    process.env.TOTP_TEST_SECRET = SECRET;
    const r = await run(['--secret-env', 'TOTP_TEST_SECRET', '--at', '1716423785', '--length', '8', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ current: 'CN63y502' });
    await expect(run(['--secret-env', 'NO_SUCH_VARIABLE_X', '--at', '1716423785'])).rejects.toThrow(/environment variable NO_SUCH_VARIABLE_X is not set/);
  });

  it('--mode rfc6238: RFC 6238 appendix B (SHA-1, T=59) and a base32 secret', async () => {
    const r = await run(['--mode', 'rfc6238', '--secret', '12345678901234567890', '--at', '59', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'rfc6238', current: '94287082', length: 8 });
    const b = await run(['--mode', 'rfc6238', '--secret-encoding', 'base32', '--secret', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '--at', '1111111109', '--hash', 'SHA1']);
    expect(b.stdout).toMatch(/^current\s+07081804$/m);
    expect(b.stdout).toMatch(/^mode\s+rfc6238 \(HMAC-SHA1, 8 digits, base32 secret\)$/m);
  });

  it.each([
    [['--at', '1716423785'], /no secret, expected --secret S or --secret-env NAME/],
    [['--secret', SECRET, '--validity', '5'], /--validity: got "5", expected an integer 6\.\.3600/],
    [['--secret', SECRET, '--length', '5'], /--length: got "5", expected an integer 6\.\.255/],
    [['--secret', SECRET, '--mode', 'rfc6238', '--length', '12'], /--length: got "12", expected an integer 6\.\.8/],
    [['--secret', SECRET, '--alphabet', 'aab1'], /--alphabet: alphabet must not contain duplicate characters/],
    [['--secret', SECRET, '--hash', 'md5'], /--hash: hash must be one of sha256, sha384, sha512/],
    [['--secret', SECRET, '--at', 'yesterday'], /--at: got "yesterday", expected an ISO 8601 time/],
    [['--secret', SECRET, '--mode', 'hotp'], /--mode: got "hotp", expected one of v1, rfc6238/],
    [['--secret', SECRET, '--mode', 'rfc6238', '--alphabet', 'abcd'], /--alphabet: given with --mode rfc6238/],
    [['--secret', SECRET, '--secret-encoding', 'base32'], /--secret-encoding: given with --mode v1/],
    [['--secret', 'a b c d'], /--secret: secret must not contain whitespace/],
    [['--secret', SECRET, '--frobnicate'], /unknown option --frobnicate/],
  ])('%j is a usage error: %s', async (argv, message) => {
    const p = run(argv);
    await expect(p).rejects.toThrow(UsageError);
    await expect(p).rejects.toThrow(message);
  });

  it('--help prints the usage', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: charger-agent totp/);
  });

  it('parseAt: ISO 8601, Unix seconds, Unix milliseconds (above 10^11)', () => {
    expect(parseAt('2024-05-23T00:23:05Z')).toBe(1716423785000);
    expect(parseAt('1716423785')).toBe(1716423785000);
    expect(parseAt('1716423785123')).toBe(1716423785123);
    expect(() => parseAt('-5')).toThrow(UsageError);
  });
});
