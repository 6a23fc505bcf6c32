// Checks the simulator's meter register tables word by word against the datasheet addresses, types and scales.
import { describe, expect, it } from 'vitest';
import { idleState, type SimMeterState } from '../../simulators/meter/meter-state.js';
import { RegisterBank } from '../../simulators/modbus/register-bank.js';
import { SIM_METER_TABLES, simMeterTable } from '../../simulators/meter/tables/index.js';

// Expected words are computed here with Buffer, independently of simulators/modbus/encode.ts.
function f32(value: number): number[] {
  const b = Buffer.alloc(4);
  b.writeFloatBE(value, 0);
  return [b.readUInt16BE(0), b.readUInt16BE(2)];
}
function u16(value: number): number[] {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value, 0);
  return [b.readUInt16BE(0)];
}
function u32(value: number): number[] {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return [b.readUInt16BE(0), b.readUInt16BE(2)];
}
function i32(value: number): number[] {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value, 0);
  return [b.readUInt16BE(0), b.readUInt16BE(2)];
}
function u64(value: bigint): number[] {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(value, 0);
  return [b.readUInt16BE(0), b.readUInt16BE(2), b.readUInt16BE(4), b.readUInt16BE(6)];
}

function words(map: Map<number, number>, address: number, count: number): (number | undefined)[] {
  return Array.from({ length: count }, (_, i) => map.get(address + i));
}

/** Every register of `pairs` (2-register values starting at each address). */
function pairs(...starts: number[]): number[] {
  return starts.flatMap((a) => [a, a + 1]);
}
function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
function sorted(keys: Iterable<number>): number[] {
  return [...keys].sort((a, b) => a - b);
}

/** A charging state with distinct values per phase, a negative phase power and non-round energy. */
function chargingState(): SimMeterState {
  return {
    energyImportWh: 1_234_567,
    energyExportWh: 8_915,
    powerW: 4630.25,
    phases: [
      { voltageV: 230.1, currentA: 10.5, powerW: 2300 },
      { voltageV: 231.2, currentA: 11.25, powerW: 2450.5 },
      { voltageV: 229.8, currentA: 9.75, powerW: -120.25 },
    ],
    frequencyHz: 49.98,
  };
}

function written(model: string, state: SimMeterState): RegisterBank {
  const bank = new RegisterBank();
  simMeterTable(model).write(bank, state);
  return bank;
}

describe('Eastron SDM630 table (input registers, float32 high word first)', () => {
  const bank = written('sdm630', chargingState());
  const ir = bank.inputRegisters;

  it('serves the per-phase voltage, current and power at 0x0000..0x0011', () => {
    expect(words(ir, 0x0000, 2)).toEqual(f32(230.1));
    expect(words(ir, 0x0002, 2)).toEqual(f32(231.2));
    expect(words(ir, 0x0004, 2)).toEqual(f32(229.8));
    expect(words(ir, 0x0006, 2)).toEqual(f32(10.5));
    expect(words(ir, 0x0008, 2)).toEqual(f32(11.25));
    expect(words(ir, 0x000a, 2)).toEqual(f32(9.75));
    expect(words(ir, 0x000c, 2)).toEqual(f32(2300));
    expect(words(ir, 0x000e, 2)).toEqual(f32(2450.5));
    expect(words(ir, 0x0010, 2)).toEqual(f32(-120.25));
  });

  it('serves total power 0x0034, frequency 0x0046 and energies in kWh at 0x0048, 0x004A, 0x0156', () => {
    expect(words(ir, 0x0034, 2)).toEqual(f32(4630.25));
    expect(words(ir, 0x0046, 2)).toEqual(f32(49.98));
    expect(words(ir, 0x0048, 2)).toEqual(f32(1234.567));
    expect(words(ir, 0x004a, 2)).toEqual(f32(8.915));
    expect(words(ir, 0x0156, 2)).toEqual(f32(1243.482));
  });

  it('derives the averages and the current sum, and reads 0 for listed quantities the state lacks', () => {
    expect(words(ir, 0x002a, 2)).toEqual(f32((230.1 + 231.2 + 229.8) / 3));
    expect(words(ir, 0x002e, 2)).toEqual(f32(31.5 / 3));
    expect(words(ir, 0x0030, 2)).toEqual(f32(31.5));
    for (const a of [0x0012, 0x0018, 0x001e, 0x0024, 0x0028, 0x0038, 0x003c, 0x003e, 0x0042]) {
      expect(words(ir, a, 2)).toEqual([0, 0]);
    }
  });

  it('uses IEEE-754 high word first (230 V = 0x4366 0x0000, 50 Hz = 0x4248 0x0000)', () => {
    const idle = written('sdm630', idleState()).inputRegisters;
    expect(words(idle, 0x0000, 2)).toEqual([0x4366, 0x0000]);
    expect(words(idle, 0x0046, 2)).toEqual([0x4248, 0x0000]);
  });

  it('serves exactly the datasheet registers and leaves unlisted ones (e.g. 0x002C, 0x0044) unset', () => {
    const expected = [
      ...pairs(...range(0, 20).map((i) => i * 2)), // 30001..30041
      ...pairs(0x2a, 0x2e, 0x30, 0x34, 0x38, 0x3c, 0x3e, 0x42, 0x46, 0x48, 0x4a, 0x156),
    ];
    expect(sorted(ir.keys())).toEqual(sorted(expected));
    expect(ir.has(0x002c)).toBe(false);
    expect(ir.has(0x0044)).toBe(false);
    expect(ir.has(0x004c)).toBe(false);
    expect(bank.holdingRegisters.size).toBe(0);
  });
});

