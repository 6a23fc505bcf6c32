// Builds meters, contactors and vehicle connections from device specs; devices on one bus share one Modbus client.

import pino from 'pino';
import type { Contactor } from './contactor/contactor.js';
import { ModbusCoilContactor } from './contactor/modbus-coil-contactor.js';
import { transportKey, type ContactorSpec, type MeterSpec, type TransportSpec, type VehicleSpec } from './device-spec.js';
import type { Meter } from './meter/meter.js';
import { PolledMeter } from './meter/polled-meter.js';
import { loadMeterMap } from './meter/register-map.js';
import { RegisterMapMeterSource } from './meter/register-map-meter.js';
import { DEFAULT_TIMING, type ModbusClient } from './modbus/client.js';
import { RtuClient } from './modbus/rtu-client.js';
import { TcpClient } from './modbus/tcp-client.js';
import { FixedVehicleConnection } from './vehicle/fixed-vehicle-connection.js';
import { ModbusVehicleConnection, PILOT_ABCD_VALUES } from './vehicle/modbus-vehicle-connection.js';
import type { VehicleConnection } from './vehicle/vehicle-connection.js';

export interface DeviceFactoryOptions {
  logger?: pino.Logger;
  /** Makes the client for a transport (default: RtuClient / TcpClient). For tests and alternative transports. */
  createClient?: (transport: Required<TransportSpec>) => ModbusClient;
}

/** A transport with its defaults filled in, so two specs can be compared setting by setting. */
function normalise(t: TransportSpec): Required<TransportSpec> {
  const timing = { timeoutMs: t.timeoutMs ?? DEFAULT_TIMING.timeoutMs, retries: t.retries ?? DEFAULT_TIMING.retries };
  return t.kind === 'tcp'
    ? { kind: 'tcp', host: t.host, port: t.port, ...timing }
    : { kind: 'rtu', path: t.path, baudRate: t.baudRate, parity: t.parity, stopBits: t.stopBits, ...timing };
}

/** The settings of a transport in words, for the conflicting-settings error. */
function describeSettings(t: Required<TransportSpec>): string {
  const timing = `timeout ${t.timeoutMs} ms, ${t.retries} retries`;
  return t.kind === 'tcp' ? timing : `${t.baudRate} baud, parity ${t.parity}, ${t.stopBits} stop bit(s), ${timing}`;
}

function defaultClient(t: Required<TransportSpec>): ModbusClient {
  const timing = { timeoutMs: t.timeoutMs, retries: t.retries };
  return t.kind === 'tcp'
    ? new TcpClient({ host: t.host, port: t.port, ...timing })
    : new RtuClient({ path: t.path, baudRate: t.baudRate, parity: t.parity, stopBits: t.stopBits, dataBits: 8, ...timing });
}

function checkUnit(id: string, unit: number): void {
  if (!Number.isInteger(unit) || unit < 0 || unit > 255) throw new Error(`${id}: Modbus unit id ${unit} is out of range 0..255`);
}

interface Bus {
  client: ModbusClient;
  settings: Required<TransportSpec>;
  /** The device that opened the bus, named when a later device's settings conflict. */
  firstDevice: string;
}

export class DeviceFactory {
  private readonly buses = new Map<string, Bus>();
  private readonly logger: pino.Logger;
  private readonly createClient: (t: Required<TransportSpec>) => ModbusClient;
  private closed = false;

  constructor(o: DeviceFactoryOptions = {}) {
    this.logger = o.logger ?? pino({ level: 'silent' });
    this.createClient = o.createClient ?? defaultClient;
  }

  /**
   * The client for a transport: the existing one when a device with the same transportKey() was built
   * before. Throws when the settings differ from that device's (one bus has one baud rate, parity, timeout).
   */
  client(deviceId: string, transport: TransportSpec): ModbusClient {
    if (this.closed) throw new Error(`device factory is closed; cannot build ${deviceId}`);
    const key = transportKey(transport);
    const settings = normalise(transport);
    const bus = this.buses.get(key);
    if (bus) {
      if (JSON.stringify(bus.settings) !== JSON.stringify(settings)) {
        throw new Error(
          `${key}: "${deviceId}" wants ${describeSettings(settings)} but "${bus.firstDevice}" on the same bus uses ${describeSettings(bus.settings)}; devices sharing a bus must use the same settings`,
        );
      }
      return bus.client;
    }
    const client = this.createClient(settings);
    this.buses.set(key, { client, settings, firstDevice: deviceId });
    this.logger.debug({ bus: client.name, device: deviceId }, 'opened Modbus client');
    return client;
  }

  /** The clients built so far, by transportKey(). */
  get clients(): ReadonlyMap<string, ModbusClient> {
    return new Map([...this.buses].map(([key, bus]) => [key, bus.client]));
  }

  /** A polled meter reading the register map `spec.map` (built-in name or file); throws MapError on a bad map. */
  createMeter(id: string, spec: MeterSpec): Meter {
    checkUnit(id, spec.unit);
    const map = loadMeterMap(spec.map);
    const client = this.client(id, spec.transport);
    const options: { faultAfterFailures?: number; maxPowerW?: number } = {};
    if (spec.faultAfterFailures !== undefined) options.faultAfterFailures = spec.faultAfterFailures;
    if (spec.maxPowerW !== undefined) options.maxPowerW = spec.maxPowerW;
    return new PolledMeter(id, new RegisterMapMeterSource(client, spec.unit, map), options);
  }

  createContactor(id: string, spec: ContactorSpec): Contactor {
    if (spec.driver !== 'modbus-coil') throw new Error(`${id}: unknown contactor driver "${String(spec.driver)}", expected modbus-coil`);
    checkUnit(id, spec.unit);
    const client = this.client(id, spec.transport);
    return new ModbusCoilContactor(id, client, {
      unit: spec.unit,
      coil: spec.coil,
      ...(spec.feedback ? { feedback: { function: spec.feedback.function, address: spec.feedback.address, inverted: spec.feedback.inverted ?? false } } : {}),
      feedbackTimeoutMs: spec.feedbackTimeoutMs ?? 500,
      faultAfterFailures: spec.faultAfterFailures ?? 3,
    });
  }

  createVehicleConnection(id: string, spec: VehicleSpec): VehicleConnection {
    switch (spec.driver) {
      case 'fixed':
        return new FixedVehicleConnection(id, spec.state);
      case 'modbus-inputs': {
        checkUnit(id, spec.unit);
        const source = { kind: 'inputs' as const, function: spec.function, plugged: spec.plugged, ...(spec.ready !== undefined ? { ready: spec.ready } : {}) };
        return new ModbusVehicleConnection(id, this.client(id, spec.transport), spec.unit, source);
      }
      case 'modbus-register':
        checkUnit(id, spec.unit);
        return new ModbusVehicleConnection(id, this.client(id, spec.transport), spec.unit, {
          kind: 'register',
          function: spec.function,
          address: spec.address,
          values: spec.values ?? PILOT_ABCD_VALUES,
        });
      default:
        throw new Error(`${id}: unknown vehicle driver "${String((spec as { driver: unknown }).driver)}", expected fixed, modbus-inputs or modbus-register`);
    }
  }

  /** Closes every client; devices built by this factory then fail with kind 'closed'. */
  async close(): Promise<void> {
    this.closed = true;
    const buses = [...this.buses.values()];
    this.buses.clear();
    await Promise.all(buses.map((b) => b.client.close()));
  }
}
