// The simulated devices reachable through one server or serial line, keyed by Modbus unit id.

import { NO_FAULT, type DeviceFault } from './faults.js';
import type { SimulatedDevice } from './pdu-server.js';
import { RegisterBank } from './register-bank.js';

export class DeviceSet {
  readonly devices = new Map<number, SimulatedDevice>();
  /** Requests served, per unit id (for tests and the bench). */
  readonly requests = new Map<number, number>();

  /** Adds a device at `unit` (or returns the one there). */
  add(unit: number, bank: RegisterBank = new RegisterBank()): SimulatedDevice {
    if (unit < 1 || unit > 247) throw new Error(`unit id ${unit} out of range 1..247`);
    const existing = this.devices.get(unit);
    if (existing) return existing;
    const device: SimulatedDevice = { bank, fault: NO_FAULT };
    this.devices.set(unit, device);
    return device;
  }

  setFault(unit: number, fault: DeviceFault): void {
    const device = this.devices.get(unit);
    if (!device) throw new Error(`no simulated device at unit ${unit}`);
    device.fault = fault;
  }

  count(unit: number): void {
    this.requests.set(unit, (this.requests.get(unit) ?? 0) + 1);
  }
}
