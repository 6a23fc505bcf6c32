// loadConfig(path): reads and validates the agent's JSON config file; throws one ConfigError listing every problem.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readDisplay, readTariff } from './read-display-tariff.js';
import { ConfigError } from './config-errors.js';
import type { AgentConfig } from './config-types.js';
import { checkConflicts, type DeviceClaim } from './device-conflicts.js';
import { Problems, Section } from './field-reader.js';
import { readBuses } from './read-buses.js';
import { readEvses } from './read-evses.js';
import { readCsms, readLog, readOcppDefaults, readStation, readTransactions } from './read-station.js';

const TOP_KEYS = ['$schema', 'station', 'csms', 'dataDir', 'log', 'buses', 'evses', 'transactions', 'ocppDefaults', 'display', 'tariff'];

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** JSON.parse with the error turned into "line L column C: <reason>". */
export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /at position (\d+)/.exec(message);
    let where = '';
    if (/line \d+ column \d+/.test(message)) where = '';
    else if (pos) {
      const { line, column } = lineColumn(text, Number(pos[1]));
      where = `line ${line} column ${column}: `;
    } else if (/Unexpected end of JSON input/.test(message)) {
      const { line, column } = lineColumn(text, text.length);
      where = `line ${line} column ${column}: `;
    }
    throw new ConfigError(file, [{ path: '', message: `not valid JSON: ${where}${message}` }]);
  }
}

/** Validates an already parsed config; `file` names it in errors and anchors relative paths. */
export function resolveConfig(raw: unknown, file: string): AgentConfig {
  const abs = resolve(file);
  const configDir = dirname(abs);
  const problems = new Problems();
  const root = Section.of(problems, '', raw, 'a JSON object with "station", "csms", "buses" and "evses"');
  if (!root) throw new ConfigError(abs, problems.list);
  root.allow(TOP_KEYS);

  const stationS = root.section('station');
  const station = stationS && readStation(stationS);
  const csmsS = root.section('csms');
  const csms = csmsS && readCsms(csmsS, configDir);
  const dataDirName = root.str('dataDir', { default: './data', maxLen: 4096 });
  const log = readLog(root.section('log', { optional: true }));
  const busesS = root.section('buses', { optional: true });
  const buses = busesS ? readBuses(busesS) : {};
  const claims: DeviceClaim[] = [];
  const evses = readEvses(root, { buses, declaredBuses: busesS ? Object.keys(busesS.obj) : [], configDir, claims });
  checkConflicts(claims, problems);
  const transactions = readTransactions(root.section('transactions', { optional: true }));
  const ocppDefaults = readOcppDefaults(root.section('ocppDefaults', { optional: true }));
  const display = readDisplay(root.section('display', { optional: true }), configDir);
  const tariff = readTariff(root.section('tariff', { optional: true }));

  if (problems.list.length || !station || !csms || dataDirName === undefined || !log || !evses || !transactions || !ocppDefaults) {
    if (!problems.list.length) problems.add('', 'the config is incomplete');
    throw new ConfigError(abs, problems.list);
  }
  return { file: abs, station, csms, dataDir: resolve(configDir, dataDirName), log, buses, evses, transactions, ocppDefaults, display, ...(tariff ? { tariff } : {}) };
}

/** Loads the config file at `path`. Throws ConfigError (unreadable file, bad JSON, or every invalid key). */
export function loadConfig(path: string): AgentConfig {
  const abs = resolve(path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new ConfigError(abs, [{ path: '', message: `cannot read the config file: ${why}` }]);
  }
  return resolveConfig(parseJson(abs, text.replace(/^\uFEFF/, '')), abs);
}
