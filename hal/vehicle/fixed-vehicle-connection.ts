// A vehicle connection that never changes: for test rigs and chargers with a tethered cable and no pilot input.

import { EventEmitter } from 'node:events';
import type { VehicleConnection, VehicleConnectionEvents, VehicleState } from './vehicle-connection.js';

export class FixedVehicleConnection extends EventEmitter implements VehicleConnection {
  constructor(
    readonly id: string,
    private readonly fixed: VehicleState,
  ) {
    super();
  }

  override on<E extends keyof VehicleConnectionEvents>(event: E, listener: VehicleConnectionEvents[E]): this {
    return super.on(event, listener);
  }

  override off<E extends keyof VehicleConnectionEvents>(event: E, listener: VehicleConnectionEvents[E]): this {
    return super.off(event, listener);
  }

  state(): VehicleState {
    return this.fixed;
  }

  refresh(): Promise<VehicleState> {
    return Promise.resolve(this.fixed);
  }

  start(): void {}

  stop(): void {}
}
