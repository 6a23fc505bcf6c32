// A VehicleConnection under the test's control: set() changes the pilot state and emits 'change'.

import { FakeDevice } from './fake-device.js';
import type { VehicleConnection, VehicleConnectionEvents, VehicleState } from '../../../hal/vehicle/vehicle-connection.js';

export class FakeVehicle extends FakeDevice<VehicleConnectionEvents> implements VehicleConnection {
  readonly id = 'fake-vehicle';

  constructor(private current: VehicleState | 'unknown' = 'disconnected') {
    super();
  }

  set(state: VehicleState | 'unknown'): void {
    this.current = state;
    this.emit('change', state);
  }

  state(): VehicleState | 'unknown' {
    return this.current;
  }

  refresh(): Promise<VehicleState | 'unknown'> {
    return Promise.resolve(this.current);
  }
}
