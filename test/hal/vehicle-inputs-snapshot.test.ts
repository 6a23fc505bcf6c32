// The plugged and ready inputs are one snapshot: a vehicle unplugged between two reads is never reported as a state it was not in.

import { describe, expect, it } from 'vitest';
import type { ModbusClient } from '../../hal/modbus/client.js';
import { ModbusVehicleConnection } from '../../hal/vehicle/modbus-vehicle-connection.js';

/** A charge controller's discrete inputs; `afterRead` runs after each request is answered (the EV moves on). */
class FakeController implements ModbusClient {
  readonly name = 'fake';
  readonly inputs = new Map<number, boolean>();
  readonly requests: { address: number; count: number }[] = [];
  afterRead: (() => void) | undefined;

  readBits(_unit: number, _fc: 1 | 2, address: number, count: number): Promise<boolean[]> {
    this.requests.push({ address, count });
    const bits = Array.from({ length: count }, (_, i) => this.inputs.get(address + i) ?? false);
    this.afterRead?.();
    return Promise.resolve(bits);
  }
  readRegisters(): Promise<Uint16Array> {
    return Promise.reject(new Error('not used'));
  }
  writeCoil(): Promise<void> {
    return Promise.reject(new Error('not used'));
  }
  writeRegister(): Promise<void> {
    return Promise.reject(new Error('not used'));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A charging EV (plugged, ready) that is unplugged as soon as the first request has been answered. */
function unpluggedAfterFirstRead(plugged: number, ready: number): FakeController {
  const c = new FakeController();
  c.inputs.set(plugged, true);
  c.inputs.set(ready, true);
  c.afterRead = () => {
    c.inputs.set(plugged, false);
    c.inputs.set(ready, false);
    c.afterRead = undefined;
  };
  return c;
}

describe('vehicle inputs read as one snapshot', () => {
  it('adjacent plugged and ready inputs are read in one request', async () => {
    const c = unpluggedAfterFirstRead(0, 1);
    const v = new ModbusVehicleConnection('evse-1/vehicle', c, 21, { kind: 'inputs', function: 2, plugged: 0, ready: 1 });
    expect(await v.refresh()).toBe('ready'); // the state at the one moment read
    expect(c.requests).toEqual([{ address: 0, count: 2 }]);
    expect(await v.refresh()).toBe('disconnected');
  });

  it('inputs apart: an EV unplugged between the two reads is "disconnected", never a "connected" it never was', async () => {
    const c = unpluggedAfterFirstRead(4, 9);
    const v = new ModbusVehicleConnection('evse-1/vehicle', c, 21, { kind: 'inputs', function: 2, plugged: 4, ready: 9 });
    const changes: string[] = [];
    v.on('change', (s) => changes.push(s));
    expect(await v.refresh()).toBe('disconnected');
    expect(changes).toEqual(['disconnected']);
  });

  it('inputs apart: a plugged EV that does not request energy is "connected"', async () => {
    const c = new FakeController();
    c.inputs.set(4, true);
    c.inputs.set(9, false);
    const v = new ModbusVehicleConnection('evse-1/vehicle', c, 21, { kind: 'inputs', function: 2, plugged: 4, ready: 9 });
    expect(await v.refresh()).toBe('connected');
  });
});
