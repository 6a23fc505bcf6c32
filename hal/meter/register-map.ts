// Meter register maps: the JSON file format, its validation (errors name file, entry and field), loading.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { REGISTERS_OF, type DataType, type WordOrder } from './datatypes.js';

/** What a map can hold. Units are in the name; `scale` converts the device's unit into it. */
export const MEASURANDS = [
  'energyImportWh',
  'energyExportWh',
  'powerW',
  'frequencyHz',
  'voltageL1V',
  'voltageL2V',
  'voltageL3V',
  'currentL1A',
  'currentL2A',
  'currentL3A',
  'powerL1W',
  'powerL2W',
  'powerL3W',
] as const;
export type Measurand = (typeof MEASURANDS)[number];
const REQUIRED: readonly Measurand[] = ['energyImportWh', 'powerW'];

export interface MapEntry {
  measurand: Measurand;
  /** 3 = holding registers, 4 = input registers. */
  function: 3 | 4;
  /** Protocol address (0-based, as on the wire; "30073" in a datasheet is address 72 = 0x48). */
  address: number;
  type: DataType;
  wordOrder: WordOrder;
  /** Multiplier from the device's value to the measurand's unit (kWh -> Wh is 1000). */
  scale: number;
  /** Raw register contents (hex, most significant byte first) the device uses for "not available". */
  invalid: string[];
}

export interface MeterMap {
  model: string;
  description: string;
  source: string;
  entries: MapEntry[];
}

export class MapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MapError';
  }
}

const DATA_TYPES = Object.keys(REGISTERS_OF) as DataType[];
const WORD_ORDERS: WordOrder[] = ['high-first', 'low-first'];
const ENTRY_FIELDS = ['address', 'function', 'type', 'wordOrder', 'scale', 'invalid'];

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

function parseAddress(v: unknown, where: string): number {
  const n = typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffff) {
    throw new MapError(`${where}.address: got ${show(v)}, expected an integer 0..65535 or a hex string like "0x0048"`);
  }
  return n;
}

function pick<T>(v: unknown, allowed: readonly T[], where: string, field: string): T {
  if (!allowed.includes(v as T)) throw new MapError(`${where}.${field}: got ${show(v)}, expected one of ${allowed.map(show).join(', ')}`);
  return v as T;
}

/** Validates a parsed map file. `file` names it in errors. */
export function parseMeterMap(raw: unknown, file: string): MeterMap {
  if (!isObject(raw)) throw new MapError(`${file}: expected a JSON object`);
  for (const key of ['model', 'description', 'source']) {
    if (typeof raw[key] !== 'string' || raw[key] === '') throw new MapError(`${file}: "${key}" must be a non-empty string, got ${show(raw[key])}`);
  }
  const defaults = raw.defaults === undefined ? {} : raw.defaults;
  if (!isObject(defaults)) throw new MapError(`${file}: "defaults" must be an object, got ${show(raw.defaults)}`);
  for (const key of Object.keys(defaults)) {
    if (!ENTRY_FIELDS.includes(key) || key === 'address') throw new MapError(`${file}: defaults.${key} is not a known field (expected function, type, wordOrder, scale, invalid)`);
  }
  if (!isObject(raw.measurands)) throw new MapError(`${file}: "measurands" must be an object of measurand -> register entry`);
  const entries: MapEntry[] = [];
  for (const [name, value] of Object.entries(raw.measurands)) {
    const where = `${file}: measurands.${name}`;
    if (!(MEASURANDS as readonly string[]).includes(name)) {
      throw new MapError(`${where}: unknown measurand, expected one of ${MEASURANDS.join(', ')}`);
    }
    if (!isObject(value)) throw new MapError(`${where}: expected an object with at least "address"`);
    for (const key of Object.keys(value)) {
      if (!ENTRY_FIELDS.includes(key)) throw new MapError(`${where}.${key}: unknown field, expected one of ${ENTRY_FIELDS.join(', ')}`);
    }
    const merged = { ...defaults, ...value };
    const scale = merged.scale ?? 1;
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale === 0) {
      throw new MapError(`${where}.scale: got ${show(scale)}, expected a non-zero number`);
    }
    const invalid = merged.invalid ?? [];
    if (!Array.isArray(invalid) || !invalid.every((s) => typeof s === 'string' && /^0x[0-9a-f]+$/i.test(s))) {
      throw new MapError(`${where}.invalid: got ${show(invalid)}, expected an array of hex strings like "0xffffffff"`);
    }
    entries.push({
      measurand: name as Measurand,
      address: parseAddress(merged.address, where),
      function: pick(merged.function ?? 4, [3, 4] as const, where, 'function'),
      type: pick(merged.type, DATA_TYPES, where, 'type'),
      wordOrder: pick(merged.wordOrder ?? 'high-first', WORD_ORDERS, where, 'wordOrder'),
      scale,
      invalid: invalid.map((s: string) => s.toLowerCase()),
    });
  }
  for (const need of REQUIRED) {
    if (!entries.some((e) => e.measurand === need)) throw new MapError(`${file}: measurands.${need} is required`);
  }
  return { model: raw.model as string, description: raw.description as string, source: raw.source as string, entries };
}

export function builtinMapDir(): string {
  return join(packageRoot(), 'hal', 'meter', 'maps');
}

/** Loads a built-in map by model name ("sdm630") or a map file by path. */
export function loadMeterMap(nameOrPath: string): MeterMap {
  const builtin = join(builtinMapDir(), `${nameOrPath}.json`);
  const file = /^[a-z0-9-]+$/i.test(nameOrPath) && existsSync(builtin) ? builtin : nameOrPath;
  if (!existsSync(file)) {
    throw new MapError(`meter map "${nameOrPath}" is neither a built-in model (${listBuiltinMaps().join(', ')}) nor a file`);
  }
  let raw: unknown;
  const text = readFileSync(file, 'utf8');
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new MapError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate) throw new MapError(`${file}: ${duplicate} appears more than once (JSON would silently keep only the last)`);
  return parseMeterMap(raw, file);
}

/** The dotted path of the first key repeated within one object of valid JSON `text` (JSON.parse keeps only the last). */
function firstDuplicateKey(text: string): string | undefined {
  const stack: { keys: Set<string> | undefined; path: string; lastKey: string }[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const top = stack[stack.length - 1];
    if (ch === '{' || ch === '[') {
      const path = top?.keys ? (top.path ? `${top.path}.${top.lastKey}` : top.lastKey) : (top?.path ?? '');
      stack.push({ keys: ch === '{' ? new Set() : undefined, path, lastKey: '' });
      expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      expectKey = top?.keys !== undefined;
    } else if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return top.path ? `${top.path}.${key}` : key;
        top.keys.add(key);
        top.lastKey = key;
        expectKey = false;
      }
      i = j;
    }
  }
  return undefined;
}

export function listBuiltinMaps(): string[] {
  return readdirSync(builtinMapDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}
