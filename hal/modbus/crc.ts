// Modbus RTU CRC-16 (polynomial 0xA001 reflected, initial 0xFFFF), table-driven.

const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    table[i] = crc;
  }
  return table;
})();

/** CRC of `data[start..end)`; the wire order is low byte first. */
export function crc16(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]!) & 0xff]!;
  return crc;
}

/** Appends the CRC (low byte first) to a frame body. */
export function withCrc(body: Uint8Array): Buffer {
  const out = Buffer.alloc(body.length + 2);
  out.set(body, 0);
  out.writeUInt16LE(crc16(body), body.length);
  return out;
}

/** True when the frame's last two bytes are the CRC of the rest. */
export function crcMatches(frame: Uint8Array): boolean {
  if (frame.length < 4) return false;
  const got = frame[frame.length - 2]! | (frame[frame.length - 1]! << 8);
  return got === crc16(frame, 0, frame.length - 2);
}
