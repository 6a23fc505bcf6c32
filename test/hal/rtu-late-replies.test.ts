// RTU replies and time: a reply after its request timed out is never taken for a later request's; a stall of this process is not the device's silence.

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

  it('a reply that came in while this process was stalled past the timeout is the answer, not a timeout', async () => {
    current = await startRig('rtu', {}, TIMING);
    const { client, rig } = current;
    const serve = rig.devices.count.bind(rig.devices);
    rig.devices.count = (unit) => {
      // the process is not scheduled (a loaded CPU) from the moment the device answers until after
      // the reply timer is due: the reply is on the line in time, the master reads it late
      const until = Date.now() + TIMING.timeoutMs + 100;
      while (Date.now() < until);
      rig.devices.count = serve;
      serve(unit);
    };
    expect(float(await client.readRegisters(METER, 4, FREQUENCY, 2))).toBeCloseTo(50, 3);
  });
});
