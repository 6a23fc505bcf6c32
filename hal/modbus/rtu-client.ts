// Modbus RTU master over a serial port (serialport): framing, CRC, t3.5 silence, timeouts, retries, fair bus.

import { SerialPort } from 'serialport';
import type { ModbusClient, TransportTiming } from './client.js';
import { DEFAULT_TIMING } from './client.js';
import { crcMatches, withCrc } from './crc.js';
import { ModbusError } from './errors.js';
import { FairQueue, type Priority, type Turn } from './fair-queue.js';
import { PduClient } from './pdu-client.js';
import { expectedResponseLength } from './pdu.js';
import { interFrameSilenceMs, type SerialSettings } from './rtu-timing.js';

export interface RtuOptions extends SerialSettings, TransportTiming {
  path: string;
}

interface Pending {
  unit: number;
  request: Buffer;
  expectedLength: number | undefined;
  resolve: (pdu: Buffer) => void;
  reject: (err: ModbusError) => void;
  timer: NodeJS.Timeout;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One RS-485 bus. Every device on it shares this client; transactions are serialised by a
 * FairQueue. A unit that failed its last transaction gets no retries until it answers again, so a
 * dead device costs the bus one timeout per turn, not (1 + retries) timeouts.
 */
export class RtuClient extends PduClient implements ModbusClient {
  readonly name: string;
  private port: SerialPort | undefined;
  private opening: Promise<SerialPort> | undefined;
  private readonly queue = new FairQueue();
  private rx = Buffer.alloc(0);
  private pending: Pending | undefined;
  private lastBusActivity = 0;
  private closed = false;
  private readonly failing = new Set<number>();
  private readonly silenceMs: number;

  constructor(private readonly opts: RtuOptions) {
    super();
    const p = opts.parity === 'none' ? 'N' : opts.parity === 'even' ? 'E' : 'O';
    this.name = `rtu:${opts.path}@${opts.baudRate},${opts.dataBits}${p}${opts.stopBits}`;
    this.silenceMs = interFrameSilenceMs(opts);
  }

  static withDefaults(path: string, settings: Partial<Omit<RtuOptions, 'path'>> = {}): RtuClient {
    return new RtuClient({ path, baudRate: 9600, parity: 'none', stopBits: 1, dataBits: 8, ...DEFAULT_TIMING, ...settings });
  }

  protected transact(unit: number, pdu: Buffer, priority: Priority): Promise<Buffer> {
    if (this.closed) return Promise.reject(new ModbusError('closed', `${this.name} is closed`, unit));
    return this.queue.submit(unit, (turn) => this.withRetries(unit, pdu, turn), priority);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.drain(new ModbusError('closed', `${this.name} is closed`));
    this.pending?.reject(new ModbusError('closed', `${this.name} is closed`, this.pending.unit));
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private async withRetries(unit: number, pdu: Buffer, turn: Turn): Promise<Buffer> {
    const attempts = this.failing.has(unit) ? 1 : 1 + this.opts.retries;
    let last: ModbusError | undefined;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await turn.yieldToUrgent(); // a contactor command waits for one attempt, not for every retry
      try {
        const reply = await this.once(unit, pdu);
        this.failing.delete(unit);
        return reply;
      } catch (err) {
        last = err instanceof ModbusError ? err : new ModbusError('transport', String(err), unit);
        if (last.kind !== 'timeout' && last.kind !== 'crc' && last.kind !== 'frame') break;
      }
    }
    if (last!.kind !== 'exception') this.failing.add(unit);
    throw last!;
  }

  private async ensureOpen(): Promise<SerialPort> {
    if (this.port?.isOpen) return this.port;
    if (!this.opening) {
      this.opening = new Promise<SerialPort>((resolve, reject) => {
        const port = new SerialPort({
          path: this.opts.path,
          baudRate: this.opts.baudRate,
          dataBits: this.opts.dataBits,
          stopBits: this.opts.stopBits,
          parity: this.opts.parity,
          autoOpen: false,
        });
        port.open((err) => {
          if (err) return reject(new ModbusError('transport', `cannot open ${this.name}: ${err.message}`));
          port.on('data', (chunk: Buffer) => this.onData(chunk));
          port.on('close', () => {
            if (this.port === port) this.port = undefined;
          });
          port.on('error', () => {
            /* surfaced as timeouts; the port is reopened on the next request */
          });
          this.port = port;
          resolve(port);
        });
      }).finally(() => {
        this.opening = undefined;
      });
    }
    return this.opening;
  }

  /** One attempt: wait for bus silence, send, collect the reply or time out. */
  private async once(unit: number, pdu: Buffer): Promise<Buffer> {
    const port = await this.ensureOpen();
    const quietFor = Date.now() - this.lastBusActivity;
    if (quietFor < this.silenceMs) await sleep(Math.ceil(this.silenceMs - quietFor));
    this.rx = Buffer.alloc(0);
    const request = withCrc(Buffer.concat([Buffer.from([unit]), pdu]));
    const expectedPdu = expectedResponseLength(pdu);
    return new Promise<Buffer>((resolve, reject) => {
      const finish = () => {
        clearTimeout(this.pending?.timer);
        this.pending = undefined;
        this.lastBusActivity = Date.now();
      };
      this.pending = {
        unit,
        request,
        expectedLength: expectedPdu === undefined ? undefined : expectedPdu + 3,
        resolve: (reply) => {
          finish();
          resolve(reply);
        },
        reject: (err) => {
          finish();
          reject(err);
        },
        timer: setTimeout(() => {
          this.pending?.reject(new ModbusError('timeout', `unit ${unit} on ${this.name} did not answer within ${this.opts.timeoutMs} ms`, unit));
        }, this.opts.timeoutMs),
      };
      port.write(request, (err) => {
        if (err) this.pending?.reject(new ModbusError('transport', `write to ${this.name} failed: ${err.message}`, unit));
      });
      this.lastBusActivity = Date.now();
    });
  }

  private onData(chunk: Buffer): void {
    this.lastBusActivity = Date.now();
    const p = this.pending;
    if (!p) return; // stray bytes with no request outstanding: discarded
    this.rx = Buffer.concat([this.rx, chunk]);
    if (this.rx.length < 3) return;
    const isException = (this.rx[1]! & 0x80) !== 0;
    const need = isException ? 5 : p.expectedLength;
    if (need === undefined || this.rx.length < need) return;
    const frame = this.rx.subarray(0, need);
    if (!crcMatches(frame)) {
      p.reject(new ModbusError('crc', `CRC error in reply from unit ${p.unit} on ${this.name}`, p.unit));
      return;
    }
    if (frame[0] !== p.unit) {
      p.reject(new ModbusError('frame', `reply from unit ${frame[0]} while waiting for unit ${p.unit} on ${this.name}`, p.unit));
      return;
    }
    p.resolve(Buffer.from(frame.subarray(1, need - 2)));
  }
}
