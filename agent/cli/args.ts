// Command-line parsing: node:util parseArgs with one-line errors, value checks, and device addressing -> TransportSpec.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { TransportSpec } from '../../hal/device-spec.js';
import type { Parity } from '../../hal/modbus/rtu-timing.js';
import { UsageError } from './context.js';

/** Hints for options whose value is missing: option name (without dashes) -> what is expected. */
export type ValueHints = Record<string, string>;

/**
 * parseArgs in strict mode, its errors rewritten as UsageErrors that name the option and what was
 * expected (node's own messages suggest "--" tricks a technician does not need).
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, hints: ValueHints = {}): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ strict: true, ...config, args: joinNegativeValues(config) });
  } catch (err) {
    throw translateParseError(err, config, hints);
  }
}

/**
 * `--coil -1`: parseArgs would take "-1" for an option and report the value missing. A negative
 * number after a string option is joined to it (`--coil=-1`), so the value check names it.
 */
function joinNegativeValues(config: ParseArgsConfig): string[] | undefined {
  const args = config.args;
  if (!args) return undefined;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const option = arg.startsWith('--') ? config.options?.[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function translateParseError(err: unknown, config: ParseArgsConfig, hints: ValueHints): Error {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const option = /'(--?[\w-]+)/.exec(message)?.[1];
  const known = Object.keys(config.options ?? {})
    .map((o) => `--${o}`)
    .join(', ');
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option ?? message}, expected one of ${known}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (message.includes('does not take an argument')) return new UsageError(`${option} takes no value`);
      const name = option?.replace(/^-+/, '') ?? '';
      return new UsageError(`${option}: missing value, expected ${hints[name] ?? 'a value after it'}`);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /argument '([^']*)'/.exec(message)?.[1] ?? message;
      return new UsageError(`unexpected argument "${arg}"`);
    }
    default:
      return new UsageError(message);
  }
}

const show = (v: string) => JSON.stringify(v);

/** An integer option within [min, max]. */
export function parseInteger(option: string, value: string, min: number, max: number): number {
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${option}: got ${show(value)}, expected an integer ${min}..${max}`);
  }
  return n;
}

/** A finite number option within [min, max]. */
export function parseNumber(option: string, value: string, min: number, max: number, unit = ''): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${option}: got ${show(value)}, expected a number ${min}..${max}${unit ? ' ' + unit : ''}`);
  }
  return n;
}

export function parseChoice<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${option}: got ${show(value)}, expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Options that say where a Modbus device is: --tcp HOST:PORT or --rtu DEVICE with its line settings. */
export const TRANSPORT_OPTIONS = {
  tcp: { type: 'string' },
  rtu: { type: 'string' },
  baud: { type: 'string' },
  parity: { type: 'string' },
  'stop-bits': { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
} as const;

export const TRANSPORT_HINTS: ValueHints = {
  tcp: 'HOST:PORT, e.g. 192.168.1.20:502',
  rtu: 'a serial device, e.g. /dev/ttyUSB0',
  baud: 'a baud rate, e.g. 9600',
  parity: 'none, even or odd',
  'stop-bits': '1 or 2',
  timeout: 'a reply timeout in ms, e.g. 500',
  retries: 'a number of retries, e.g. 2',
  unit: 'a Modbus unit id 1..247',
};

export const TRANSPORT_HELP = `Device address (one of):
  --tcp HOST:PORT        Modbus TCP device or gateway, e.g. 192.168.1.20:502
  --rtu DEVICE           Modbus RTU on a serial port / RS-485 adapter, e.g. /dev/ttyUSB0
    --baud N             baud rate (default 9600)
    --parity P           none | even | odd (default none)
    --stop-bits N        1 | 2 (default 1)
  --timeout MS           reply timeout per attempt (default 500)
  --retries N            further attempts after a timeout or corrupt reply (default 2)`;

export interface TransportValues {
  tcp?: string | undefined;
  rtu?: string | undefined;
  baud?: string | undefined;
  parity?: string | undefined;
  'stop-bits'?: string | undefined;
  timeout?: string | undefined;
  retries?: string | undefined;
}

const PARITIES: readonly Parity[] = ['none', 'even', 'odd'];

/** HOST:PORT, with [v6-address]:PORT accepted. */
function parseHostPort(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:\s[\]]+)):(\d+)$/.exec(value.trim());
  const host = m?.[1] ?? m?.[2];
  const port = m ? Number(m[3]) : NaN;
  if (!host || !(port >= 1 && port <= 65535)) {
    throw new UsageError(`--tcp: got ${show(value)}, expected HOST:PORT with a port 1..65535, e.g. 192.168.1.20:502`);
  }
  return { host, port };
}

export function parseTransport(v: TransportValues): TransportSpec {
  if (v.tcp !== undefined && v.rtu !== undefined) {
    throw new UsageError(`--tcp ${show(v.tcp)} and --rtu ${show(v.rtu)} given, expected only one device address`);
  }
  const timing: { timeoutMs?: number; retries?: number } = {};
  if (v.timeout !== undefined) timing.timeoutMs = parseInteger('timeout', v.timeout, 10, 60_000);
  if (v.retries !== undefined) timing.retries = parseInteger('retries', v.retries, 0, 10);
  if (v.tcp !== undefined) {
    for (const serialOnly of ['baud', 'parity', 'stop-bits'] as const) {
      if (v[serialOnly] !== undefined) throw new UsageError(`--${serialOnly}: given ${show(v[serialOnly])} with --tcp, expected it only with --rtu`);
    }
    return { kind: 'tcp', ...parseHostPort(v.tcp), ...timing };
  }
  if (v.rtu !== undefined) {
    if (v.rtu.trim() === '') throw new UsageError(`--rtu: got "", expected a serial device, e.g. /dev/ttyUSB0`);
    return {
      kind: 'rtu',
      path: v.rtu,
      baudRate: v.baud === undefined ? 9600 : parseInteger('baud', v.baud, 300, 4_000_000),
      parity: v.parity === undefined ? 'none' : parseChoice('parity', v.parity, PARITIES),
      stopBits: v['stop-bits'] === undefined ? 1 : (Number(parseChoice('stop-bits', v['stop-bits'], ['1', '2'])) as 1 | 2),
      ...timing,
    };
  }
  throw new UsageError('no device address, expected --tcp HOST:PORT or --rtu DEVICE');
}

/** The Modbus unit id: 1..247 on a serial line; 0..255 over TCP (gateways and TCP-native devices use 0 or 255). */
export function parseUnit(value: string | undefined, transport: TransportSpec, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError('--unit is required, expected a Modbus unit id 1..247');
  }
  return transport.kind === 'rtu' ? parseInteger('unit', value, 1, 247) : parseInteger('unit', value, 0, 255);
}
