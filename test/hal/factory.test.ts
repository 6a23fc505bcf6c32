import { afterEach, describe, expect, it } from 'vitest';
import type { ContactorSpec, MeterSpec, TransportSpec, VehicleSpec } from '../../hal/device-spec.js';
import { DeviceFactory } from '../../hal/factory.js';
import type { ModbusClient } from '../../hal/modbus/client.js';
import { openPtyPair, type PtyPair } from '../../simulators/modbus/pty-pair.js';
import { StationRig } from '../../simulators/station-rig.js';
import { waitFor, type TransportKind } from '../helpers/rig.js';

let rig: StationRig | undefined;
let pty: PtyPair | undefined;
let factory: DeviceFactory | undefined;

afterEach(async () => {
  await factory?.close();
  await rig?.close();
  await pty?.close();
  factory = rig = pty = undefined;
});

async function serve(kind: TransportKind): Promise<TransportSpec> {
  rig = new StationRig({ evses: 2 });
  if (kind === 'tcp') return { kind: 'tcp', host: '127.0.0.1', port: await rig.serveTcp(0), timeoutMs: 200, retries: 1 };
  pty = await openPtyPair();
  await rig.serveRtu(pty.simPath, 115200);
  return { kind: 'rtu', path: pty.agentPath, baudRate: 115200, parity: 'none', stopBits: 1, timeoutMs: 200, retries: 1 };
}

describe.each<TransportKind>(['tcp', 'rtu'])('DeviceFactory over %s', (kind) => {
  it('builds a working meter, contactor and vehicle connection from specs, all on one shared client', async () => {
    const transport = await serve(kind);
    factory = new DeviceFactory();
    const meterSpec: MeterSpec = { transport, unit: 1, map: 'sdm630' };
    const contactorSpec: ContactorSpec = { driver: 'modbus-coil', transport, unit: 11, coil: 0, feedback: { function: 2, address: 0 } };
    const vehicleSpec: VehicleSpec = { driver: 'modbus-inputs', transport, unit: 21, function: 2, plugged: 0, ready: 1 };
    const meter = factory.createMeter('meter-1', meterSpec);
    const contactor = factory.createContactor('contactor-1', contactorSpec);
    const vehicle = factory.createVehicleConnection('vehicle-1', vehicleSpec);
    // a second EVSE on the same bus still shares the client
    const meter2 = factory.createMeter('meter-2', { ...meterSpec, unit: 2 });
    expect(factory.clients.size).toBe(1);

    const evse = rig!.evse(1);
    expect(await vehicle.refresh()).toBe('disconnected');
    evse.ev.plug();
    expect(await vehicle.refresh()).toBe('ready');

    const before = await meter.read();
    expect(before.energyImportWh).toBeCloseTo(evse.meter.state.energyImportWh, -1);
    expect((await meter2.read()).energyImportWh).toBeGreaterThan(2_000_000);

    await contactor.close();
    expect(contactor.status()).toMatchObject({ commanded: 'closed', feedback: 'closed', fault: undefined });
    expect(evse.contactor.closed).toBe(true);
    // energy flows through the closed contactor into the plugged EV and the meter counts it
    await waitFor(() => evse.meter.state.powerW > 0, 2000, 'power to flow');
    let after = await meter.read();
    for (let i = 0; i < 20 && after.energyImportWh <= before.energyImportWh; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await meter.read();
    }
    expect(after.powerW).toBeGreaterThan(1000);
    expect(after.energyImportWh).toBeGreaterThan(before.energyImportWh);

    await contactor.open();
    expect(evse.contactor.closed).toBe(false);
  });

  it('close() closes the shared client: devices then fail with kind "closed"', async () => {
    const transport = await serve(kind);
    factory = new DeviceFactory();
    const meter = factory.createMeter('meter-1', { transport, unit: 1, map: 'sdm630' });
    await meter.read();
    await factory.close();
    await expect(meter.read()).rejects.toMatchObject({ kind: 'closed' });
    expect(() => factory!.createMeter('meter-2', { transport, unit: 2, map: 'sdm630' })).toThrow(/closed/);
  });
});

