// Reads the "buses" section: named Modbus TCP endpoints and RS-485 serial lines, into hal TransportSpecs.

import { transportKey, type TransportSpec } from '../../hal/device-spec.js';
import type { Parity } from '../../hal/modbus/rtu-timing.js';
import { Section } from './field-reader.js';

const COMMON_KEYS = ['timeoutMs', 'retries'];
const TCP_KEYS = ['tcp', ...COMMON_KEYS];
const RTU_KEYS = ['rtu', 'baud', 'parity', 'stopBits', 'dataBits', ...COMMON_KEYS];
export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
const BUS_NAME = /^[A-Za-z0-9_-]{1,32}$/;

function parseHostPort(text: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port };
}

function readBus(s: Section): TransportSpec | undefined {
  const isTcp = s.has('tcp');
  const isRtu = s.has('rtu');
  if (isTcp && isRtu) {
    s.problems.add(s.path, 'a bus is either "tcp" or "rtu", not both');
    return undefined;
  }
  if (!isTcp && !isRtu) {
    s.problems.expected(s.path, s.obj, '{"tcp": "host:port"} or {"rtu": "/dev/ttyUSB0", "baud": 9600, "parity": "none", "stopBits": 1}');
    return undefined;
  }
  if (isTcp) {
    for (const key of Object.keys(s.obj)) {
      if (RTU_KEYS.includes(key) && !TCP_KEYS.includes(key)) s.problems.add(s.at(key), `"${key}" applies to RTU (serial) buses only; this bus is "tcp"`);
    }
    s.allow([...TCP_KEYS, ...RTU_KEYS.filter((k) => !TCP_KEYS.includes(k))]);
  } else {
    s.allow(RTU_KEYS);
  }
  const timeoutMs = s.int('timeoutMs', 10, 60_000, { optional: true });
  const retries = s.int('retries', 0, 10, { optional: true });
  const timing = { ...(timeoutMs !== undefined && { timeoutMs }), ...(retries !== undefined && { retries }) };

  if (isTcp) {
    const text = s.str('tcp');
    if (text === undefined) return undefined;
    const hp = parseHostPort(text);
    if (!hp) {
      s.problems.expected(s.at('tcp'), text, '"host:port" with a port 1..65535, e.g. "192.168.1.50:502"');
      return undefined;
    }
    return { kind: 'tcp', ...hp, ...timing };
  }
  const path = s.str('rtu', { maxLen: 256 });
  const baudRate = s.oneOf<number>('baud', BAUD_RATES, { default: 9600 });
  const parity = s.oneOf<Parity>('parity', ['none', 'even', 'odd'], { default: 'none' });
  const stopBits = s.oneOf<1 | 2>('stopBits', [1, 2], { default: 1 });
  s.oneOf<number>('dataBits', [8], { optional: true });
  if (path === undefined || baudRate === undefined || parity === undefined || stopBits === undefined) return undefined;
  return { kind: 'rtu', path, baudRate, parity, stopBits, ...timing };
}

export function readBuses(s: Section): Record<string, TransportSpec> {
  const buses: Record<string, TransportSpec> = {};
  const seen = new Map<string, string>();
  for (const name of Object.keys(s.obj)) {
    if (!BUS_NAME.test(name)) s.problems.add(s.at(name), 'a bus name is 1..32 letters, digits, "-" or "_"');
    const b = Section.of(s.problems, s.at(name), s.obj[name]);
    const spec = b && readBus(b);
    if (!spec) continue;
    const key = transportKey(spec);
    const other = seen.get(key);
    if (other !== undefined) {
      s.problems.add(s.at(name), `uses the same ${spec.kind === 'tcp' ? 'endpoint' : 'serial port'} as bus "${other}" (${key}); declare it once and refer to it from both devices`);
      continue;
    }
    seen.set(key, name);
    buses[name] = spec;
  }
  return buses;
}
