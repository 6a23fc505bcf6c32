import { describe, expect, it } from 'vitest';
import { crc16, crcMatches, withCrc } from '../../hal/modbus/crc.js';

describe('Modbus CRC-16', () => {
  it('matches the worked example of the Modbus serial line spec (01 03 00 00 00 0A -> C5 CD)', () => {
    const frame = withCrc(Buffer.from([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a]));
    expect([...frame.subarray(6)]).toEqual([0xc5, 0xcd]);
    expect(crcMatches(frame)).toBe(true);
  });

  it('rejects a frame with one flipped bit', () => {
    const frame = withCrc(Buffer.from([0x11, 0x04, 0x00, 0x48, 0x00, 0x02]));
    frame[3] = frame[3]! ^ 0x01;
    expect(crcMatches(frame)).toBe(false);
  });

  it('computes the check value 0x4B37 for "123456789"', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x4b37);
  });
});
