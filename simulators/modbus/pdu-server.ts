// Serves Modbus request PDUs against RegisterBanks: the protocol core shared by the TCP and RTU simulators.

import type { RegisterBank } from './register-bank.js';
import { NO_FAULT, type DeviceFault } from './faults.js';

export interface SimulatedDevice {
  bank: RegisterBank;
  fault: DeviceFault;
}

/** What to do with one request: reply with `pdu` after `delayMs`, or stay silent. */
export type Disposition = { reply: Buffer; delayMs: number; corruptCrc: boolean } | { reply: null };

function exception(fc: number, code: number): Buffer {
  return Buffer.from([fc | 0x80, code]);
}

function readBits(map: Map<number, boolean>, fc: number, address: number, count: number): Buffer {
  if (count < 1 || count > 2000) return exception(fc, 3);
  const out = Buffer.alloc(2 + Math.ceil(count / 8));
  out[0] = fc;
  out[1] = Math.ceil(count / 8);
  for (let i = 0; i < count; i++) {
    const bit = map.get(address + i);
    if (bit === undefined) return exception(fc, 2);
    if (bit) out[2 + (i >> 3)]! |= 1 << (i & 7);
  }
  return out;
}

function readWords(map: Map<number, number>, fc: number, address: number, count: number): Buffer {
  if (count < 1 || count > 125) return exception(fc, 3);
  const out = Buffer.alloc(2 + count * 2);
  out[0] = fc;
  out[1] = count * 2;
  for (let i = 0; i < count; i++) {
    const word = map.get(address + i);
    if (word === undefined) return exception(fc, 2);
    out.writeUInt16BE(word, 2 + i * 2);
  }
  return out;
}

/** Answers one request PDU from `bank`; returns the response PDU (possibly an exception). */
export function handlePdu(bank: RegisterBank, pdu: Buffer): Buffer {
  const fc = pdu[0] ?? 0;
  if (pdu.length < 5) return exception(fc, 3);
  const address = pdu.readUInt16BE(1);
  const value = pdu.readUInt16BE(3);
  if (fc >= 1 && fc <= 4) bank.beforeRead?.();
  switch (fc) {
    case 0x01:
      return readBits(bank.coils, fc, address, value);
    case 0x02:
      return readBits(bank.discreteInputs, fc, address, value);
    case 0x03:
      return readWords(bank.holdingRegisters, fc, address, value);
    case 0x04:
      return readWords(bank.inputRegisters, fc, address, value);
    case 0x05: {
      if (!bank.coils.has(address)) return exception(fc, 2);
      if (value !== 0xff00 && value !== 0x0000) return exception(fc, 3);
      bank.coils.set(address, value === 0xff00);
      bank.onWrite?.('coils', address, value === 0xff00);
      return Buffer.from(pdu.subarray(0, 5));
    }
    case 0x06: {
      if (!bank.holdingRegisters.has(address)) return exception(fc, 2);
      bank.holdingRegisters.set(address, value);
      bank.onWrite?.('holdingRegisters', address, value);
      return Buffer.from(pdu.subarray(0, 5));
    }
    case 0x10: {
      const count = value;
      const byteCount = pdu[5] ?? 0;
      if (count < 1 || count > 123 || byteCount !== count * 2 || pdu.length < 6 + byteCount) return exception(fc, 3);
      for (let i = 0; i < count; i++) if (!bank.holdingRegisters.has(address + i)) return exception(fc, 2);
      for (let i = 0; i < count; i++) {
        const w = pdu.readUInt16BE(6 + i * 2);
        bank.holdingRegisters.set(address + i, w);
        bank.onWrite?.('holdingRegisters', address + i, w);
      }
      return Buffer.from(pdu.subarray(0, 5));
    }
    default:
      return exception(fc, 1);
  }
}

/** Applies a device's fault mode to one request. */
export function dispose(device: SimulatedDevice | undefined, pdu: Buffer): Disposition {
  if (!device) return { reply: null }; // no device at this unit id: silence, as on a real bus
  const fault = device.fault ?? NO_FAULT;
  switch (fault.kind) {
    case 'no-answer':
      return { reply: null };
    case 'exception':
      return { reply: exception(pdu[0] ?? 0, fault.code), delayMs: 0, corruptCrc: false };
    case 'corrupt-crc':
      return { reply: handlePdu(device.bank, pdu), delayMs: 0, corruptCrc: true };
    case 'slow':
      return { reply: handlePdu(device.bank, pdu), delayMs: fault.delayMs, corruptCrc: false };
    default:
      return { reply: handlePdu(device.bank, pdu), delayMs: 0, corruptCrc: false };
  }
}
