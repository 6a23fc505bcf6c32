// The contactor's opening time a limit stops early by: the larger of the configured time and the slowest recent measured one.

/** How many recent measurements are kept; the slowest of them counts (a contactor ages, a bus gets busy). */
const KEPT = 10;

/**
 * Command-to-contacts-open time of one EVSE's contactor, ms. `configuredMs` comes from the config
 * (`evses[].contactor.openLatencyMs`); `measured()` is fed by the safety supervisor each time the feedback confirms
 * an opening. `ms()` is what the limit enforcer subtracts from a predicted crossing.
 */
export class OpenLatency {
  private readonly samples: number[] = [];

  constructor(readonly configuredMs = 0) {
    if (!Number.isFinite(configuredMs) || configuredMs < 0) throw new RangeError(`open latency must be >= 0 ms, got ${configuredMs}`);
  }

  /** One measured opening, ms (ignored unless finite and >= 0). */
  measured(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.samples.push(ms);
    if (this.samples.length > KEPT) this.samples.shift();
  }

  /** The slowest of the recent measurements, ms; undefined before the first. */
  measuredMs(): number | undefined {
    return this.samples.length ? Math.max(...this.samples) : undefined;
  }

  /** The time to stop early by, ms: max(configured, slowest recent measurement). */
  ms(): number {
    return Math.max(this.configuredMs, this.measuredMs() ?? 0);
  }
}
