// `charger-agent totp`: the previous, current and next payment-QR password for a secret and time, for checking a CSMS validator.

import { totpRfc6238, RFC6238_HASHES, type Rfc6238Hash, type SecretEncoding } from '../../core/payments/totp-rfc6238.js';
import { matchTotp, parseTotpV1Hash, totpV1, BASE62_ALPHABET, type TotpResult } from '../../core/payments/totp-v1.js';
import { parseChoice, parseCommandLine, parseInteger } from '../args.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type Command } from '../context.js';

const HELP = `Usage: charger-agent totp (--secret S | --secret-env NAME) [--at TIME] [options]

Prints the previous, current and next one-time password of the secure dynamic
payment QR code (OCPP 2.1 WebPaymentsCtrlr) and the seconds the current one is
still valid, so a CSMS or payment backend developer can check their validator.
The secret itself is never printed.

Options:
  --secret S             the shared secret (WebPaymentsCtrlr.SharedSecret)
  --secret-env NAME      read the secret from environment variable NAME instead
                         (keeps it out of the shell history)
  --at TIME              ISO 8601 (2024-05-23T00:23:05Z) or Unix time in seconds
                         or milliseconds (a number above 10^11 is taken as ms);
                         default: now
  --validity S           ValidityTime, seconds 6..3600 (default 30)
  --length N             Length: characters 6..255 for v1, digits 6..8 for rfc6238
                         (default 12 for v1, 8 for rfc6238)
  --alphabet CHARS       v1 alphabet (default Base62: 0-9 a-z A-Z)
  --hash H               v1: sha256 | sha384 | sha512 (default sha256, also HMACSHA256…);
                         rfc6238: sha1 | sha256 | sha512 (default sha1)
  --mode M               v1 (OCPP 2.1 TOTP version 1, default) | rfc6238
  --secret-encoding E    rfc6238 only: utf8 (default) | base32
  --check TOKEN          also say whether TOKEN is accepted (current, previous
                         or next slot), as a backend would; exit 1 if not
  --json                 print JSON

Examples:
  charger-agent totp --secret 'secure!Charging!' --at 2024-05-23T00:23:05Z --validity 30 --length 8
  charger-agent totp --secret-env QR_SECRET --check CN63y502
  charger-agent totp --mode rfc6238 --secret-encoding base32 --secret JBSWY3DPEHPK3PXP --length 6
`;

/** ISO 8601, or Unix seconds / ms (digits only; above 10^11 = ms), to ms since the epoch. */
export function parseAt(value: string): number {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    return n > 1e11 ? Math.floor(n) : Math.floor(n * 1000);
  }
  const ms = /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms) || ms < 0) {
    throw new UsageError(`--at: got ${JSON.stringify(value)}, expected an ISO 8601 time like 2024-05-23T00:23:05Z or Unix seconds/milliseconds`);
  }
  return ms;
}

/** The option a RangeError from the TOTP functions is about. */
function optionOf(message: string): string {
  if (message.startsWith('secret')) return 'secret';
  if (message.startsWith('alphabet')) return 'alphabet';
  if (message.startsWith('hash')) return 'hash';
  if (message.startsWith('length')) return 'length';
  if (message.startsWith('validityS')) return 'validity';
  return 'at';
}

