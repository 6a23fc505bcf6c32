// Meter map files: validation errors name the file, the entry and the field; a user's own map file reads a device with no code.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MeterReadError } from '../../hal/meter/meter.js';
import { PolledMeter } from '../../hal/meter/polled-meter.js';
import { listBuiltinMaps, loadMeterMap, MapError, parseMeterMap } from '../../hal/meter/register-map.js';
import { RegisterMapMeterSource } from '../../hal/meter/register-map-meter.js';
import type { ModbusClient } from '../../hal/modbus/client.js';
import { RtuClient } from '../../hal/modbus/rtu-client.js';
import { TcpClient } from '../../hal/modbus/tcp-client.js';
import { DeviceSet } from '../../simulators/modbus/device-set.js';
import { openPtyPair, type PtyPair } from '../../simulators/modbus/pty-pair.js';
import { ModbusRtuSlave } from '../../simulators/modbus/rtu-slave.js';
import { ModbusTcpServer } from '../../simulators/modbus/tcp-server.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'charger-agent-maps-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = { model: 'acme-em1', description: 'ACME EM1 test meter', source: 'ACME EM1 manual, holding register table' };

function writeMap(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** Loads `content` from a temp file; returns the MapError it must raise. */
function loadError(content: unknown): { file: string; error: MapError } {
  const file = writeMap('user-map.json', content);
  let error: unknown;
  try {
    loadMeterMap(file);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MapError);
  return { file, error: error as MapError };
}

describe('meter map validation', () => {
  it('a bad data type names the file, the measurand and the field, and lists the valid types', () => {
    const { file, error } = loadError({ ...HEADER, measurands: { energyImportWh: { address: 0, type: 'float' }, powerW: { address: 2, type: 'float32' } } });
    expect(error.message).toContain(file);
    expect(error.message).toContain('measurands.energyImportWh.type');
    expect(error.message).toContain('"float"');
    expect(error.message).toContain('"float32"');
  });

  it('a bad word order names the file, the measurand and the field', () => {
    const { file, error } = loadError({
      ...HEADER,
      measurands: { energyImportWh: { address: 0, type: 'uint32', wordOrder: 'little-endian' }, powerW: { address: 2, type: 'int16' } },
    });
    expect(error.message).toContain(file);
    expect(error.message).toContain('measurands.energyImportWh.wordOrder');
    expect(error.message).toMatch(/"little-endian".*"high-first", "low-first"/);
  });

  it('a missing address names the file, the measurand and the field', () => {
    const { file, error } = loadError({ ...HEADER, defaults: { type: 'float32' }, measurands: { energyImportWh: { address: 0 }, powerW: { scale: 1 } } });
    expect(error.message).toContain(file);
    expect(error.message).toContain('measurands.powerW.address');
  });

  it('a measurand listed twice is an error, not silently the last one', () => {
    const { file, error } = loadError(`{
      "model": "acme-em1", "description": "d", "source": "s",
      "defaults": { "type": "float32" },
      "measurands": {
        "energyImportWh": { "address": 0 },
        "powerW": { "address": 2 },
        "powerW": { "address": 4 }
      }
    }`);
    expect(error.message).toContain(file);
    expect(error.message).toContain('measurands.powerW');
    expect(error.message).toMatch(/more than once/);
  });

  it('an unknown built-in map name says which models exist', () => {
    expect(() => loadMeterMap('sdm999')).toThrow(MapError);
    expect(() => loadMeterMap('sdm999')).toThrow(/"sdm999".*sdm630/);
    expect(listBuiltinMaps()).toEqual(expect.arrayContaining(['sdm630', 'sdm72d-m', 'abb-b23']));
    for (const name of listBuiltinMaps()) expect(loadMeterMap(name).model).toBeTruthy();
  });

  it('invalid JSON names the file', () => {
    const { file, error } = loadError('{ "model": "x", ');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('an unknown measurand, an unknown field and a missing required measurand are named', () => {
    const base = { ...HEADER, defaults: { type: 'float32' } };
    expect(() => parseMeterMap({ ...base, measurands: { energyWh: { address: 0 } } }, 'm.json')).toThrow(/m\.json: measurands\.energyWh: unknown measurand/);
    expect(() => parseMeterMap({ ...base, measurands: { powerW: { address: 0, adress: 1 } } }, 'm.json')).toThrow(/m\.json: measurands\.powerW\.adress: unknown field/);
    expect(() => parseMeterMap({ ...base, measurands: { powerW: { address: 0 } } }, 'm.json')).toThrow(/m\.json: measurands\.energyImportWh is required/);
    expect(() => parseMeterMap({ ...base, measurands: { powerW: { address: 0, scale: 0 } } }, 'm.json')).toThrow(/measurands\.powerW\.scale/);
  });

  it('equal keys in different objects are not duplicates', () => {
    const file = writeMap('ok.json', {
      ...HEADER,
      defaults: { type: 'float32', scale: 1 },
      measurands: { energyImportWh: { address: 0, scale: 1000 }, powerW: { address: 2, scale: 1 } },
    });
    expect(loadMeterMap(file).entries).toHaveLength(2);
  });
});

// A meter the project has never heard of: holding registers, 32-bit integers low word first, 0.01 kWh resolution.
const USER_MAP = {
  model: 'acme-em1',
  description: 'ACME EM1 DIN-rail meter (test fixture)',
  source: 'ACME EM1 Modbus manual, table 4 (holding registers, low word first)',
  defaults: { function: 3, wordOrder: 'low-first' },
  measurands: {
    energyImportWh: { address: '0x0100', type: 'uint32', scale: 10, invalid: ['0xffffffff'] },
    powerW: { address: '0x0104', type: 'int32' },
    voltageL1V: { address: 270, type: 'uint16', scale: 0.1 },
    frequencyHz: { address: 280, type: 'uint16', scale: 0.01 },
  },
};

/** uint32 as two registers, low word first. */
const lowFirst = (v: number) => [v & 0xffff, (v >>> 16) & 0xffff];

describe.each(['tcp', 'rtu'] as const)('a user map file over %s', (transport) => {
  let client: ModbusClient | undefined;
  let tcp: ModbusTcpServer | undefined;
  let slave: ModbusRtuSlave | undefined;
  let pty: PtyPair | undefined;
  afterEach(async () => {
    await client?.close();
    await tcp?.close();
    await slave?.close();
    await pty?.close();
    client = tcp = slave = pty = undefined;
  });

  it('reads a meter from a map file alone (no code): values decoded with its types, word order and scales', async () => {
    const file = writeMap('acme-em1.json', USER_MAP);
    const devices = new DeviceSet();
    const { bank } = devices.add(7);
    bank.setWords('holdingRegisters', 0x100, lowFirst(12_345_678)); // 123 456.78 kWh
    bank.setWords('holdingRegisters', 0x104, lowFirst(-1500 >>> 0)); // exporting 1.5 kW
    bank.setWords('holdingRegisters', 270, [2301]);
    bank.setWords('holdingRegisters', 280, [4998]);
    if (transport === 'tcp') {
      tcp = new ModbusTcpServer(devices);
      client = TcpClient.withDefaults('127.0.0.1', await tcp.listen(0), { timeoutMs: 300, retries: 0 });
    } else {
      pty = await openPtyPair();
      slave = new ModbusRtuSlave(devices, pty.simPath, 19200);
      await slave.open();
      client = RtuClient.withDefaults(pty.agentPath, { baudRate: 19200, timeoutMs: 300, retries: 0 });
    }
    const map = loadMeterMap(file);
    const meter = new PolledMeter('user-meter', new RegisterMapMeterSource(client, 7, map));
    const reading = await meter.read();
    expect(reading.energyImportWh).toBe(123_456_780);
    expect(reading.powerW).toBe(-1500);
    expect(reading.phases.L1?.voltageV).toBeCloseTo(230.1, 5);
    expect(reading.frequencyHz).toBeCloseTo(49.98, 5);
    expect(reading.energyExportWh).toBeUndefined(); // not in the map: absent, never zero

    // the map's "not available" marker is honoured too
    bank.setWords('holdingRegisters', 0x100, [0xffff, 0xffff]);
    const err = await meter.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeterReadError);
    expect((err as MeterReadError).kind).toBe('invalid-value');
    expect((err as MeterReadError).message).toMatch(/acme-em1 unit 7: energyImportWh reads "not available"/);
  });
});
