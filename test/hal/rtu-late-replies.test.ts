// RTU has no transaction id: a reply that comes after its request timed out must never be taken for the reply to a later request.

import { afterEach, describe, expect, it } from 'vitest';
import { ModbusError } from '../../hal/modbus/errors.js';
import { startRig, type RigUnderTest } from '../helpers/rig.js';

const TIMING = { timeoutMs: 300, retries: 0 };
const METER = 1;
const VOLTAGE_L1 = 0x0000; // sdm630 float32: 230 V
const FREQUENCY = 0x0046; // sdm630 float32: 50 Hz

let current: RigUnderTest | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

const float = (w: Uint16Array) => {
  const b = Buffer.alloc(4);
  b.writeUInt16BE(w[0]!, 0);
  b.writeUInt16BE(w[1]!, 2);
  return b.readFloatBE(0);
};

describe('late replies on an RTU bus', () => {
  it("a reply that comes after its request timed out is dropped, not taken for the next request's (same function and length, another register)", async () => {
    current = await startRig('rtu', {}, TIMING);
    const { client, rig } = current;
    // the meter answers the voltage read 100 ms after the master gave up on it...
    rig.devices.setFault(METER, { kind: 'slow', delayMs: TIMING.timeoutMs + 100 });
    const first = await client.readRegisters(METER, 4, VOLTAGE_L1, 2).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ModbusError);
    expect((first as ModbusError).kind).toBe('timeout');
    // ...and the frequency read that follows at once 100 ms after it is sent: the late voltage reply
    // (same unit, function 4, 2 registers) reaches the line first
    rig.devices.setFault(METER, { kind: 'slow', delayMs: 100 });
    expect(float(await client.readRegisters(METER, 4, FREQUENCY, 2))).toBeCloseTo(50, 3);
    expect(float(await client.readRegisters(METER, 4, VOLTAGE_L1, 2))).toBeCloseTo(230, 3);
  });

  it('a late reply to another request shape (a longer read) is skipped, and the reply after it is the answer', async () => {
    current = await startRig('rtu', {}, TIMING);
    const { client, rig } = current;
    rig.devices.setFault(METER, { kind: 'slow', delayMs: TIMING.timeoutMs + 100 });
    await expect(client.readRegisters(METER, 4, VOLTAGE_L1, 6)).rejects.toMatchObject({ kind: 'timeout' });
    rig.devices.setFault(METER, { kind: 'slow', delayMs: 200 });
    // the 6-register voltage reply arrives while this read waits: not a CRC error, not its answer
    expect(float(await client.readRegisters(METER, 4, FREQUENCY, 2))).toBeCloseTo(50, 3);
  });
});
