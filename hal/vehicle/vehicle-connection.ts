// Whether a vehicle is connected to an EVSE, and ready to draw, as the core sees it.

/** IEC 61851-1 control pilot: A = no vehicle, B = connected, C/D = connected and requesting energy. */
export type VehicleState = 'disconnected' | 'connected' | 'ready';

export interface VehicleConnectionEvents {
  /** The state changed ('unknown' while the input cannot be read). */
  change: (state: VehicleState | 'unknown') => void;
}

export interface VehicleConnection {
  readonly id: string;
  state(): VehicleState | 'unknown';
  /** Reads the input now. */
  refresh(): Promise<VehicleState | 'unknown'>;
  start(intervalMs: number): void;
  stop(): void;
  on<E extends keyof VehicleConnectionEvents>(event: E, listener: VehicleConnectionEvents[E]): this;
  off<E extends keyof VehicleConnectionEvents>(event: E, listener: VehicleConnectionEvents[E]): this;
}
