// Fault modes a simulated Modbus device can be put in, to exercise the drivers' error paths.

export type DeviceFault =
  | { kind: 'none' }
  /** The device ignores requests (a timeout at the master). */
  | { kind: 'no-answer' }
  /** Every request gets this Modbus exception code (e.g. 4 = Server Device Failure). */
  | { kind: 'exception'; code: number }
  /** RTU only: the reply's CRC is corrupted (on TCP there is no CRC; the reply is dropped instead). */
  | { kind: 'corrupt-crc' }
  /** The device answers after this delay. */
  | { kind: 'slow'; delayMs: number };

export const NO_FAULT: DeviceFault = { kind: 'none' };