describe('DeviceFactory bus sharing', () => {
  const rtu: TransportSpec = { kind: 'rtu', path: '/dev/ttyUSB0', baudRate: 9600, parity: 'none', stopBits: 1 };
  /** Records the clients the factory makes, without opening ports. */
  function recordingFactory(made: TransportSpec[]): DeviceFactory {
    return new DeviceFactory({
      createClient: (t) => {
        made.push(t);
        const client: ModbusClient = {
          name: JSON.stringify(t),
          readRegisters: () => Promise.reject(new Error('not wired')),
          readBits: () => Promise.reject(new Error('not wired')),
          writeCoil: () => Promise.reject(new Error('not wired')),
          writeRegister: () => Promise.reject(new Error('not wired')),
          close: () => Promise.resolve(),
        };
        return client;
      },
    });
  }

  it('devices on one serial port share one client; another port or a TCP gateway gets its own', async () => {
    const made: TransportSpec[] = [];
    factory = recordingFactory(made);
    factory.createMeter('m1', { transport: rtu, unit: 1, map: 'sdm630' });
    factory.createContactor('c1', { driver: 'modbus-coil', transport: { ...rtu }, unit: 11, coil: 0 });
    factory.createVehicleConnection('v1', { driver: 'modbus-register', transport: rtu, unit: 21, function: 4, address: 0 });
    factory.createMeter('m2', { transport: { ...rtu, path: '/dev/ttyUSB1' }, unit: 1, map: 'abb-b23' });
    factory.createMeter('m3', { transport: { kind: 'tcp', host: '10.0.0.5', port: 502 }, unit: 1, map: 'sdm72d-m' });
    expect(factory.createVehicleConnection('v-fixed', { driver: 'fixed', state: 'connected' }).state()).toBe('connected');
    expect([...factory.clients.keys()]).toEqual(['rtu:/dev/ttyUSB0', 'rtu:/dev/ttyUSB1', 'tcp://10.0.0.5:502']);
    expect(made).toHaveLength(3);
    // defaults are filled in so the client gets complete settings
    expect(made[0]).toEqual({ ...rtu, timeoutMs: 500, retries: 2 });
  });

  it('two devices on one bus with different baud rates are refused, naming both devices and both settings', () => {
    factory = recordingFactory([]);
    factory.createMeter('meter-1', { transport: rtu, unit: 1, map: 'sdm630' });
    expect(() => factory!.createContactor('contactor-1', { driver: 'modbus-coil', transport: { ...rtu, baudRate: 19200 }, unit: 11, coil: 0 })).toThrow(
      /rtu:\/dev\/ttyUSB0: "contactor-1" wants 19200 baud.*"meter-1" on the same bus uses 9600 baud/,
    );
    expect(() => factory!.createMeter('meter-2', { transport: { ...rtu, parity: 'even' }, unit: 2, map: 'sdm630' })).toThrow(/parity even.*"meter-1".*parity none/);
    expect(() => factory!.createMeter('meter-3', { transport: { ...rtu, timeoutMs: 1000 }, unit: 3, map: 'sdm630' })).toThrow(/timeout 1000 ms.*timeout 500 ms/);
  });

  it('a bad map or unit id is refused before any client is made', () => {
    const made: TransportSpec[] = [];
    factory = recordingFactory(made);
    expect(() => factory!.createMeter('m1', { transport: rtu, unit: 1, map: 'no-such-meter' })).toThrow(/no-such-meter.*neither a built-in model/);
    expect(() => factory!.createContactor('c1', { driver: 'modbus-coil', transport: rtu, unit: 300, coil: 0 })).toThrow(/c1: Modbus unit id 300/);
    expect(made).toHaveLength(0);
  });
});
