// Modbus RTU slave on a serial device for the simulators: several unit ids on one line, CRC-checked.

import { SerialPort } from 'serialport';
import { crcMatches, withCrc } from '../../hal/modbus/crc.js';
import type { DeviceSet } from './device-set.js';
import { dispose } from './pdu-server.js';

/** Length of a request frame (address + PDU + CRC) from its first bytes, or undefined if more are needed. */
function requestFrameLength(buf: Buffer): number | undefined {
  if (buf.length < 2) return undefined;
  const fc = buf[1]!;
  if (fc >= 1 && fc <= 6) return 8;
  if (fc === 15 || fc === 16) return buf.length < 7 ? undefined : 9 + buf[6]!;
  return 4; // unknown function: address + fc + CRC, answered with Illegal Function if the CRC holds
}

export class ModbusRtuSlave {
  private port: SerialPort | undefined;
  private buf = Buffer.alloc(0);
  private gapTimer: NodeJS.Timeout | undefined;
  /** Frames dropped for a bad CRC (a real slave stays silent). */
  crcErrors = 0;

  constructor(
    private readonly devices: DeviceSet,
    readonly path: string,
    private readonly baudRate = 9600,
  ) {}

  async open(): Promise<void> {
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('error', () => undefined);
    this.port = port;
  }

  async close(): Promise<void> {
    clearTimeout(this.gapTimer);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private onData(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    // a silent line resynchronises framing, as t3.5 does on a real bus
    clearTimeout(this.gapTimer);
    this.gapTimer = setTimeout(() => (this.buf = Buffer.alloc(0)), 50);
    for (;;) {
      const need = requestFrameLength(this.buf);
      if (need === undefined || this.buf.length < need) return;
      const frame = this.buf.subarray(0, need);
      this.buf = this.buf.subarray(need);
      if (!crcMatches(frame)) {
        this.crcErrors++;
        this.buf = Buffer.alloc(0);
        return;
      }
      this.handle(frame[0]!, Buffer.from(frame.subarray(1, need - 2)));
    }
  }

  private handle(unit: number, pdu: Buffer): void {
    if (unit === 0) return; // broadcast: no reply
    this.devices.count(unit);
    const d = dispose(this.devices.devices.get(unit), pdu);
    if (d.reply === null) return;
    const out = withCrc(Buffer.concat([Buffer.from([unit]), d.reply]));
    if (d.corruptCrc) out[out.length - 1] = out[out.length - 1]! ^ 0xff;
    const send = () => this.port?.write(out);
    if (d.delayMs > 0) setTimeout(send, d.delayMs);
    else send();
  }
}
