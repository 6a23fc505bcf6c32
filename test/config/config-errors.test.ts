// Every kind of config problem is reported with its key path, the value found and what was expected, all at once.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../agent/config/config-errors.js';
import { loadConfig } from '../../agent/config/load-config.js';
import { baseConfig, TempDir } from './config-fixture.js';

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.remove());

describe('file level', () => {
  it('a file that does not exist says so and names the file', () => {
    const file = `${dir.path}/nope.json`;
    expect(() => loadConfig(file)).toThrow(ConfigError);
    expect(() => loadConfig(file)).toThrow(`config ${file} has 1 problem:\n  - cannot read the config file: the file does not exist`);
  });

  it('an empty file is not JSON', () => {
    expect(dir.fail('').message).toMatch(/not valid JSON: line 1 column 1/);
  });

  it('a non-JSON file gives the parse error with line and column', () => {
    const err = dir.fail('{\n  "station": { "id": "A" },\n  "csms": { "url": "ws://x" ,, }\n}');
    expect(err.message).toMatch(/not valid JSON: line 3 column \d+/);
  });

  it('the top level must be an object', () => {
    expect(dir.fail('[1, 2]').message).toMatch(/expected a JSON object/);
  });
});

describe('values', () => {
  it('names the key path, the value found and the expected range', () => {
    const raw = baseConfig();
    raw.evses[0].meter.unit = 300;
    const err = dir.fail(raw);
    expect(err.problems).toEqual([{ path: 'evses[0].meter.unit', message: 'got 300, expected an integer 1..247' }]);
    expect(err.message).toContain('evses[0].meter.unit: got 300, expected an integer 1..247');
  });

  it('a missing required key says "missing"', () => {
    const raw = baseConfig();
    delete raw.evses[0].contactor.coil;
    expect(dir.fail(raw).problems).toEqual([{ path: 'evses[0].contactor.coil', message: 'missing, expected an integer 0..65535' }]);
  });

  it('E14/C evses[].contactor.openLatencyMs: the contactor opening time in ms, 0..5000', () => {
    const raw = baseConfig();
    raw.evses[0].contactor.openLatencyMs = 120;
    expect(dir.load(raw).evses[0]?.contactor.openLatencyMs).toBe(120);
    raw.evses[0].contactor.openLatencyMs = -5;
    expect(dir.fail(raw).problems).toEqual([{ path: 'evses[0].contactor.openLatencyMs', message: 'got -5, expected an integer 0..5000' }]);
  });

  it('long values are truncated in the message', () => {
    const raw = baseConfig();
    raw.station.model = 'x'.repeat(200);
    const [p] = dir.fail(raw).problems;
    expect(p?.path).toBe('station.model');
    expect(p?.message).toMatch(/^got "x{50,}…, expected a string of 1\.\.20 characters$/);
    expect(p!.message.length).toBeLessThan(120);
  });

  it('a TCP unit id may be 0..255, an RTU one 1..247', () => {
    const raw = baseConfig();
    raw.buses = { bus: { tcp: '10.0.0.5:502' } };
    raw.evses[0].meter.unit = 0;
    expect(dir.load(raw).evses[0]?.meter.unit).toBe(0);
    raw.buses = { bus: { rtu: '/dev/ttyS1' } };
    expect(dir.fail(raw).problems[0]?.message).toBe('got 0, expected an integer 1..247');
  });

  it('an enumerated value suggests the closest option', () => {
    const raw = baseConfig();
    raw.transactions = { onPowerLoss: 'resum' };
    expect(dir.fail(raw).problems[0]?.message).toBe('got "resum", expected one of "end", "resume" (did you mean "resume"?)');
  });

  it('lists every problem in one error', () => {
    const raw = baseConfig();
    raw.station.id = 'has:colon';
    raw.csms.pingIntervalSec = -1;
    raw.evses[0].meter.pollMs = 5;
    raw.log = { level: 'verbose' };
    const err = dir.fail(raw);
    expect(err.problems.map((p) => p.path)).toEqual(['station.id', 'csms.pingIntervalSec', 'log.level', 'evses[0].meter.pollMs']);
    expect(err.message).toMatch(/has 4 problems/);
  });
});

describe('unknown keys', () => {
  it('a typo gets a "did you mean"', () => {
    const raw = baseConfig();
    raw.evses[0].meter.unti = 1;
    delete raw.evses[0].meter.unit;
    const err = dir.fail(raw);
    expect(err.problems).toContainEqual({ path: 'evses[0].meter.unti', message: 'unknown key "unti"; did you mean "unit"?' });
  });

  it('at the top level too', () => {
    const raw = baseConfig();
    raw.evse = raw.evses;
    delete raw.evses;
    expect(dir.fail(raw).problems).toContainEqual({ path: 'evse', message: 'unknown key "evse"; did you mean "evses"?' });
  });

  it('a key far from any known key lists the allowed keys', () => {
    const raw = baseConfig();
    raw.station.colour = 'red';
    expect(dir.fail(raw).problems[0]?.message).toBe(
      'unknown key "colour"; allowed here: id, vendor, model, serialNumber, firmwareVersion',
    );
  });

  it('an RTU setting on a TCP bus says which kind it belongs to', () => {
    const raw = baseConfig();
    raw.buses = { bus: { tcp: '10.0.0.5:502', baud: 9600 } };
    expect(dir.fail(raw).problems).toEqual([{ path: 'buses.bus.baud', message: '"baud" applies to RTU (serial) buses only; this bus is "tcp"' }]);
  });
});

describe('buses', () => {
  it('a bus name that does not exist names the known buses', () => {
    const raw = baseConfig();
    raw.buses.second = { tcp: '10.0.0.9:502' };
    raw.evses[0].contactor.bus = 'relays';
    raw.evses[0].contactor.unit = 3;
    expect(dir.fail(raw).problems).toEqual([
      { path: 'evses[0].contactor.bus', message: 'no bus named "relays"; known buses: "bus", "second"' },
    ]);
  });

  it('a misspelt bus name gets a suggestion', () => {
    const raw = baseConfig();
    raw.buses = { rs485: { rtu: '/dev/ttyUSB0' } };
    raw.evses[0].meter.bus = 'rs458';
    raw.evses[0].contactor.bus = 'rs485';
    expect(dir.fail(raw).problems[0]?.message).toBe('no bus named "rs458" (did you mean "rs485"?); known buses: "rs485"');
  });

  it('rejects a bad host:port, a non-standard baud rate, and two names for one port', () => {
    const raw = baseConfig();
    raw.buses = { a: { tcp: 'plc:99999' }, b: { rtu: '/dev/ttyUSB1', baud: 9601 }, c: { rtu: '/dev/ttyUSB0' }, d: { rtu: '/dev/ttyUSB0', baud: 19200 } };
    raw.evses[0].meter.bus = 'c';
    raw.evses[0].contactor.bus = 'c';
    const problems = dir.fail(raw).problems;
    expect(problems).toContainEqual({ path: 'buses.a.tcp', message: 'got "plc:99999", expected "host:port" with a port 1..65535, e.g. "192.168.1.50:502"' });
    expect(problems.find((p) => p.path === 'buses.b.baud')?.message).toMatch(/^got 9601, expected one of 1200, .*115200/);
    expect(problems.find((p) => p.path === 'buses.d')?.message).toMatch(/same serial port as bus "c"/);
  });

  it('fills serial defaults: 9600 baud, no parity, 1 stop bit', () => {
    const raw = baseConfig();
    raw.buses = { bus: { rtu: '/dev/ttyAMA0' } };
    expect(dir.load(raw).buses.bus).toEqual({ kind: 'rtu', path: '/dev/ttyAMA0', baudRate: 9600, parity: 'none', stopBits: 1 });
  });
});

describe('EVSEs and connectors', () => {
  function twoEvses() {
    const raw = baseConfig();
    const second = JSON.parse(JSON.stringify(raw.evses[0]));
    second.id = 2;
    second.meter.unit = 11;
    second.contactor.unit = 12;
    raw.evses.push(second);
    return raw;
  }

  it('loads two EVSEs sorted by id', () => {
    const raw = twoEvses();
    raw.evses.reverse();
    expect(dir.load(raw).evses.map((e) => e.id)).toEqual([1, 2]);
  });

  it('rejects duplicate EVSE ids', () => {
    const raw = twoEvses();
    raw.evses[1].id = 1;
    expect(dir.fail(raw).problems).toContainEqual({ path: 'evses[1].id', message: 'EVSE id 1 is also used by evses[0]; number EVSEs 1..2' });
  });

  it('EVSE ids run 1..n', () => {
    const raw = twoEvses();
    raw.evses[1].id = 3;
    expect(dir.fail(raw).problems).toEqual([{ path: 'evses[1].id', message: 'got 3, expected an integer 1..2' }]);
  });

  it('connector ids run 1..n without repeats', () => {
    const raw = baseConfig();
    raw.evses[0].connectors = [{ id: 1, type: 'cType2' }, { id: 3, type: 'sType2' }];
    expect(dir.fail(raw).problems).toEqual([{ path: 'evses[0].connectors[1].id', message: 'got 3, expected an integer 1..2' }]);
    raw.evses[0].connectors = [{ id: 1, type: 'cType2' }, { id: 1, type: 'sType2' }];
    expect(dir.fail(raw).problems[0]?.message).toMatch(/connector id 1 is used twice/);
  });

  it('connector types are OCPP ones', () => {
    const raw = baseConfig();
    raw.evses[0].connectors[0].type = 'Type2';
    expect(dir.fail(raw).problems[0]?.message).toMatch(/^got "Type2", expected one of .* \(did you mean "cType2"\?\)$/);
  });

  it('an unknown meter map reports the map loader error', () => {
    const raw = baseConfig();
    raw.evses[0].meter.map = 'sdm999';
    expect(dir.fail(raw).problems[0]).toMatchObject({ path: 'evses[0].meter.map', message: expect.stringMatching(/sdm630/) });
  });

  it('a vehicle driver is one of the known ones and takes only its keys', () => {
    const raw = baseConfig();
    raw.evses[0].vehicle = { driver: 'modbus-inputs', bus: 'bus', unit: 2, plugged: 1, state: 'ready' };
    expect(dir.fail(raw).problems).toEqual([{ path: 'evses[0].vehicle.state', message: expect.stringMatching(/^unknown key "state"/) }]);
    raw.evses[0].vehicle = { driver: 'pilot' };
    expect(dir.fail(raw).problems[0]?.path).toBe('evses[0].vehicle.driver');
  });

  it('resolves a register vehicle with state values', () => {
    const raw = baseConfig();
    raw.evses[0].vehicle = { driver: 'modbus-register', bus: 'bus', unit: 5, register: 'holding', address: 7, values: { disconnected: [0], connected: [1], ready: [2, 3] } };
    expect(dir.load(raw).evses[0]?.vehicle).toMatchObject({ driver: 'modbus-register', unit: 5, function: 3, address: 7, values: { ready: [2, 3] }, pollMs: 200 });
  });
});

describe('devices sharing a bus', () => {
  it('a meter and a contactor on one unit conflict', () => {
    const raw = baseConfig();
    raw.evses[0].contactor.unit = 1;
    expect(dir.fail(raw).problems).toEqual([
      {
        path: 'evses[0].contactor',
        message: 'unit 1 on bus "bus" is the meter of EVSE 1 (evses[0].meter) and also the contactor coil of EVSE 1; a meter needs a unit of its own',
      },
    ]);
  });

  it('the same input used as contactor feedback and vehicle plug detection conflicts', () => {
    const raw = baseConfig();
    raw.evses[0].vehicle = { driver: 'modbus-inputs', bus: 'bus', unit: 2, plugged: 0 };
    expect(dir.fail(raw).problems[0]?.message).toBe(
      'discrete input 0 of unit 2 on bus "bus" is the contactor feedback of EVSE 1 (evses[0].contactor) and also the vehicle "plugged" input of EVSE 1',
    );
  });

  it('one relay module may serve a contactor and a vehicle input on different addresses', () => {
    const raw = baseConfig();
    raw.evses[0].vehicle = { driver: 'modbus-inputs', bus: 'bus', unit: 2, plugged: 1 };
    expect(dir.load(raw).evses[0]?.vehicle).toMatchObject({ unit: 2, plugged: 1, function: 2 });
  });

  it('two EVSEs on one coil conflict; on two coils of one module they do not', () => {
    const raw = baseConfig();
    const second = JSON.parse(JSON.stringify(raw.evses[0]));
    second.id = 2;
    second.meter.unit = 3;
    second.contactor.feedback = { input: 1 };
    raw.evses.push(second);
    expect(dir.fail(raw).problems[0]?.message).toMatch(/^coil 0 of unit 2 on bus "bus" is the contactor coil of EVSE 1 .* and also the contactor coil of EVSE 2$/);
    second.contactor.coil = 1;
    expect(dir.load(raw).evses[1]?.contactor).toMatchObject({ unit: 2, coil: 1, feedback: { function: 2, address: 1 } });
  });
});

describe('csms and security', () => {
  it('profile 1 needs a password; its value is never echoed', () => {
    const raw = baseConfig();
    delete raw.csms.basicAuthPassword;
    expect(dir.fail(raw).problems[0]).toMatchObject({ path: 'csms.basicAuthPassword', message: expect.stringMatching(/^missing, expected a password of 16\.\.40/) });
    raw.csms.basicAuthPassword = 'tooShortSecret1';
    const err = dir.fail(raw);
    expect(err.problems[0]?.message).toBe('value not shown: it has 15 characters, expected 16..40 characters (letters, digits and * - _ = : + | @ .)');
    expect(err.message).not.toContain('tooShortSecret1');
  });

  it('profile 0 with a password, and ws:// with profile 2, are inconsistent', () => {
    const raw = baseConfig();
    raw.csms.securityProfile = 0;
    expect(dir.fail(raw).problems[0]?.message).toMatch(/security profile 0 sends no password/);
    raw.csms.securityProfile = 2;
    const problems = dir.fail(raw).problems;
    expect(problems).toContainEqual({ path: 'csms.url', message: 'got "ws://127.0.0.1:9000/ocpp", expected a wss:// URL for security profile 2' });
    expect(problems).toContainEqual({ path: 'csms.tls', message: 'missing, expected an object' });
  });

  it('profile 3 needs the CA, certificate and key files, resolved next to the config', () => {
    const raw = baseConfig();
    raw.csms = { url: 'wss://csms.example.com/ocpp', securityProfile: 3, tls: { ca: 'ca.pem', cert: 'cs.pem' } };
    dir.write('ca.pem', 'x');
    const problems = dir.fail(raw).problems;
    expect(problems).toContainEqual({ path: 'csms.tls.cert', message: expect.stringMatching(/cs\.pem does not exist$/) });
    expect(problems).toContainEqual({ path: 'csms.tls.key', message: 'missing, expected a string of at least 1 characters' });
    dir.write('cs.pem', 'x');
    dir.write('cs.key', 'x');
    raw.csms.tls.key = 'cs.key';
    expect(dir.load(raw).csms.tls).toEqual({ caFile: `${dir.path}/ca.pem`, certFile: `${dir.path}/cs.pem`, keyFile: `${dir.path}/cs.key` });
  });

  it('versions are known and unique', () => {
    const raw = baseConfig();
    raw.csms.versions = ['ocpp2.0', 'ocpp1.6', 'ocpp1.6'];
    const problems = dir.fail(raw).problems;
    expect(problems[0]).toEqual({ path: 'csms.versions[0]', message: 'got "ocpp2.0", expected one of "ocpp2.1", "ocpp2.0.1", "ocpp1.6" (did you mean "ocpp2.1"?)' });
    expect(problems[1]).toEqual({ path: 'csms.versions[2]', message: '"ocpp1.6" is listed twice' });
  });
});

describe('defaults and paths', () => {
  it('fills defaults and resolves dataDir against the config file directory', () => {
    const c = dir.load(baseConfig());
    expect(c.file).toBe(`${dir.path}/agent.json`);
    expect(c.dataDir).toBe(`${dir.path}/data`);
    expect(c.log).toEqual({ level: 'info' });
    expect(c.csms.versions).toEqual(['ocpp2.1', 'ocpp2.0.1']);
    expect(c.csms.pingIntervalSec).toBe(30);
    expect(c.station.vendor).toBe('charger-agent');
    expect(c.transactions).toEqual({ onPowerLoss: 'end' });
    expect(c.evses[0]).toMatchObject({ maxPowerW: 22000, phases: 3, meter: { pollMs: 1000 } });
    expect(c.ocppDefaults).toEqual({});
  });

  it('ocppDefaults keys must be device-model keys; values become OCPP text', () => {
    const raw = baseConfig();
    raw.ocppDefaults = { 'OCPPCommCtrlr.HeartbeatInterval': 60, 'TxCtrlr.TxStartPoint': ['EVConnected', 'Authorized'], 'AuthCtrlr.Enabled': false };
    expect(dir.load(raw).ocppDefaults).toEqual({
      'OCPPCommCtrlr.HeartbeatInterval': '60',
      'TxCtrlr.TxStartPoint': 'EVConnected,Authorized',
      'AuthCtrlr.Enabled': 'false',
    });
    raw.ocppDefaults = { HeartbeatInterval: 60, 'OCPPCommCtrlr.X': { a: 1 } };
    const problems = dir.fail(raw).problems;
    expect(problems[0]).toMatchObject({ path: 'ocppDefaults["HeartbeatInterval"]', message: expect.stringMatching(/not a device-model key/) });
    expect(problems[1]).toEqual({ path: 'ocppDefaults["OCPPCommCtrlr.X"]', message: 'got an object, expected a string, number, boolean or list of strings' });
  });
});
