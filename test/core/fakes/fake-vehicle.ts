// A VehicleConnection under the test's control: set() changes the pilot state and emits 'change'.

import { EventEmitter } from 'node:events';
import type { VehicleConnection, VehicleConnectionEvents, VehicleState } from '../../../hal/vehicle/vehicle-connection.js';

export class FakeVehicle extends EventEmitter implements VehicleConnection {
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

  start(): void {}
  stop(): void {}

  override on<E extends keyof VehicleConnectionEvents>(event: E, listener: VehicleConnectionEvents[E]): this {
    return super.on(event, listener);
  }

  override off<E extends keyof VehicleConnectionEvents>(event: E, listener: VehicleConnectionEvents[E]): this {
    return super.off(event, listener);
  }
}
