// Plain-data descriptions of devices (transport, unit, driver settings) that the config file and the CLI produce and hal/factory.ts builds.

import type { Parity } from './modbus/rtu-timing.js';

/** Where a Modbus device is reached. Devices with equal transports share one client (one RS-485 bus). */
export type TransportSpec =
  | { kind: 'tcp'; host: string; port: number; timeoutMs?: number; retries?: number }
  | {
      kind: 'rtu';
      path: string;
      baudRate: number;
      parity: Parity;
      stopBits: 1 | 2;
      timeoutMs?: number;
      retries?: number;
    };

export interface MeterSpec {
  transport: TransportSpec;
  unit: number;
  /** A built-in map name ("sdm630", "sdm72d-m", "abb-b23") or a path to a map JSON file. */
  map: string;
  /** Consecutive failed reads before the meter is faulted (default 3). */
  faultAfterFailures?: number;
  /** Most power the installation can draw, W, for the plausibility check (default 100 kW). */
  maxPowerW?: number;
}

export interface ContactorSpec {
  driver: 'modbus-coil';
  transport: TransportSpec;
  unit: number;
  coil: number;
  /** Auxiliary contact: discrete input (fc 2, usual) or coil (fc 1); inverted for a normally-closed contact. */
  feedback?: { function: 1 | 2; address: number; inverted?: boolean };
  /** How long feedback may take to follow a command (default 500 ms). */
  feedbackTimeoutMs?: number;
  faultAfterFailures?: number;
  /** Time from the open command to the contacts open, ms, as the datasheet or a measurement says; limits stop that much early (default 0). */
  openLatencyMs?: number;
}

export type VehicleSpec =
  | { driver: 'fixed'; state: 'connected' | 'ready' | 'disconnected' }
  | { driver: 'modbus-inputs'; transport: TransportSpec; unit: number; function: 1 | 2; plugged: number; ready?: number }
  | {
      driver: 'modbus-register';
      transport: TransportSpec;
      unit: number;
      function: 3 | 4;
      address: number;
      /** Register values per state; default the common pilot encoding A=1, B=2, C=3, D=4. */
      values?: { disconnected: number[]; connected: number[]; ready: number[] };
    };

/** A stable key for a transport: devices whose transports have the same key share a client. */
export function transportKey(t: TransportSpec): string {
  return t.kind === 'tcp' ? `tcp://${t.host}:${t.port}` : `rtu:${t.path}`;
}
