// Reconnect back-off of OCPP 2.0.1 part 4 section 5.3 / 2.1 part 4 section 5.4 (OCPPCommCtrlr.RetryBackOff*).
//
// "The first reconnection attempts SHALL be after a back-off time of: RetryBackOffWaitMinimum seconds, plus a random
// value with a maximum of RetryBackOffRandomRange seconds. After every failed reconnection attempt the Charging
// Station SHALL double the previous back-off time, with a maximum of RetryBackOffRepeatTimes, adding a new random
// value with a maximum of RetryBackOffRandomRange seconds to every reconnection attempt. After
// RetryBackOffRepeatTimes reconnection attempts, the Charging Station SHALL keep reconnecting with the last back-off
// time, not increasing it any further."
//
// So for the n-th reconnection attempt after a connection loss (n = 0 for the first):
//   delay(n) = RetryBackOffWaitMinimum * 2^min(n, RetryBackOffRepeatTimes) + random(0..RetryBackOffRandomRange)
// The doubled part is the deterministic back-off; the random part is drawn fresh for every attempt and not doubled.

/** The OCPPCommCtrlr back-off variables. 1.6 has no such keys; use the same values there. */
export interface BackoffConfig {
  /** RetryBackOffWaitMinimum: back-off before the first reconnection attempt, in seconds (>= 0). */
  waitMinimumSec: number;
  /** RetryBackOffRandomRange: maximum random part added to every attempt, in seconds (>= 0). */
  randomRangeSec: number;
  /** RetryBackOffRepeatTimes: how many times the back-off doubles before it stays constant (integer >= 0). */
  repeatTimes: number;
}

/** A common choice, not from the spec (the spec gives no defaults). */
export const DEFAULT_BACKOFF: BackoffConfig = { waitMinimumSec: 3, randomRangeSec: 10, repeatTimes: 5 };

/** Throws naming the field when `cfg` holds a negative, non-finite or (repeatTimes) non-integer value. */
export function checkBackoffConfig(cfg: BackoffConfig): void {
  for (const key of ['waitMinimumSec', 'randomRangeSec', 'repeatTimes'] as const) {
    const v = cfg[key];
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`back-off ${key} must be a finite number >= 0, got ${v}`);
  }
  if (!Number.isInteger(cfg.repeatTimes)) throw new RangeError(`back-off repeatTimes must be an integer, got ${cfg.repeatTimes}`);
}

/**
 * Delay before reconnection attempt `attempt` (0 = first attempt after the loss), in milliseconds.
 * @param random returns a value in [0, 1); Math.random by default, injectable for tests.
 */
export function backoffDelayMs(attempt: number, cfg: BackoffConfig, random: () => number = Math.random): number {
  checkBackoffConfig(cfg);
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`attempt must be an integer >= 0, got ${attempt}`);
  const base = cfg.waitMinimumSec * 2 ** Math.min(attempt, cfg.repeatTimes);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round((base + r * cfg.randomRangeSec) * 1000);
}

/** Counts failed attempts and yields the next delay; reset() after a successful connection. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly config: () => BackoffConfig,
    private readonly random: () => number = Math.random,
  ) {}

  /** Number of delays handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt, in ms; counts the attempt. Reads the config fresh (it may change at run time). */
  next(): number {
    return backoffDelayMs(this.attempt++, this.config(), this.random);
  }

  /** Start over from RetryBackOffWaitMinimum (after a successful connection). */
  reset(): void {
    this.attempt = 0;
  }
}
