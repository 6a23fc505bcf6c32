// A Meter under the test's control: set() makes a reading (emitted, latest()), fail() makes read() reject.

import { EventEmitter } from 'node:events';
import { MeterReadError, type LatestReading, type Meter, type MeterEvents, type MeterFault, type MeterReading } from '../../../hal/meter/meter.js';

export class FakeMeter extends EventEmitter implements Meter {
  readonly id = 'fake-meter';
  fault: MeterFault | undefined;
  private current: MeterReading | undefined;
  private stale = false;
  private failing = false;
  /** How many times read() was called. */
  reads = 0;

  constructor(energyImportWh = 1000, private readonly now: () => number = () => 0) {
    super();
    this.current = { timestamp: now(), energyImportWh, powerW: 0, phases: {} };
  }

  /** A new reading (fields not given keep their value), emitted as 'reading'. */
  set(r: Partial<Omit<MeterReading, 'timestamp'>>): MeterReading {
    const base = this.current ?? { timestamp: 0, energyImportWh: 0, powerW: 0, phases: {} };
    this.current = { ...base, ...r, timestamp: this.now() };
    this.stale = false;
    this.emit('reading', this.current);
    return this.current;
  }

  /** latest() reports the last reading as stale (no fresh value). */
  goStale(): void {
    this.stale = true;
  }

  /** read() rejects (the device does not answer) until fail(false). */
  fail(on = true): void {
    this.failing = on;
  }

  read(): Promise<MeterReading> {
    this.reads++;
    if (this.failing || !this.current) return Promise.reject(new MeterReadError('timeout', 'fake meter does not answer'));
    return Promise.resolve({ ...this.current, timestamp: this.now() });
  }

  latest(): LatestReading | undefined {
    return this.current ? { reading: this.current, stale: this.stale } : undefined;
  }

  start(): void {}
  stop(): void {}

  override on<E extends keyof MeterEvents>(event: E, listener: MeterEvents[E]): this {
    return super.on(event, listener);
  }

  override off<E extends keyof MeterEvents>(event: E, listener: MeterEvents[E]): this {
    return super.off(event, listener);
  }
}
