// Finds devices that claim the same Modbus unit or the same coil/input/register on one bus in conflicting roles.

import { transportKey, type TransportSpec } from '../../hal/device-spec.js';
import type { Problems } from './field-reader.js';

export type ModbusTable = 'coils' | 'discreteInputs' | 'inputRegisters' | 'holdingRegisters';

/** What one configured device uses on a bus: a whole unit (a meter) or one address in one table. */
export interface DeviceClaim {
  transport: TransportSpec;
  busName: string;
  unit: number;
  /** Key path of the device in the file, e.g. `evses[1].contactor`. */
  path: string;
  /** For messages: "the contactor coil of EVSE 2". */
  what: string;
  /** True for a device that owns its unit alone (an energy meter). */
  whole?: boolean;
  table?: ModbusTable;
  address?: number;
}

const TABLE_NAME: Record<ModbusTable, string> = {
  coils: 'coil',
  discreteInputs: 'discrete input',
  inputRegisters: 'input register',
  holdingRegisters: 'holding register',
};

/**
 * A meter shares its unit with nothing else. Other devices may share a unit (a relay module
 * with several coils and inputs) but never one address in one table.
 */
export function checkConflicts(claims: DeviceClaim[], problems: Problems): void {
  const byUnit = new Map<string, DeviceClaim[]>();
  for (const c of claims) {
    const key = `${transportKey(c.transport)}#${c.unit}`;
    byUnit.set(key, [...(byUnit.get(key) ?? []), c]);
  }
  for (const group of byUnit.values()) {
    const reported = new Set<string>();
    for (let i = 0; i < group.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = group[j] as DeviceClaim;
        const b = group[i] as DeviceClaim;
        const where = `unit ${b.unit} on bus "${b.busName}"`;
        let message: string | undefined;
        if ((a.whole || b.whole) && a.path !== b.path) {
          message = `${where} is ${a.what} (${a.path}) and also ${b.what}; a meter needs a unit of its own`;
        } else if (!a.whole && !b.whole && a.table === b.table && a.address === b.address) {
          message = `${TABLE_NAME[b.table as ModbusTable]} ${b.address} of ${where} is ${a.what} (${a.path}) and also ${b.what}`;
        }
        if (message && !reported.has(b.path + a.path)) {
          reported.add(b.path + a.path);
          problems.add(b.path, message);
        }
      }
    }
  }
}
