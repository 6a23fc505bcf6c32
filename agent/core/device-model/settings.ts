// Typed reads of device-model variables by key: the value when set and well-formed, else the catalog's default (no second default here).

import { DeviceModelError, type DeviceModel } from './device-model.js';
import { parseVariableKey } from './variable-key.js';

/** Reads and writes device-model variables by key, falling back to the definition's default. */
export interface Settings {
  /** The Actual value, or undefined when unset, empty, unknown or unreadable (WriteOnly). */
  raw(key: string): string | undefined;
  /** The value, else the catalog's default. */
  str(key: string): string;
  int(key: string): number;
  bool(key: string): boolean;
  /** A comma-separated list, trimmed, empty items dropped. */
  list(key: string): string[];
  write(key: string, value: string): void;
}

/** Settings over a device model; a key whose value and default are both missing or malformed is a programming error. */
export function settingsOf(dm: DeviceModel): Settings {
  const raw = (key: string): string | undefined => {
    const { component, variable } = parseVariableKey(key);
    const r = dm.get(component, variable);
    return r.status === 'Accepted' && r.value !== '' ? r.value : undefined;
  };
  const catalogDefault = (key: string): string => {
    const { component, variable } = parseVariableKey(key);
    const d = dm.definition(component, variable)?.default;
    if (d === undefined) throw new DeviceModelError(`${key}: no value and no default in the catalog`);
    return d;
  };
  const int = (v: string | undefined): number => (v === undefined || v.trim() === '' ? NaN : Number(v));
  const bool = (v: string | undefined): boolean | undefined => {
    const s = v?.toLowerCase();
    return s === 'true' ? true : s === 'false' ? false : undefined;
  };
  const list = (v: string): string[] =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  return {
    raw,
    str: (key) => raw(key) ?? catalogDefault(key),
    int: (key) => {
      const n = int(raw(key));
      if (Number.isFinite(n)) return n;
      const d = int(catalogDefault(key));
      if (!Number.isFinite(d)) throw new DeviceModelError(`${key}: the catalog's default is not an integer`);
      return d;
    },
    bool: (key) => {
      const b = bool(raw(key)) ?? bool(catalogDefault(key));
      if (b === undefined) throw new DeviceModelError(`${key}: the catalog's default is not a boolean`);
      return b;
    },
    list: (key) => list(raw(key) ?? catalogDefault(key)),
    write: (key, value) => {
      const { component, variable } = parseVariableKey(key);
      dm.set(component, variable, value);
    },
  };
}
