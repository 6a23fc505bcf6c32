// Modbus error classes: each failure kind is its own type so no caller mistakes one for a value.

export type ModbusErrorKind = 'timeout' | 'crc' | 'exception' | 'frame' | 'transport' | 'closed';

export class ModbusError extends Error {
  constructor(
    readonly kind: ModbusErrorKind,
    message: string,
    readonly unit?: number,
  ) {
    super(message);
    this.name = 'ModbusError';
  }
}

/** Standard exception codes (Modbus Application Protocol v1.1b3, section 7). */
export const EXCEPTION_NAMES: Record<number, string> = {
  1: 'Illegal Function',
  2: 'Illegal Data Address',
  3: 'Illegal Data Value',
  4: 'Server Device Failure',
  5: 'Acknowledge',
  6: 'Server Device Busy',
  8: 'Memory Parity Error',
  10: 'Gateway Path Unavailable',
  11: 'Gateway Target Device Failed to Respond',
};

export class ModbusExceptionError extends ModbusError {
  constructor(
    readonly functionCode: number,
    readonly exceptionCode: number,
    unit?: number,
  ) {
    super(
      'exception',
      `unit ${unit ?? '?'} answered function 0x${functionCode.toString(16).padStart(2, '0')} with exception ${exceptionCode} (${EXCEPTION_NAMES[exceptionCode] ?? 'unknown'})`,
      unit,
    );
    this.name = 'ModbusExceptionError';
  }
}
