// A Meter under the test's control: set() or feed() makes a reading (emitted, latest()), raiseFault() a fault, fail() makes read() reject.

import { FakeDevice } from './fake-device.js';
import { MeterReadError, type LatestReading, type Meter, type MeterEvents, type MeterFault, type MeterReading } from '../../../hal/meter/meter.js';

export class FakeMeter extends FakeDevice<MeterEvents> implements Meter {
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

  /** A whole new reading (nothing kept from the last one; `extra` adds fields), the fault cleared, emitted as 'reading'. */
  feed(energyImportWh: number, powerW: number, extra: Partial<MeterReading> = {}): MeterReading {
    this.current = { timestamp: this.now(), energyImportWh, powerW, phases: {}, ...extra };
    this.fault = undefined;
    this.stale = false;
    this.emit('reading', this.current);
    return this.current;
  }

  /** The device stops answering: `fault` is set and emitted, latest() is stale until the next feed(). */
  raiseFault(message = 'fake meter: no answer'): MeterFault {
    this.fault = { kind: 'timeout', message, failures: 3 };
    this.stale = true;
    this.emit('fault', this.fault);
    return this.fault;
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
}