describe('Eastron SDM72D-M (v2) table (input registers, float32)', () => {
  const bank = written('sdm72d-m', chargingState());
  const ir = bank.inputRegisters;

  it('serves voltages, currents and powers at the same addresses as the SDM630', () => {
    expect(words(ir, 0x0000, 2)).toEqual(f32(230.1));
    expect(words(ir, 0x0004, 2)).toEqual(f32(229.8));
    expect(words(ir, 0x0006, 2)).toEqual(f32(10.5));
    expect(words(ir, 0x000a, 2)).toEqual(f32(9.75));
    expect(words(ir, 0x000c, 2)).toEqual(f32(2300));
    expect(words(ir, 0x0010, 2)).toEqual(f32(-120.25));
    expect(words(ir, 0x0034, 2)).toEqual(f32(4630.25));
    expect(words(ir, 0x0046, 2)).toEqual(f32(49.98));
  });

  it('serves import, export and total (import + export) energy in kWh', () => {
    expect(words(ir, 0x0048, 2)).toEqual(f32(1234.567));
    expect(words(ir, 0x004a, 2)).toEqual(f32(8.915));
    expect(words(ir, 0x0156, 2)).toEqual(f32(1243.482));
  });

  it('has no phase angles: 0x0024..0x0029 and 0x0042 are unset, unlike the SDM630', () => {
    for (const a of [0x0024, 0x0026, 0x0028, 0x0042]) expect(ir.has(a)).toBe(false);
    const expected = [
      ...pairs(...range(0, 17).map((i) => i * 2)), // 30001..30035
      ...pairs(0x2a, 0x2e, 0x30, 0x34, 0x38, 0x3c, 0x3e, 0x46, 0x48, 0x4a, 0x156),
    ];
    expect(sorted(ir.keys())).toEqual(sorted(expected));
    expect(bank.holdingRegisters.size).toBe(0);
  });
});