export const totpCommand: Command = {
  name: 'totp',
  summary: 'print the previous/current/next payment-QR password for a secret and time (to check a CSMS validator)',
  help: HELP,
  async run(argv, ctx) {
    const { values } = parseCommandLine(
      {
        args: argv,
        options: {
          secret: { type: 'string' },
          'secret-env': { type: 'string' },
          at: { type: 'string' },
          validity: { type: 'string' },
          length: { type: 'string' },
          alphabet: { type: 'string' },
          hash: { type: 'string' },
          mode: { type: 'string' },
          'secret-encoding': { type: 'string' },
          check: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      },
      {
        secret: 'the shared secret',
        'secret-env': 'an environment variable name, e.g. QR_SECRET',
        at: 'a time, e.g. 2024-05-23T00:23:05Z or 1716423785',
        validity: 'a validity in seconds 6..3600, e.g. 30',
        length: 'a password length, e.g. 12',
        alphabet: 'the characters to use, e.g. 0123456789',
        hash: 'sha256, sha384 or sha512 (rfc6238: sha1, sha256, sha512)',
        mode: 'v1 or rfc6238',
        'secret-encoding': 'utf8 or base32',
        check: 'a password to check',
      },
    );
    if (values.help) {
      ctx.stdout.write(HELP);
      return EXIT_OK;
    }
    const mode = values.mode === undefined ? 'v1' : parseChoice('mode', values.mode, ['v1', 'rfc6238'] as const);
    if (values.secret !== undefined && values['secret-env'] !== undefined) throw new UsageError('--secret and --secret-env given, expected only one');
    let secret = values.secret;
    if (values['secret-env'] !== undefined) {
      secret = process.env[values['secret-env']];
      if (secret === undefined) throw new UsageError(`--secret-env: environment variable ${values['secret-env']} is not set`);
    }
    if (secret === undefined) throw new UsageError('no secret, expected --secret S or --secret-env NAME');
    const unixMs = values.at === undefined ? Date.now() : parseAt(values.at);
    const validityS = values.validity === undefined ? 30 : parseInteger('validity', values.validity, 6, 3600);
    if (mode === 'rfc6238' && values.alphabet !== undefined) throw new UsageError('--alphabet: given with --mode rfc6238, expected it only with --mode v1 (rfc6238 gives digits)');
    if (mode === 'v1' && values['secret-encoding'] !== undefined) throw new UsageError('--secret-encoding: given with --mode v1, expected it only with --mode rfc6238 (v1 keys the HMAC with the UTF-8 secret)');
    const length =
      values.length === undefined ? (mode === 'v1' ? 12 : 8) : mode === 'v1' ? parseInteger('length', values.length, 6, 255) : parseInteger('length', values.length, 6, 8);

    let result: TotpResult;
    let description: string;
    try {
      if (mode === 'v1') {
        const hash = values.hash === undefined ? 'sha256' : parseTotpV1Hash(values.hash);
        const alphabet = values.alphabet ?? BASE62_ALPHABET;
        result = totpV1({ secret, unixMs, validityS, length, alphabet, hash });
        description = `v1 (HMAC-${hash.toUpperCase()}, ${alphabet.trim().length}-character alphabet)`;
      } else {
        const hash = values.hash === undefined ? 'sha1' : parseChoice('hash', values.hash.toLowerCase().replace(/[-_]/g, '').replace(/^hmac/, ''), RFC6238_HASHES);
        const secretEncoding: SecretEncoding =
          values['secret-encoding'] === undefined ? 'utf8' : parseChoice('secret-encoding', values['secret-encoding'], ['utf8', 'base32'] as const);
        result = totpRfc6238({ secret, unixMs, validityS, length, hash: hash as Rfc6238Hash, secretEncoding });
        description = `rfc6238 (HMAC-${hash.toUpperCase()}, ${length} digits, ${secretEncoding} secret)`;
      }
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(`--${optionOf(err.message)}: ${err.message}`);
      throw err;
    }
    const match = values.check === undefined ? undefined : matchTotp(values.check, result);
    const at = new Date(unixMs).toISOString();
    if (values.json) {
      ctx.stdout.write(
        `${JSON.stringify({
          mode,
          at,
          slot: result.slot,
          validityS,
          length,
          previous: result.previous,
          current: result.current,
          next: result.next,
          remainingS: result.remainingS,
          validUntil: new Date(result.validUntilMs).toISOString(),
          ...(values.check !== undefined && { check: { accepted: match !== undefined, ...(match && { matched: match }) } }),
        })}\n`,
      );
    } else {
      ctx.stdout.write(
        `mode          ${description}\n` +
          `time          ${at} (slot ${result.slot}, validity ${validityS} s)\n` +
          `previous      ${result.previous}\n` +
          `current       ${result.current}\n` +
          `next          ${result.next}\n` +
          `seconds left  ${result.remainingS} (until ${new Date(result.validUntilMs).toISOString()})\n`,
      );
      if (values.check !== undefined) {
        ctx.stdout.write(match ? `check         accepted (matches the ${match} password)\n` : 'check         rejected (matches none of previous, current, next)\n');
      }
    }
    if (secret.trim().length < 17) ctx.stderr.write('warning: the secret has fewer than 17 characters; WebPaymentsCtrlr.SharedSecret must be longer than 16\n');
    return match === undefined && values.check !== undefined ? EXIT_FAILURE : EXIT_OK;
  },
};
