// Vehicle connection read from a charge controller over Modbus: a plugged input (+ ready input) or a pilot-state register.

import { EventEmitter } from 'node:events';
import type { ModbusClient } from '../modbus/client.js';
import { PollLoop } from '../poll-loop.js';
import type { VehicleConnection, VehicleConnectionEvents, VehicleState } from './vehicle-connection.js';

export type VehicleSource =
  /**
   * Bits: `plugged` says a cable/EV is connected; optional `ready` says it requests energy. Without a `ready` input a
   * plugged vehicle is 'ready' (the charge controller signals only the plug; the vehicle still decides whether it
   * draws current), else such a station could never charge. fc 2 = discrete input, 1 = coil.
   */
  | { kind: 'inputs'; function: 1 | 2; plugged: number; ready?: number }
  /**
   * A register holding the pilot state; each listed value maps to a state, any other value is
   * 'unknown' (e.g. pilot error E/F). Default values follow the common A=1, B=2, C=3, D=4 encoding.
   */
  | { kind: 'register'; function: 3 | 4; address: number; values: Record<VehicleState, number[]> };

export const PILOT_ABCD_VALUES: Record<VehicleState, number[]> = { disconnected: [1], connected: [2], ready: [3, 4] };

export class ModbusVehicleConnection extends EventEmitter implements VehicleConnection {
  private current: VehicleState | 'unknown' = 'unknown';
  private readonly loop = new PollLoop(() => this.refresh());

  constructor(
    readonly id: string,
    private readonly client: ModbusClient,
    private readonly unit: number,
    private readonly source: VehicleSource,
  ) {
    super();
  }

  override on<E extends keyof VehicleConnectionEvents>(event: E, listener: VehicleConnectionEvents[E]): this {
    return super.on(event, listener);
  }

  override off<E extends keyof VehicleConnectionEvents>(event: E, listener: VehicleConnectionEvents[E]): this {
    return super.off(event, listener);
  }

  state(): VehicleState | 'unknown' {
    return this.current;
  }

  async refresh(): Promise<VehicleState | 'unknown'> {
    let next: VehicleState | 'unknown';
    try {
      next = await this.readState();
    } catch {
      next = 'unknown';
    }
    if (next !== this.current) {
      this.current = next;
      this.emit('change', next);
    }
    return next;
  }

  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  stop(): void {
    this.loop.stop();
  }

  /**
   * Both inputs as one snapshot. Two reads are two moments: an EV unplugged between them reads
   * plugged, then not ready, a 'connected' (pilot B) it never was. Adjacent inputs are read in one
   * request; otherwise a plugged-but-not-ready answer is confirmed by reading the plug again.
   */
  private async readInputs(s: Extract<VehicleSource, { kind: 'inputs' }>): Promise<VehicleState> {
    const bit = async (address: number) => (await this.client.readBits(this.unit, s.function, address, 1))[0] === true;
    if (s.ready !== undefined && Math.abs(s.ready - s.plugged) === 1) {
      const first = Math.min(s.plugged, s.ready);
      const bits = await this.client.readBits(this.unit, s.function, first, 2);
      if (!bits[s.plugged - first]) return 'disconnected';
      return bits[s.ready - first] ? 'ready' : 'connected';
    }
    if (!(await bit(s.plugged))) return 'disconnected';
    if (s.ready === undefined) return 'ready';
    if (await bit(s.ready)) return 'ready';
    return (await bit(s.plugged)) ? 'connected' : 'disconnected';
  }

  private async readState(): Promise<VehicleState | 'unknown'> {
    const s = this.source;
    if (s.kind === 'inputs') return this.readInputs(s);
    const [value] = await this.client.readRegisters(this.unit, s.function, s.address, 1);
    for (const [state, values] of Object.entries(s.values) as [VehicleState, number[]][]) {
      if (value !== undefined && values.includes(value)) return state;
    }
    return 'unknown';
  }
}
