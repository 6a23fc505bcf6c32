// Vehicle connection from the EV/charge-controller simulator (plug/ready inputs, pilot register), unknown states, fixed connection.

import { afterEach, describe, expect, it } from 'vitest';
import { FixedVehicleConnection } from '../../hal/vehicle/fixed-vehicle-connection.js';
import { ModbusVehicleConnection, PILOT_ABCD_VALUES, type VehicleSource } from '../../hal/vehicle/modbus-vehicle-connection.js';
import type { VehicleConnection, VehicleState } from '../../hal/vehicle/vehicle-connection.js';
import { EV_IO } from '../../simulators/ev/ev-sim.js';
import { startRig, waitFor, type RigUnderTest, type TransportKind } from '../helpers/rig.js';

const CONTROLLER_UNIT = 21; // rig: charge controller of EVSE 1

const SOURCES: Record<'inputs' | 'register', VehicleSource> = {
  inputs: { kind: 'inputs', function: 2, plugged: EV_IO.pluggedInput, ready: EV_IO.readyInput },
  register: { kind: 'register', function: 4, address: EV_IO.pilotRegister, values: PILOT_ABCD_VALUES },
};

let current: RigUnderTest | undefined;
let vehicle: ModbusVehicleConnection | undefined;
afterEach(async () => {
  vehicle?.stop();
  vehicle = undefined;
  await current?.close();
  current = undefined;
});

async function setup(transport: TransportKind, source: VehicleSource) {
  current = await startRig(transport);
  vehicle = new ModbusVehicleConnection('evse-1/vehicle', current.client, CONTROLLER_UNIT, source);
  const changes: (VehicleState | 'unknown')[] = [];
  vehicle.on('change', (s) => changes.push(s));
  return { v: vehicle, ev: current.rig.evse(1).ev, devices: current.rig.devices, changes };
}

describe.each<TransportKind>(['tcp', 'rtu'])('vehicle connection over %s', (transport) => {
  describe.each(['inputs', 'register'] as const)('from %s', (sourceKind) => {
    it('follows the EV: plug in, request energy, pause, unplug', async () => {
      const { v, ev, changes } = await setup(transport, SOURCES[sourceKind]);
      expect(v.state()).toBe('unknown'); // nothing read yet
      expect(await v.refresh()).toBe('disconnected');
      ev.plug(); // a fresh EV requests energy at once (pilot C)
      expect(await v.refresh()).toBe('ready');
      // full battery: the EV stays connected but requests nothing (pilot B)
      ev.plug({ initialSoc: 1 });
      expect(await v.refresh()).toBe('connected');
      ev.unplug();
      expect(await v.refresh()).toBe('disconnected');
      expect(changes).toEqual(['disconnected', 'ready', 'connected', 'disconnected']);
    });

    it('polling emits one change per transition', async () => {
      const { v, ev, changes } = await setup(transport, SOURCES[sourceKind]);
      v.start(30);
      await waitFor(() => v.state() === 'disconnected', 3000, 'disconnected');
      ev.plug();
      await waitFor(() => v.state() === 'ready', 3000, 'ready');
      ev.unplug();
      await waitFor(() => v.state() === 'disconnected', 3000, 'disconnected again');
      v.stop();
      expect(changes).toEqual(['disconnected', 'ready', 'disconnected']);
    });

    it('is "unknown" while the charge controller does not answer, never a guessed state', async () => {
      const { v, ev, devices, changes } = await setup(transport, SOURCES[sourceKind]);
      ev.plug();
      expect(await v.refresh()).toBe('ready');
      devices.setFault(CONTROLLER_UNIT, { kind: 'no-answer' });
      expect(await v.refresh()).toBe('unknown');
      expect(v.state()).toBe('unknown');
      devices.setFault(CONTROLLER_UNIT, { kind: 'exception', code: 4 });
      expect(await v.refresh()).toBe('unknown');
      devices.setFault(CONTROLLER_UNIT, { kind: 'none' });
      expect(await v.refresh()).toBe('ready');
      expect(changes).toEqual(['ready', 'unknown', 'ready']);
    });
  });

  it('a pilot value outside the map (error state E/F) is "unknown"', async () => {
    const { v, ev } = await setup(transport, SOURCES.register);
    ev.plug();
    expect(await v.refresh()).toBe('ready');
    // the controller reports pilot state E (5): short circuit / no valid pilot
    const publish = ev.bank.beforeRead;
    ev.bank.beforeRead = () => {
      publish?.();
      ev.bank.setWords('inputRegisters', EV_IO.pilotRegister, [5]);
    };
    expect(await v.refresh()).toBe('unknown');
    ev.bank.beforeRead = publish;
    expect(await v.refresh()).toBe('ready');
  });

  it('E14 a vehicle that can never charge: a plugged input without a ready input reports "ready" when plugged', async () => {
    // Before: "connected", and the EVSE closes only for a ready vehicle, so such a station never charged.
    const { v, ev } = await setup(transport, { kind: 'inputs', function: 2, plugged: EV_IO.pluggedInput });
    expect(await v.refresh()).toBe('disconnected');
    ev.plug();
    expect(ev.pilot()).toBe('C');
    expect(await v.refresh()).toBe('ready');
  });
});

describe('fixed vehicle connection', () => {
  it('always reports its state and never emits a change', async () => {
    const v: VehicleConnection = new FixedVehicleConnection('evse-1/vehicle', 'ready');
    let changes = 0;
    v.on('change', () => changes++);
    v.start(10);
    expect(v.state()).toBe('ready');
    expect(await v.refresh()).toBe('ready');
    await new Promise((r) => setTimeout(r, 50));
    v.stop();
    expect(changes).toBe(0);
    expect(v.id).toBe('evse-1/vehicle');
  });
});
