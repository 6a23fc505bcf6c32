// Modbus TCP master (modbus-serial): one connection per host:port, reconnected on demand, fair per unit id.

import ModbusSerial from 'modbus-serial';
import type { ModbusClient, TransportTiming } from './client.js';
import { DEFAULT_TIMING } from './client.js';
import { ModbusError, ModbusExceptionError } from './errors.js';
import { FairQueue, type Priority, type Turn } from './fair-queue.js';

// modbus-serial is CommonJS: its module.exports is the client class, and `.default` points at it too.
const ModbusRTU = ModbusSerial.default;

export interface TcpOptions extends TransportTiming {
  host: string;
  port: number;
}

type Op = 'readRegisters' | 'readBits' | 'writeCoil' | 'writeRegister';
/** Writes are commands (a contactor opening): they go ahead of every queued read. */
const PRIORITY_OF: Record<Op, Priority> = { readRegisters: 'normal', readBits: 'normal', writeCoil: 'urgent', writeRegister: 'urgent' };
const FUNCTION_OF: Record<Op, (fc?: number) => number> = {
  readRegisters: (fc) => fc ?? 3,
  readBits: (fc) => fc ?? 1,
  writeCoil: () => 5,
  writeRegister: () => 6,
};

/** Maps modbus-serial's errors onto ModbusError kinds, so callers see the same errors as over RTU. */
function translate(err: unknown, unit: number, fc: number, name: string): ModbusError {
  const e = err as { message?: string; modbusCode?: number; errno?: string; name?: string };
  if (typeof e?.modbusCode === 'number') return new ModbusExceptionError(fc, e.modbusCode, unit);
  if (e?.errno === 'ETIMEDOUT' || e?.name === 'TransactionTimedOutError') {
    return new ModbusError('timeout', `unit ${unit} on ${name} did not answer in time`, unit);
  }
  if (e?.message?.includes('CRC')) return new ModbusError('frame', `bad reply from unit ${unit} on ${name}: ${e.message}`, unit);
  return new ModbusError('transport', `${name}: ${e?.message ?? String(err)}`, unit);
}

export class TcpClient implements ModbusClient {
  readonly name: string;
  private readonly client = new ModbusRTU();
  private readonly queue = new FairQueue();
  private connecting: Promise<void> | undefined;
  private closed = false;
  /** Units whose last transaction failed: one attempt each until they answer again, as on RTU. */
  private readonly failing = new Set<number>();

  constructor(private readonly opts: TcpOptions) {
    this.name = `tcp://${opts.host}:${opts.port}`;
    this.client.setTimeout(opts.timeoutMs);
  }

  static withDefaults(host: string, port: number, timing: Partial<TransportTiming> = {}): TcpClient {
    return new TcpClient({ host, port, ...DEFAULT_TIMING, ...timing });
  }

  private async connect(): Promise<void> {
    if (this.client.isOpen) return;
    this.connecting ??= this.client
      .connectTCP(this.opts.host, { port: this.opts.port })
      .catch((err: Error) => {
        throw new ModbusError('transport', `cannot connect to ${this.name}: ${err.message}`);
      })
      .finally(() => {
        this.connecting = undefined;
      });
    await this.connecting;
  }

  private run<T>(unit: number, op: Op, fc: number | undefined, call: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ModbusError('closed', `${this.name} is closed`, unit));
    const attempt = async (turn: Turn): Promise<T> => {
      const attempts = this.failing.has(unit) ? 1 : 1 + this.opts.retries;
      let last: ModbusError | undefined;
      for (let i = 0; i < attempts; i++) {
        if (i > 0) await turn.yieldToUrgent(); // a contactor command waits for one attempt, not for every retry
        try {
          await this.connect();
          this.client.setID(unit);
          const result = await call();
          this.failing.delete(unit);
          return result;
        } catch (err) {
          last = err instanceof ModbusError ? err : translate(err, unit, FUNCTION_OF[op](fc), this.name);
          if (last.kind === 'exception') break;
        }
      }
      if (last!.kind !== 'exception') this.failing.add(unit);
      throw last!;
    };
    return this.queue.submit(unit, attempt, PRIORITY_OF[op]);
  }

  async readRegisters(unit: number, fc: 3 | 4, address: number, count: number): Promise<Uint16Array> {
    const res = await this.run(unit, 'readRegisters', fc, () =>
      fc === 3 ? this.client.readHoldingRegisters(address, count) : this.client.readInputRegisters(address, count),
    );
    if (res.data.length !== count) throw new ModbusError('frame', `unit ${unit} returned ${res.data.length} registers, asked ${count}`, unit);
    return Uint16Array.from(res.data);
  }

  async readBits(unit: number, fc: 1 | 2, address: number, count: number): Promise<boolean[]> {
    const res = await this.run(unit, 'readBits', fc, () =>
      fc === 1 ? this.client.readCoils(address, count) : this.client.readDiscreteInputs(address, count),
    );
    return res.data.slice(0, count);
  }

  async writeCoil(unit: number, address: number, on: boolean): Promise<void> {
    await this.run(unit, 'writeCoil', undefined, () => this.client.writeCoil(address, on));
  }

  async writeRegister(unit: number, address: number, value: number): Promise<void> {
    await this.run(unit, 'writeRegister', undefined, () => this.client.writeRegister(address, value));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.drain(new ModbusError('closed', `${this.name} is closed`));
    if (this.client.isOpen) await new Promise<void>((resolve) => this.client.close(() => resolve()));
  }
}
