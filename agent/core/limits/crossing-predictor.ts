// Predicts when a live power flow uses up an energy budget: the moment to open the contactor, not a meter poll later.

const MS_PER_HOUR = 3_600_000;

export interface CrossingInput {
  /** Wh still allowed at `atMs`; > 0. */
  remainingWh: number;
  /** Power flowing at `atMs`, W; <= 0 means nothing is being used up and there is no crossing. */
  powerW: number;
  /** When `remainingWh` was true (the meter reading's timestamp), ms since epoch. */
  atMs: number;
  /** Expected time from the decision to the contacts being open, ms; the command goes out that much earlier. */
  openLatencyMs: number;
}

/**
 * The time to command the contactor open, ms since epoch: the crossing at constant power, minus the open
 * latency. Undefined when the power is 0 or negative (a pause: the next reading re-predicts). May be in the
 * past (the caller acts at once).
 */
export function predictCrossing(i: CrossingInput): number | undefined {
  if (!(i.powerW > 0) || !Number.isFinite(i.remainingWh)) return undefined;
  return i.atMs + (i.remainingWh / i.powerW) * MS_PER_HOUR - i.openLatencyMs;
}

/** Energy a constant power delivers over `ms` milliseconds, Wh. */
export function energyOver(powerW: number, ms: number): number {
  return (Math.max(0, powerW) * Math.max(0, ms)) / MS_PER_HOUR;
}
