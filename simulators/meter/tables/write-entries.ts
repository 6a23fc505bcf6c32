// Shared part of the simulator's meter tables: a model is a list of register entries, written into a RegisterBank.

import {
  float32Words,
  int16Word,
  int32Words,
  int64Words,
  uint16Word,
  uint32Words,
  uint64Words,
} from '../../modbus/encode.js';
import type { RegisterBank } from '../../modbus/register-bank.js';
import type { PhaseState, SimMeterState, SimMeterTable } from '../meter-state.js';

export type RegisterType = 'float32' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'uint64' | 'int64';

/** The two register tables a meter reads measurements from: FC 04 (input) or FC 03 (holding). */
export type WordTable = 'inputRegisters' | 'holdingRegisters';

/** One datasheet row: where a quantity lives, how it is encoded, and where its value comes from. */
export interface RegisterEntry {
  /** Address as sent on the wire (the PDU address: Eastron's 30001 is 0x0000). */
  address: number;
  type: RegisterType;
  /** The datasheet's name for the quantity (for readers and error messages). */
  name: string;
  /** The quantity in SimMeterState units (V, A, W, Hz, Wh); `notModelled` where the state has no such quantity. */
  value: (state: SimMeterState) => number;
  /** State units per register unit: the register holds value / scale (default 1; 1000 turns Wh into kWh). */
  scale?: number;
  /** An energy counter: truncated to whole register units, as a meter's register only counts completed units. */
  counter?: boolean;
}

/** For quantities the device has but SimMeterState does not model (reactive power, power factor, ...): reads 0. */
export const notModelled = (): number => 0;

type PhaseField = keyof PhaseState;

/** One phase's quantity; `index` 0, 1, 2 is L1, L2, L3. */
export function phase(index: 0 | 1 | 2, field: PhaseField): (state: SimMeterState) => number {
  return (state) => state.phases[index][field];
}

/** The sum of a quantity over the three phases (e.g. Eastron's "sum of line currents"). */
export function phaseSum(field: PhaseField): (state: SimMeterState) => number {
  return (state) => state.phases[0][field] + state.phases[1][field] + state.phases[2][field];
}

/** The mean of a quantity over the three phases (e.g. Eastron's "average line to neutral volts"). */
export function phaseMean(field: PhaseField): (state: SimMeterState) => number {
  const sum = phaseSum(field);
  return (state) => sum(state) / 3;
}

const WORDS: Record<RegisterType, number> = {
  float32: 2,
  uint16: 1,
  int16: 1,
  uint32: 2,
  int32: 2,
  uint64: 4,
  int64: 4,
};

const INTEGER_RANGE: Record<Exclude<RegisterType, 'float32'>, [number, number]> = {
  uint16: [0, 0xffff],
  int16: [-0x8000, 0x7fff],
  uint32: [0, 0xffffffff],
  int32: [-0x80000000, 0x7fffffff],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const NOT_AVAILABLE: Record<Exclude<RegisterType, 'float32'>, number[]> = {
  uint16: [0xffff],
  int16: [0x7fff],
  uint32: [0xffff, 0xffff],
  int32: [0x7fff, 0xffff],
  uint64: [0xffff, 0xffff, 0xffff, 0xffff],
  int64: [0x7fff, 0xffff, 0xffff, 0xffff],
};

function encodeEntry(entry: RegisterEntry, state: SimMeterState): number[] {
  const scaled = entry.value(state) / (entry.scale ?? 1);
  if (entry.type === 'float32') return float32Words(scaled); // NaN stays NaN: fault injection
  // a value the simulator marks unavailable (NaN) is served as the device's "not available" code:
  // the type's maximum (all ones unsigned, largest positive signed), as ABB meters answer
  if (Number.isNaN(scaled)) return NOT_AVAILABLE[entry.type];
  if (!Number.isFinite(scaled)) throw new RangeError(`${entry.name}: value ${scaled} is not a finite number`);
  const raw = entry.counter ? Math.floor(scaled) : Math.round(scaled);
  const [min, max] = INTEGER_RANGE[entry.type];
  if (raw < min || raw > max) throw new RangeError(`${entry.name}: ${raw} does not fit ${entry.type}`);
  switch (entry.type) {
    case 'uint16':
      return uint16Word(raw);
    case 'int16':
      return int16Word(raw);
    case 'uint32':
      return uint32Words(raw);
    case 'int32':
      return int32Words(raw);
    case 'uint64':
      return uint64Words(raw);
    case 'int64':
      return int64Words(raw);
  }
}

/** Writes every entry of `entries` into `table` of `bank`. */
export function writeEntries(
  bank: RegisterBank,
  table: WordTable,
  entries: readonly RegisterEntry[],
  state: SimMeterState,
): void {
  for (const entry of entries) bank.setWords(table, entry.address, encodeEntry(entry, state));
}

/**
 * A SimMeterTable serving `entries` from `table`. Throws at construction if two entries overlap,
 * so a mistyped address in a table shows up as soon as the module is loaded.
 */
export function entryTable(model: string, table: WordTable, entries: readonly RegisterEntry[]): SimMeterTable {
  const owner = new Map<number, string>();
  for (const entry of entries) {
    for (let i = 0; i < WORDS[entry.type]; i++) {
      const other = owner.get(entry.address + i);
      if (other !== undefined) {
        throw new Error(`${model}: "${entry.name}" overlaps "${other}" at register 0x${(entry.address + i).toString(16)}`);
      }
      owner.set(entry.address + i, entry.name);
    }
  }
  return {
    model,
    write(bank, state) {
      writeEntries(bank, table, entries, state);
    },
  };
}
