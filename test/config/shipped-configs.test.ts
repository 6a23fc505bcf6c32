// The shipped config files load, and config/simulators.json matches how the station rig lays out its Modbus units.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../agent/config/load-config.js';
import { packageRoot } from '../../hal/package-root.js';
import { ContactorSim } from '../../simulators/contactor/contactor-sim.js';
import { EV_IO } from '../../simulators/ev/ev-sim.js';
import { rigUnits } from '../../simulators/station-rig.js';

const root = packageRoot();

describe('config/simulators.json', () => {
  const config = loadConfig(join(root, 'config', 'simulators.json'));

  it('describes the bundled simulators on one Modbus TCP bus', () => {
    expect(config.station.id).toBe('CS-SIM-0001');
    expect(config.csms).toMatchObject({ url: 'ws://127.0.0.1:9000/ocpp', securityProfile: 1, pingIntervalSec: 30 });
    expect(config.csms.basicAuthPassword?.length).toBeGreaterThanOrEqual(16);
    expect(config.buses).toEqual({ rig: { kind: 'tcp', host: '127.0.0.1', port: 5020, timeoutMs: 300, retries: 1 } });
    expect(config.evses.map((e) => e.id)).toEqual([1, 2]);
    expect(config.dataDir).toBe(join(root, 'var', 'sim'));
  });

  it('uses the unit ids and addresses the station rig serves', () => {
    const sim = new ContactorSim();
    sim.stop();
    for (const evse of config.evses) {
      const units = rigUnits(evse.id);
      expect(evse.meter).toMatchObject({ unit: units.meter, map: 'sdm630', transport: { kind: 'tcp', port: 5020 } });
      expect(evse.contactor).toMatchObject({ unit: units.contactor, coil: sim.coil, feedback: { function: 2, address: sim.feedbackInput } });
      expect(evse.vehicle).toMatchObject({
        driver: 'modbus-inputs',
        unit: units.controller,
        function: 2,
        plugged: EV_IO.pluggedInput,
        ready: EV_IO.readyInput,
      });
    }
  });

  it('seeds the device model through ocppDefaults', () => {
    expect(config.ocppDefaults).toEqual({ 'OCPPCommCtrlr.HeartbeatInterval': '60', 'SampledDataCtrlr.TxUpdatedInterval': '30' });
  });
});

describe('config/example-rs485.json', () => {
  it('describes an SDM630 and a relay module on /dev/ttyUSB0 at 9600 8N1', () => {
    const config = loadConfig(join(root, 'config', 'example-rs485.json'));
    const bus = { kind: 'rtu', path: '/dev/ttyUSB0', baudRate: 9600, parity: 'none', stopBits: 1 };
    expect(config.buses.rs485).toMatchObject(bus);
    const [evse] = config.evses;
    expect(evse?.meter).toMatchObject({ transport: bus, unit: 1, map: 'sdm630', pollMs: 1000 });
    expect(evse?.contactor).toEqual({
      driver: 'modbus-coil',
      transport: config.buses.rs485,
      unit: 2,
      coil: 0,
      feedback: { function: 2, address: 0 },
      feedbackTimeoutMs: 500,
    });
    expect(evse?.vehicle).toEqual({ driver: 'fixed', state: 'ready', pollMs: 0 });
  });
});
