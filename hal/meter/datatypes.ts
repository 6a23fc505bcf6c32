// Register-to-number decoding for meter maps: float32, (u)int16/32/64, word order, raw invalid markers.

export type DataType = 'float32' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';
export type WordOrder = 'high-first' | 'low-first';

export const REGISTERS_OF: Record<DataType, number> = {
  float32: 2,
  int16: 1,
  uint16: 1,
  int32: 2,
  uint32: 2,
  int64: 4,
  uint64: 4,
};

/** The registers as bytes in big-endian order (most significant word first). */
function bigEndianBytes(words: Uint16Array, order: WordOrder): Buffer {
  const ordered = order === 'high-first' ? words : Uint16Array.from(words).reverse();
  const buf = Buffer.alloc(ordered.length * 2);
  ordered.forEach((w, i) => buf.writeUInt16BE(w, i * 2));
  return buf;
}

/** The raw register content as a hex string, e.g. "0xffffffff", for matching invalid markers. */
export function rawHex(words: Uint16Array, order: WordOrder): string {
  return '0x' + bigEndianBytes(words, order).toString('hex');
}

/** Decodes `words` (exactly REGISTERS_OF[type] of them). May return NaN or Infinity for float32. */
export function decode(words: Uint16Array, type: DataType, order: WordOrder): number {
  const b = bigEndianBytes(words, order);
  switch (type) {
    case 'float32':
      return b.readFloatBE(0);
    case 'int16':
      return b.readInt16BE(0);
    case 'uint16':
      return b.readUInt16BE(0);
    case 'int32':
      return b.readInt32BE(0);
    case 'uint32':
      return b.readUInt32BE(0);
    case 'int64':
      return Number(b.readBigInt64BE(0));
    case 'uint64':
      return Number(b.readBigUInt64BE(0));
  }
}
