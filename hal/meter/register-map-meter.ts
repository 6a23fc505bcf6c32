// The generic register-map meter driver: reads a MeterMap's registers in as few requests as possible and decodes them.

import type { ModbusClient } from '../modbus/client.js';
import { ModbusError } from '../modbus/errors.js';
import { decode, rawHex, REGISTERS_OF } from './datatypes.js';
import { MeterReadError, type MeterReading, type Phase } from './meter.js';
import type { MapEntry, Measurand, MeterMap } from './register-map.js';

/** One read request: a run of consecutive registers and the entries inside it. */
interface Span {
  function: 3 | 4;
  address: number;
  count: number;
  entries: MapEntry[];
}

const MAX_REGISTERS_PER_READ = 125;

/**
 * Groups entries into requests. Only registers the map names are read (no gap is bridged), because
 * meters answer a read that touches an undefined address with exception 2.
 */
export function planSpans(entries: readonly MapEntry[]): Span[] {
  const sorted = [...entries].sort((a, b) => a.function - b.function || a.address - b.address);
  const spans: Span[] = [];
  for (const e of sorted) {
    const size = REGISTERS_OF[e.type];
    const last = spans[spans.length - 1];
    if (last && last.function === e.function && e.address <= last.address + last.count && e.address + size - last.address <= MAX_REGISTERS_PER_READ) {
      last.count = Math.max(last.count, e.address + size - last.address);
      last.entries.push(e);
    } else {
      spans.push({ function: e.function, address: e.address, count: size, entries: [e] });
    }
  }
  return spans;
}

const PHASE_FIELDS: Partial<Record<Measurand, [Phase, 'voltageV' | 'currentA' | 'powerW']>> = {
  voltageL1V: ['L1', 'voltageV'],
  voltageL2V: ['L2', 'voltageV'],
  voltageL3V: ['L3', 'voltageV'],
  currentL1A: ['L1', 'currentA'],
  currentL2A: ['L2', 'currentA'],
  currentL3A: ['L3', 'currentA'],
  powerL1W: ['L1', 'powerW'],
  powerL2W: ['L2', 'powerW'],
  powerL3W: ['L3', 'powerW'],
};

export class RegisterMapMeterSource {
  private readonly spans: Span[];

  constructor(
    private readonly client: ModbusClient,
    readonly unit: number,
    readonly map: MeterMap,
  ) {
    this.spans = planSpans(map.entries);
  }

  get requestsPerRead(): number {
    return this.spans.length;
  }

  /** One complete reading, or a MeterReadError saying why there is none. */
  async readOnce(): Promise<MeterReading> {
    const values = new Map<Measurand, number>();
    for (const span of this.spans) {
      let words: Uint16Array;
      try {
        words = await this.client.readRegisters(this.unit, span.function, span.address, span.count);
      } catch (err) {
        if (err instanceof ModbusError) throw new MeterReadError(err.kind, err.message);
        throw new MeterReadError('transport', String(err));
      }
      for (const e of span.entries) {
        const offset = e.address - span.address;
        const raw = words.subarray(offset, offset + REGISTERS_OF[e.type]);
        if (e.invalid.includes(rawHex(raw, e.wordOrder))) {
          if (e.measurand === 'energyImportWh' || e.measurand === 'powerW') {
            throw new MeterReadError('invalid-value', `${this.map.model} unit ${this.unit}: ${e.measurand} reads "not available" (${rawHex(raw, e.wordOrder)})`);
          }
          continue; // an optional quantity the device does not have: left out, never zero
        }
        const value = decode(raw, e.type, e.wordOrder) * e.scale;
        if (!Number.isFinite(value)) {
          throw new MeterReadError('invalid-value', `${this.map.model} unit ${this.unit}: ${e.measurand} at 0x${e.address.toString(16).padStart(4, '0')} is ${value}`);
        }
        values.set(e.measurand, value);
      }
    }
    const reading: MeterReading = {
      timestamp: Date.now(),
      energyImportWh: values.get('energyImportWh')!,
      powerW: values.get('powerW')!,
      phases: {},
    };
    const exp = values.get('energyExportWh');
    if (exp !== undefined) reading.energyExportWh = exp;
    const f = values.get('frequencyHz');
    if (f !== undefined) reading.frequencyHz = f;
    for (const [m, v] of values) {
      const target = PHASE_FIELDS[m];
      if (!target) continue;
      const [phase, field] = target;
      (reading.phases[phase] ??= {})[field] = v;
    }
    return reading;
  }
}