describe('ABB B23/B24 table (holding registers, scaled integers)', () => {
  const bank = written('abb-b23', chargingState());
  const hr = bank.holdingRegisters;

  it('serves energies as uint64 in 0.01 kWh at 0x5000 and 0x5004, truncated like a counter', () => {
    expect(words(hr, 0x5000, 4)).toEqual(u64(123_456n)); // 1 234 567 Wh = 1234.56 kWh (+7 Wh not yet counted)
    expect(words(hr, 0x5004, 4)).toEqual(u64(891n)); // 8 915 Wh = 8.91 kWh
  });

  it('serves L-N voltages as uint32 0.1 V and currents as uint32 0.01 A', () => {
    expect(words(hr, 0x5b00, 2)).toEqual(u32(2301));
    expect(words(hr, 0x5b02, 2)).toEqual(u32(2312));
    expect(words(hr, 0x5b04, 2)).toEqual(u32(2298));
    expect(words(hr, 0x5b0c, 2)).toEqual(u32(1050));
    expect(words(hr, 0x5b0e, 2)).toEqual(u32(1125));
    expect(words(hr, 0x5b10, 2)).toEqual(u32(975));
    expect(words(written('abb-b23', idleState()).holdingRegisters, 0x5b00, 2)).toEqual([0x0000, 0x08fc]);
  });

  it('serves active powers as int32 0.01 W (negative in two’s complement) and frequency as uint16 0.01 Hz', () => {
    expect(words(hr, 0x5b14, 2)).toEqual(i32(463_025));
    expect(words(hr, 0x5b16, 2)).toEqual(i32(230_000));
    expect(words(hr, 0x5b18, 2)).toEqual(i32(245_050));
    expect(words(hr, 0x5b1a, 2)).toEqual(i32(-12_025));
    expect(words(hr, 0x5b1a, 2)).toEqual([0xffff, 0xd107]);
    expect(words(hr, 0x5b2c, 1)).toEqual(u16(4998));
  });

  it('encodes every active power register as signed (all negative while exporting)', () => {
    const exporting: SimMeterState = {
      ...chargingState(),
      powerW: -3000.5,
      phases: [
        { voltageV: 230, currentA: 4.35, powerW: -1000.25 },
        { voltageV: 230, currentA: 4.35, powerW: -1000.01 },
        { voltageV: 230, currentA: 4.35, powerW: -1000.24 },
      ],
    };
    const ex = written('abb-b23', exporting).holdingRegisters;
    expect(words(ex, 0x5b14, 2)).toEqual(i32(-300_050));
    expect(words(ex, 0x5b16, 2)).toEqual(i32(-100_025));
    expect(words(ex, 0x5b18, 2)).toEqual(i32(-100_001));
    expect(words(ex, 0x5b1a, 2)).toEqual(i32(-100_024));
  });

  it('fills the rest of the 0x5B00..0x5B2C block with 0 and serves nothing else', () => {
    for (const a of [0x5b06, 0x5b08, 0x5b0a, 0x5b12, 0x5b1c, 0x5b22, 0x5b24, 0x5b2a]) {
      expect(words(hr, a, 2)).toEqual([0, 0]);
    }
    expect(sorted(hr.keys())).toEqual([...range(0x5000, 0x5007), ...range(0x5b00, 0x5b2c)]);
    expect(hr.has(0x0000)).toBe(false); // below the meter's readable range 0x1000..0x8EFF
    expect(bank.inputRegisters.size).toBe(0); // no FC 04 on this meter
  });
});

describe('meter table registry', () => {
  it('knows the three models under their ids', () => {
    expect(Object.keys(SIM_METER_TABLES).sort()).toEqual(['abb-b23', 'sdm630', 'sdm72d-m']);
    for (const [id, table] of Object.entries(SIM_METER_TABLES)) {
      expect(table.model).toBe(id);
      expect(simMeterTable(id)).toBe(table);
    }
  });

  it('throws an error naming the unknown model and the known ones', () => {
    expect(() => simMeterTable('sdm120')).toThrow(/unknown meter model "sdm120"/);
    for (const known of ['sdm630', 'sdm72d-m', 'abb-b23']) expect(() => simMeterTable('sdm120')).toThrow(known);
    expect(() => simMeterTable('toString')).toThrow(/unknown meter model "toString"/);
  });

  it('rewrites the registers when the state changes', () => {
    const bank = new RegisterBank();
    const table = simMeterTable('sdm630');
    table.write(bank, idleState());
    table.write(bank, chargingState());
    expect(words(bank.inputRegisters, 0x0048, 2)).toEqual(f32(1234.567));
  });
});
