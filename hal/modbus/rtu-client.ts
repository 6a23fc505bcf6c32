// Modbus RTU master over a serial port (serialport): framing, CRC, t3.5 silence, timeouts, retries, fair bus.

import { SerialPort } from 'serialport';
import type { ModbusClient, TransportTiming } from './client.js';
import { DEFAULT_TIMING } from './client.js';
import { crcMatches, withCrc } from './crc.js';
import { ModbusError } from './errors.js';
import { FairQueue, type Priority, type Turn } from './fair-queue.js';
import { PduClient } from './pdu-client.js';
import { expectedResponseLength } from './pdu.js';
import { mayBecomeReply, replyAtHead, sameShape, type ReplyShape } from './rtu-frames.js';
import { interFrameSilenceMs, type SerialSettings } from './rtu-timing.js';

export interface RtuOptions extends SerialSettings, TransportTiming {
  path: string;
}

interface Pending extends ReplyShape {
  request: Buffer;
  resolve: (pdu: Buffer) => void;
  reject: (err: ModbusError) => void;
  timer: NodeJS.Timeout;
}

/**
 * A reply the line may still carry: its request timed out, but a slow device answers late. RTU has
 * no transaction id, so such a reply is recognised by its shape and dropped; it is kept in mind until
 * `until` (one more timeout) or until the device answers a later request (a slave serves one at a time).
 */
interface Owed extends ReplyShape {
  request: Buffer;
  until: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A reply timer that fires this much later than due shows the process was not running (a loaded CPU). */
const STALL_MS = 2;

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
  private owed: Owed[] = [];
  private owedWaiters: (() => void)[] = [];

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
    this.owed = [];
    this.owedChanged();
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
    const request = withCrc(Buffer.concat([Buffer.from([unit]), pdu]));
    const expectedPdu = expectedResponseLength(pdu);
    const shape: ReplyShape = { unit, fc: pdu[0]!, frameLength: expectedPdu === undefined ? undefined : expectedPdu + 3 };
    await this.untilDistinguishable(shape, request);
    const quietFor = Date.now() - this.lastBusActivity;
    if (quietFor < this.silenceMs) await sleep(Math.ceil(this.silenceMs - quietFor));
    this.expireOwed();
    if (this.owed.length === 0) this.rx = Buffer.alloc(0); // nothing may still arrive: stray bytes go
    return new Promise<Buffer>((resolve, reject) => {
      const finish = () => {
        clearTimeout(this.pending?.timer);
        this.pending = undefined;
        this.lastBusActivity = Date.now();
      };
      this.pending = {
        ...shape,
        request,
        resolve: (reply) => {
          finish();
          resolve(reply);
        },
        reject: (err) => {
          finish();
          reject(err);
        },
        timer: setTimeout(() => onTimer(), this.opts.timeoutMs),
      };
      // The timeout counts the time this process could have received the reply. Node runs due timers
      // before it reads the I/O that came in meanwhile, so after a stall (the process not scheduled on
      // a loaded CPU) the timer fires with the reply already waiting: the line is then watched for as
      // long as the stall lasted (in all at most one more timeout) before the device counts as silent.
      let due = Date.now() + this.opts.timeoutMs;
      let unobserved = this.opts.timeoutMs;
      const onTimer = () => {
        const p = this.pending;
        if (!p || p.request !== request) return;
        const stalled = Math.min(Date.now() - due, unobserved);
        if (stalled >= STALL_MS) {
          unobserved -= stalled;
          due = Date.now() + stalled;
          p.timer = setTimeout(onTimer, stalled);
          return;
        }
        this.owed.push({ ...shape, request, until: Date.now() + this.opts.timeoutMs });
        p.reject(new ModbusError('timeout', `unit ${unit} on ${this.name} did not answer within ${this.opts.timeoutMs} ms`, unit));
      };
      port.write(request, (err) => {
        if (err) this.pending?.reject(new ModbusError('transport', `write to ${this.name} failed: ${err.message}`, unit));
      });
      this.lastBusActivity = Date.now();
    });
  }

  /**
   * Waits while a late reply owed by `shape.unit` would look exactly like the reply to this different
   * request (same function and length, e.g. another register pair): taken for it, it would pass one
   * register's value off as another's. Ends when that reply arrived or its time ran out.
   */
  private async untilDistinguishable(shape: ReplyShape, request: Buffer): Promise<void> {
    for (;;) {
      this.expireOwed();
      const clash = this.owed.filter((o) => sameShape(o, shape) && !o.request.equals(request));
      if (clash.length === 0) return;
      const until = Math.min(...clash.map((o) => o.until));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, until - Date.now()));
        this.owedWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private expireOwed(): void {
    const now = Date.now();
    const before = this.owed.length;
    this.owed = this.owed.filter((o) => o.until > now);
    if (this.owed.length !== before) this.owedChanged();
  }

  private owedChanged(): void {
    for (const wake of this.owedWaiters.splice(0)) wake();
  }

  /** The reply to `p` arrived: a unit that answered it is done with every request sent to it before. */
  private answered(p: Pending): void {
    const twin = this.owed.find((o) => sameShape(o, p));
    if (twin) {
      // the same question asked again (a retry, the next poll): this reply may be the late one, so one
      // reply of this shape may still come
      twin.until = Date.now() + this.opts.timeoutMs;
      return;
    }
    this.owed = this.owed.filter((o) => o.unit !== p.unit);
    this.owedChanged();
  }

  private onData(chunk: Buffer): void {
    this.lastBusActivity = Date.now();
    this.rx = Buffer.concat([this.rx, chunk]);
    this.expireOwed();
    for (;;) {
      const p = this.pending;
      const own = p ? replyAtHead(this.rx, p) : 0;
      if (p && own > 0) {
        const frame = this.rx.subarray(0, own);
        this.rx = this.rx.subarray(own);
        this.answered(p);
        p.resolve(Buffer.from(frame.subarray(1, own - 2)));
        return;
      }
      const late = this.owed.findIndex((o) => replyAtHead(this.rx, o) > 0);
      if (late >= 0) {
        this.rx = this.rx.subarray(replyAtHead(this.rx, this.owed[late]!)); // a late reply to a timed-out request: dropped
        this.owed.splice(late, 1);
        this.owedChanged();
        continue;
      }
      if (this.owed.some((o) => mayBecomeReply(this.rx, o)) || (p && mayBecomeReply(this.rx, p))) return; // more bytes to come
      if (!p) {
        this.rx = Buffer.alloc(0); // stray bytes with no request outstanding: discarded
        return;
      }
      this.rejectMalformed(p);
      return;
    }
  }

  /** The bytes at the head are no reply to `p` nor a late one: a corrupt frame or another unit's. */
  private rejectMalformed(p: Pending): void {
    if (this.rx.length < 3) return;
    const isException = (this.rx[1]! & 0x80) !== 0;
    const need = isException ? 5 : p.frameLength;
    if (need === undefined || this.rx.length < need) return;
    const frame = this.rx.subarray(0, need);
    this.rx = Buffer.alloc(0);
    if (!crcMatches(frame)) {
      p.reject(new ModbusError('crc', `CRC error in reply from unit ${p.unit} on ${this.name}`, p.unit));
      return;
    }
    p.reject(new ModbusError('frame', `reply from unit ${frame[0]} while waiting for unit ${p.unit} on ${this.name}`, p.unit));
  }
}
