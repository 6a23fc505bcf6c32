// Value-to-register encoders for the simulators (kept apart from the drivers' decoders on purpose).

/** IEEE-754 float32 as two registers, high word first (Eastron's order). */
export function float32Words(value: number): [number, number] {
  const b = Buffer.alloc(4);
  b.writeFloatBE(value, 0);
  return [b.readUInt16BE(0), b.readUInt16BE(2)];
}

export function uint16Word(value: number): [number] {
  return [Math.round(value) & 0xffff];
}

export function int16Word(value: number): [number] {
  const b = Buffer.alloc(2);
  b.writeInt16BE(Math.round(value), 0);
  return [b.readUInt16BE(0)];
}

/** uint32 as two registers, high word first. */
export function uint32Words(value: number): [number, number] {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(Math.round(value) >>> 0, 0);
  return [b.readUInt16BE(0), b.readUInt16BE(2)];
}

/** int32 as two registers, high word first. */
export function int32Words(value: number): [number, number] {
  const b = Buffer.alloc(4);
  b.writeInt32BE(Math.round(value), 0);
  return [b.readUInt16BE(0), b.readUInt16BE(2)];
}

/** uint64 as four registers, most significant word first. */
export function uint64Words(value: number): [number, number, number, number] {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(Math.round(value)), 0);
  return [b.readUInt16BE(0), b.readUInt16BE(2), b.readUInt16BE(4), b.readUInt16BE(6)];
}

/** int64 as four registers, most significant word first. */
export function int64Words(value: number): [number, number, number, number] {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(Math.round(value)), 0);
  return [b.readUInt16BE(0), b.readUInt16BE(2), b.readUInt16BE(4), b.readUInt16BE(6)];
}
