// Serial line timing of Modbus RTU: character time, the 3.5-character inter-frame silence, frame wire time.

export type Parity = 'none' | 'even' | 'odd';

export interface SerialSettings {
  baudRate: number;
  parity: Parity;
  stopBits: 1 | 2;
  dataBits: 8;
}

/** Bits on the wire per character: start + 8 data + parity + stop. */
export function bitsPerChar(s: SerialSettings): number {
  return 1 + s.dataBits + (s.parity === 'none' ? 0 : 1) + s.stopBits;
}

export function charTimeMs(s: SerialSettings): number {
  return (bitsPerChar(s) * 1000) / s.baudRate;
}

/**
 * The silent interval that separates frames (t3.5). Modbus over Serial Line v1.02 section 2.5.1.1:
 * above 19200 baud a fixed 1.75 ms is recommended instead of 3.5 character times.
 */
export function interFrameSilenceMs(s: SerialSettings): number {
  return s.baudRate > 19200 ? 1.75 : 3.5 * charTimeMs(s);
}

/** Time one frame of `bytes` occupies the line, including the silence that must follow it. */
export function frameWireTimeMs(bytes: number, s: SerialSettings): number {
  return bytes * charTimeMs(s) + interFrameSilenceMs(s);
}
