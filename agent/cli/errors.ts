// One-line descriptions of device failures for the CLI: the fault kind and the driver's message, never a stack.

import { ContactorError } from '../../hal/contactor/contactor.js';
import { MeterReadError } from '../../hal/meter/meter.js';
import { ModbusError } from '../../hal/modbus/errors.js';

/** "timeout: unit 1 on rtu:/dev/ttyUSB0@9600,8N1 did not answer within 500 ms". */
export function failureMessage(err: unknown): string {
  if (err instanceof MeterReadError || err instanceof ModbusError) return `${err.kind}: ${err.message}`;
  if (err instanceof ContactorError) return `${err.fault.kind}: ${err.message}`;
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
