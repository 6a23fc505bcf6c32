// ModbusClient's typed calls built on one "send a PDU to a unit, get its reply PDU" primitive.

import type { ModbusClient } from './client.js';
import type { Priority } from './fair-queue.js';
import { checkResponse, parseBits, parseRegisters, readRequest, writeSingleCoilRequest, writeSingleRegisterRequest } from './pdu.js';

export abstract class PduClient implements Pick<ModbusClient, 'readRegisters' | 'readBits' | 'writeCoil' | 'writeRegister'> {
  /**
   * Sends one request PDU to `unit` and resolves with its reply PDU (which may be an exception).
   * Writes are commands (a contactor opening) and go 'urgent': ahead of every queued read.
   */
  protected abstract transact(unit: number, pdu: Buffer, priority: Priority): Promise<Buffer>;

  private async exchange(unit: number, pdu: Buffer, priority: Priority = 'normal'): Promise<Buffer> {
    const reply = await this.transact(unit, pdu, priority);
    checkResponse(pdu, reply, unit);
    return reply;
  }

  async readRegisters(unit: number, fc: 3 | 4, address: number, count: number): Promise<Uint16Array> {
    return parseRegisters(await this.exchange(unit, readRequest(fc, address, count)));
  }

  async readBits(unit: number, fc: 1 | 2, address: number, count: number): Promise<boolean[]> {
    return parseBits(await this.exchange(unit, readRequest(fc, address, count)), count);
  }

  async writeCoil(unit: number, address: number, on: boolean): Promise<void> {
    await this.exchange(unit, writeSingleCoilRequest(address, on), 'urgent');
  }

  async writeRegister(unit: number, address: number, value: number): Promise<void> {
    await this.exchange(unit, writeSingleRegisterRequest(address, value), 'urgent');
  }
}
