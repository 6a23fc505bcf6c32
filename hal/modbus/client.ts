// The Modbus master contract every driver uses; RTU and TCP transports implement it.

export interface ModbusClient {
  /** Where the requests go, for logs and errors: "tcp://127.0.0.1:502" or "rtu:/dev/ttyUSB0@9600,8N1". */
  readonly name: string;
  /** Reads `count` holding (fc 3) or input (fc 4) registers. Rejects with a ModbusError, never resolves with filler. */
  readRegisters(unit: number, fc: 3 | 4, address: number, count: number): Promise<Uint16Array>;
  /** Reads `count` coils (fc 1) or discrete inputs (fc 2). */
  readBits(unit: number, fc: 1 | 2, address: number, count: number): Promise<boolean[]>;
  /** Writes one coil (fc 5) and resolves when the device echoed it. */
  writeCoil(unit: number, address: number, on: boolean): Promise<void>;
  /** Writes one holding register (fc 6). */
  writeRegister(unit: number, address: number, value: number): Promise<void>;
  /** Closes the port or socket; pending requests reject with kind 'closed'. */
  close(): Promise<void>;
}

export interface TransportTiming {
  /** How long to wait for a reply before the attempt counts as a timeout. */
  timeoutMs: number;
  /** Further attempts after a timeout or a corrupt frame (not after an exception reply, which is an answer). */
  retries: number;
}

export const DEFAULT_TIMING: TransportTiming = { timeoutMs: 500, retries: 2 };
