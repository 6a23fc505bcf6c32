// Reads the station, csms, log, transactions and ocppDefaults sections of the config file.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { IDENTITY_PATTERN, PASSWORD_PATTERN } from '../core/device-model/core-catalog.js';
import { parseVariableKey } from '../core/device-model/variable-key.js';
import { show } from './config-errors.js';
import {
  LOG_LEVELS,
  OCPP_VERSIONS,
  type CsmsConfig,
  type LogLevel,
  type OcppVersion,
  type SecurityProfile,
  type StationConfig,
  type TlsConfig,
} from './config-types.js';
import { Section, isObject, joinPath } from './field-reader.js';
import { closest } from '../shared/suggest.js';

const IDENTITY = new RegExp(IDENTITY_PATTERN);
const PASSWORD = new RegExp(PASSWORD_PATTERN);
const PASSWORD_HINT = 'letters, digits and * - _ = : + | @ .';

export function readStation(s: Section): StationConfig | undefined {
  s.allow(['id', 'vendor', 'model', 'serialNumber', 'firmwareVersion']);
  const id = s.str('id', { maxLen: 48, pattern: IDENTITY, patternHint: 'letters, digits and * - _ = + | @ . ; no ":"' });
  const vendor = s.str('vendor', { maxLen: 50, default: 'charger-agent' });
  const model = s.str('model', { maxLen: 20 });
  const serialNumber = s.str('serialNumber', { maxLen: 25, optional: true });
  const firmwareVersion = s.str('firmwareVersion', { maxLen: 50, optional: true });
  if (id === undefined || vendor === undefined || model === undefined) return undefined;
  return { id, vendor, model, ...(serialNumber !== undefined && { serialNumber }), ...(firmwareVersion !== undefined && { firmwareVersion }) };
}

function readVersions(s: Section): OcppVersion[] | undefined {
  const fallback: OcppVersion[] = ['ocpp2.1', 'ocpp2.0.1'];
  if (!s.has('versions')) return fallback;
  const list = s.array('versions', `OCPP versions (${OCPP_VERSIONS.join(', ')})`, { nonEmpty: true });
  if (!list) return undefined;
  const out: OcppVersion[] = [];
  let ok = true;
  list.forEach((v, i) => {
    const path = joinPath(s.at('versions'), i);
    if (!OCPP_VERSIONS.includes(v as OcppVersion)) {
      const guess = typeof v === 'string' ? closest(v, OCPP_VERSIONS) : undefined;
      s.problems.expected(path, v, `one of ${OCPP_VERSIONS.map((x) => `"${x}"`).join(', ')}${guess ? ` (did you mean "${guess}"?)` : ''}`);
      ok = false;
    } else if (out.includes(v as OcppVersion)) {
      s.problems.add(path, `"${String(v)}" is listed twice`);
      ok = false;
    } else {
      out.push(v as OcppVersion);
    }
  });
  return ok ? out : undefined;
}

function readTls(s: Section, profile: SecurityProfile, baseDir: string): TlsConfig | undefined {
  const t = s.section('tls', { optional: profile < 2 });
  if (!t) return undefined;
  t.allow(['ca', 'cert', 'key']);
  const file = (key: string, required: boolean): string | undefined => {
    const name = t.str(key, { optional: !required });
    if (name === undefined) return undefined;
    const abs = resolve(baseDir, name);
    if (!existsSync(abs)) {
      t.problems.add(t.at(key), `file ${abs} does not exist`);
      return undefined;
    }
    return abs;
  };
  const caFile = file('ca', true);
  const certFile = file('cert', profile === 3);
  const keyFile = file('key', profile === 3);
  if (caFile === undefined) return undefined;
  return { caFile, ...(certFile && { certFile }), ...(keyFile && { keyFile }) };
}

export function readCsms(s: Section, baseDir: string): CsmsConfig | undefined {
  s.allow(['url', 'versions', 'securityProfile', 'basicAuthPassword', 'pingIntervalSec', 'tls']);
  const url = s.str('url', { maxLen: 512 });
  const versions = readVersions(s);
  const profile = s.oneOf<SecurityProfile>('securityProfile', [0, 1, 2, 3], { default: 0 });
  const password = s.secret('basicAuthPassword', 16, 40, PASSWORD, PASSWORD_HINT);
  const pingIntervalSec = s.int('pingIntervalSec', 0, 3600, { default: 30 });
  if (profile === undefined) return undefined;
  const tls = readTls(s, profile, baseDir);

  let urlOk = url !== undefined;
  if (url !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      s.problems.expected(s.at('url'), url, 'a WebSocket URL like "ws://host:9000/ocpp"');
      urlOk = false;
    }
    if (parsed) {
      const want = profile >= 2 ? 'wss:' : 'ws:';
      if (parsed.protocol !== want) {
        s.problems.expected(
          s.at('url'),
          url,
          `a ${want}// URL for security profile ${profile}` + (profile < 2 ? ' (TLS, wss://, is security profile 2 or 3)' : ''),
        );
        urlOk = false;
      }
    }
  }
  if ((profile === 1 || profile === 2) && !s.has('basicAuthPassword')) {
    s.problems.expected(s.at('basicAuthPassword'), undefined, `a password of 16..40 characters (security profile ${profile} uses basic authentication)`);
  }
  if (profile === 0 && s.has('basicAuthPassword')) {
    s.problems.add(s.at('basicAuthPassword'), 'security profile 0 sends no password; set "securityProfile": 1 or remove the password');
  }
  if (profile < 2 && s.has('tls')) {
    s.problems.add(s.at('tls'), `security profile ${profile} does not use TLS; TLS settings need profile 2 or 3`);
  }
  if (!urlOk || versions === undefined || pingIntervalSec === undefined) return undefined;
  if ((profile === 1 || profile === 2) && password === undefined) return undefined;
  if (profile >= 2 && tls === undefined) return undefined;
  return {
    url: url as string,
    versions,
    securityProfile: profile,
    ...(password !== undefined && profile !== 3 && { basicAuthPassword: password }),
    pingIntervalSec,
    ...(tls && { tls }),
  };
}

export function readLog(s: Section | undefined): { level: LogLevel } | undefined {
  if (!s) return { level: 'info' };
  s.allow(['level']);
  const level = s.oneOf('level', LOG_LEVELS, { default: 'info' });
  return level === undefined ? undefined : { level };
}

export function readTransactions(s: Section | undefined): { onPowerLoss: 'end' | 'resume' } | undefined {
  if (!s) return { onPowerLoss: 'end' };
  s.allow(['onPowerLoss']);
  const onPowerLoss = s.oneOf('onPowerLoss', ['end', 'resume'] as const, { default: 'end' });
  return onPowerLoss === undefined ? undefined : { onPowerLoss };
}

/** Checks the key syntax and value types; whether each variable exists is checked against the device model. */
export function readOcppDefaults(s: Section | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (!s) return out;
  let ok = true;
  for (const [key, value] of Object.entries(s.obj)) {
    const path = `${s.path}["${key}"]`;
    try {
      parseVariableKey(key);
    } catch (err) {
      s.problems.add(path, (err as Error).message);
      ok = false;
      continue;
    }
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[key] = String(value);
    else if (typeof value === 'boolean') out[key] = value ? 'true' : 'false';
    else if (Array.isArray(value) && value.every((x) => typeof x === 'string')) out[key] = value.join(',');
    else {
      s.problems.add(path, `got ${isObject(value) ? 'an object' : show(value)}, expected a string, number, boolean or list of strings`);
      ok = false;
    }
  }
  return ok ? out : undefined;
}
