// Turns a meter driver into the HAL Meter: polling, staleness, fault after N failures, recovery, plausibility.

import { EventEmitter } from 'node:events';
import { PollLoop } from '../poll-loop.js';
import { MeterReadError, type LatestReading, type Meter, type MeterEvents, type MeterFault, type MeterReading } from './meter.js';

export interface MeterSource {
  readOnce(): Promise<MeterReading>;
}

export interface PolledMeterOptions {
  /** Consecutive failed reads after which the meter is reported faulted (default 3). */
  faultAfterFailures: number;
  /** A reading older than this is stale (default: 3 poll intervals, or 5000 ms before polling starts). */
  staleAfterMs?: number;
  /** The most power the installation can draw, W: an energy step larger than it allows is implausible (default 100 kW). */
  maxPowerW: number;
  /** Slack for register resolution, Wh (default 10). */
  energyToleranceWh: number;
  /** Consistent readings needed to accept a new energy baseline after a jump (default 3). */
  rebaselineAfter: number;
}

export const DEFAULT_METER_OPTIONS: PolledMeterOptions = {
  faultAfterFailures: 3,
  maxPowerW: 100_000,
  energyToleranceWh: 10,
  rebaselineAfter: 3,
};

/** True when `next` could follow `prev` on a real meter: energy never falls, nor rises faster than maxPowerW. */
function plausible(prev: MeterReading, next: MeterReading, o: PolledMeterOptions): boolean {
  const dWh = next.energyImportWh - prev.energyImportWh;
  const hours = Math.max(0, next.timestamp - prev.timestamp) / 3_600_000;
  return dWh >= -o.energyToleranceWh && dWh <= o.maxPowerW * hours + o.energyToleranceWh;
}

export class PolledMeter extends EventEmitter implements Meter {
  private readonly options: PolledMeterOptions;
  private last: MeterReading | undefined;
  private failures = 0;
  private currentFault: MeterFault | undefined;
  private inFlight: Promise<MeterReading> | undefined;
  private readonly loop = new PollLoop(() => this.read());
  private intervalMs: number | undefined;
  /** After a jump: the chain of readings consistent with each other but not with `last`. */
  private candidate: { reading: MeterReading; count: number } | undefined;

  constructor(
    readonly id: string,
    private readonly source: MeterSource,
    options: Partial<PolledMeterOptions> = {},
  ) {
    super();
    this.options = { ...DEFAULT_METER_OPTIONS, ...options };
  }

  get fault(): MeterFault | undefined {
    return this.currentFault;
  }

  override on<E extends keyof MeterEvents>(event: E, listener: MeterEvents[E]): this {
    return super.on(event, listener);
  }

  override off<E extends keyof MeterEvents>(event: E, listener: MeterEvents[E]): this {
    return super.off(event, listener);
  }

  latest(): LatestReading | undefined {
    if (!this.last) return undefined;
    const staleAfter = this.options.staleAfterMs ?? (this.intervalMs ? 3 * this.intervalMs : 5000);
    return { reading: this.last, stale: this.currentFault !== undefined || Date.now() - this.last.timestamp > staleAfter };
  }

  read(): Promise<MeterReading> {
    this.inFlight ??= this.readAndAccount().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  start(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.loop.start(intervalMs);
  }

  stop(): void {
    this.loop.stop();
    this.intervalMs = undefined;
  }

  private async readAndAccount(): Promise<MeterReading> {
    let reading: MeterReading;
    try {
      reading = await this.source.readOnce();
    } catch (err) {
      const e = err instanceof MeterReadError ? err : new MeterReadError('transport', String(err));
      this.failed(e, false);
      throw e;
    }
    if (this.last && !plausible(this.last, reading, this.options)) {
      if (!this.acceptAsNewBaseline(reading)) {
        const e = new MeterReadError(
          'implausible',
          `${this.id}: energy register went from ${this.last.energyImportWh} Wh to ${reading.energyImportWh} Wh in ${reading.timestamp - this.last.timestamp} ms`,
        );
        this.failed(e, true);
        throw e;
      }
      reading = { ...reading, discontinuity: true };
    }
    this.candidate = undefined;
    this.failures = 0;
    this.last = reading;
    const wasFaulted = this.currentFault !== undefined;
    this.currentFault = undefined;
    if (wasFaulted) this.emit('recovered', reading);
    this.emit('reading', reading);
    return reading;
  }

  /** A register that jumped and then counts on consistently for `rebaselineAfter` reads becomes the new baseline. */
  private acceptAsNewBaseline(reading: MeterReading): boolean {
    if (this.candidate && plausible(this.candidate.reading, reading, this.options)) {
      this.candidate = { reading, count: this.candidate.count + 1 };
    } else {
      this.candidate = { reading, count: 1 };
    }
    return this.candidate.count >= this.options.rebaselineAfter;
  }

  private failed(err: MeterReadError, immediately: boolean): void {
    this.failures++;
    if (this.currentFault) return;
    if (immediately || this.failures >= this.options.faultAfterFailures) {
      this.currentFault = { kind: err.kind, message: err.message, failures: this.failures };
      this.emit('fault', this.currentFault);
    }
  }
}
