// Modbus PDU encoding and decoding for the function codes the HAL uses (1, 2, 3, 4, 5, 6, 15, 16).

import { ModbusError, ModbusExceptionError } from './errors.js';

export const FC = {
  readCoils: 0x01,
  readDiscreteInputs: 0x02,
  readHoldingRegisters: 0x03,
  readInputRegisters: 0x04,
  writeSingleCoil: 0x05,
  writeSingleRegister: 0x06,
  writeMultipleCoils: 0x0f,
  writeMultipleRegisters: 0x10,
} as const;

export type RegisterFunction = typeof FC.readHoldingRegisters | typeof FC.readInputRegisters;
export type BitFunction = typeof FC.readCoils | typeof FC.readDiscreteInputs;

export function readRequest(fc: number, address: number, count: number): Buffer {
  const pdu = Buffer.alloc(5);
  pdu[0] = fc;
  pdu.writeUInt16BE(address, 1);
  pdu.writeUInt16BE(count, 3);
  return pdu;
}

export function writeSingleCoilRequest(address: number, on: boolean): Buffer {
  const pdu = Buffer.alloc(5);
  pdu[0] = FC.writeSingleCoil;
  pdu.writeUInt16BE(address, 1);
  pdu.writeUInt16BE(on ? 0xff00 : 0x0000, 3);
  return pdu;
}

export function writeSingleRegisterRequest(address: number, value: number): Buffer {
  const pdu = Buffer.alloc(5);
  pdu[0] = FC.writeSingleRegister;
  pdu.writeUInt16BE(address, 1);
  pdu.writeUInt16BE(value & 0xffff, 3);
  return pdu;
}

export function writeMultipleRegistersRequest(address: number, values: readonly number[]): Buffer {
  const pdu = Buffer.alloc(6 + values.length * 2);
  pdu[0] = FC.writeMultipleRegisters;
  pdu.writeUInt16BE(address, 1);
  pdu.writeUInt16BE(values.length, 3);
  pdu[5] = values.length * 2;
  values.forEach((v, i) => pdu.writeUInt16BE(v & 0xffff, 6 + i * 2));
  return pdu;
}

/**
 * Length in bytes of the response PDU to `request`, or undefined when it cannot be known from the
 * request alone. An exception response is always 2 bytes.
 */
export function expectedResponseLength(request: Uint8Array): number | undefined {
  const fc = request[0];
  const count = request.length >= 5 ? (request[3]! << 8) | request[4]! : 0;
  switch (fc) {
    case FC.readCoils:
    case FC.readDiscreteInputs:
      return 2 + Math.ceil(count / 8);
    case FC.readHoldingRegisters:
    case FC.readInputRegisters:
      return 2 + count * 2;
    case FC.writeSingleCoil:
    case FC.writeSingleRegister:
    case FC.writeMultipleCoils:
    case FC.writeMultipleRegisters:
      return 5;
    default:
      return undefined;
  }
}

/** Throws ModbusExceptionError if `response` is an exception reply to `request`, or a frame error if it does not match. */
export function checkResponse(request: Uint8Array, response: Uint8Array, unit?: number): void {
  if (response.length < 2) throw new ModbusError('frame', `response PDU too short (${response.length} bytes)`, unit);
  const fc = request[0]!;
  if (response[0] === (fc | 0x80)) throw new ModbusExceptionError(fc, response[1]!, unit);
  if (response[0] !== fc) {
    throw new ModbusError('frame', `response function 0x${response[0]!.toString(16)} does not match request 0x${fc.toString(16)}`, unit);
  }
  const expected = expectedResponseLength(request);
  if (expected !== undefined && response.length !== expected) {
    throw new ModbusError('frame', `response PDU is ${response.length} bytes, expected ${expected}`, unit);
  }
}

/** Registers out of a read-registers response PDU. */
export function parseRegisters(response: Uint8Array): Uint16Array {
  const byteCount = response[1]!;
  const out = new Uint16Array(byteCount / 2);
  for (let i = 0; i < out.length; i++) out[i] = (response[2 + i * 2]! << 8) | response[3 + i * 2]!;
  return out;
}

/** Bits out of a read-coils / read-discrete-inputs response PDU. */
export function parseBits(response: Uint8Array, count: number): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < count; i++) out.push(((response[2 + (i >> 3)]! >> (i & 7)) & 1) === 1);
  return out;
}
