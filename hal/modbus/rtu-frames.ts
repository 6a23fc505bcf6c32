// Recognising an RTU reply at the head of the receive buffer by its shape: unit, function, length and CRC.

import { crcMatches } from './crc.js';

/** What a reply to one request looks like on the line. */
export interface ReplyShape {
  unit: number;
  /** The request's function code; an exception reply carries it with the high bit set. */
  fc: number;
  /** Bytes of a normal reply frame (address + PDU + CRC), or undefined when the request does not tell. */
  frameLength: number | undefined;
}

const EXCEPTION_FRAME_LENGTH = 5;

function lengthAtHead(rx: Buffer, shape: ReplyShape): number | undefined {
  if (rx.length < 2 || rx[0] !== shape.unit) return undefined;
  if (rx[1] === (shape.fc | 0x80)) return EXCEPTION_FRAME_LENGTH;
  return rx[1] === shape.fc ? shape.frameLength : undefined;
}

/** Length of a complete reply of `shape` with a good CRC at the head of `rx`, or 0 when there is none (yet). */
export function replyAtHead(rx: Buffer, shape: ReplyShape): number {
  const need = lengthAtHead(rx, shape);
  if (need === undefined || rx.length < need) return 0;
  return crcMatches(rx.subarray(0, need)) ? need : 0;
}

/** True while the bytes at the head of `rx` may still grow into a reply of `shape`. */
export function mayBecomeReply(rx: Buffer, shape: ReplyShape): boolean {
  if (rx.length < 2) return rx.length === 0 || rx[0] === shape.unit;
  const need = lengthAtHead(rx, shape);
  return need !== undefined && rx.length < need;
}

/** Two requests whose replies cannot be told apart on the line: same unit, function and length. */
export function sameShape(a: ReplyShape, b: ReplyShape): boolean {
  return a.unit === b.unit && a.fc === b.fc && a.frameLength === b.frameLength;
}
