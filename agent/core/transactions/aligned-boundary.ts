// Clock-aligned sampling moments: evenly spaced intervals per day, starting at 00:00:00 UTC.

const DAY_MS = 86_400_000;

/**
 * The first clock-aligned moment strictly after `afterMs` for an interval of `intervalS` seconds: the
 * day (UTC) is cut into intervals from midnight, so 900 s gives :00, :15, :30 and :45 of every hour,
 * and an interval that does not divide the day starts again at the next midnight.
 */
export function nextAlignedBoundary(afterMs: number, intervalS: number): number {
  if (!(intervalS > 0)) throw new RangeError(`clock-aligned interval must be > 0 s, got ${intervalS}`);
  const intervalMs = Math.round(intervalS * 1000);
  const midnight = Math.floor(afterMs / DAY_MS) * DAY_MS;
  const k = Math.floor((afterMs - midnight) / intervalMs) + 1;
  const candidate = midnight + k * intervalMs;
  return candidate < midnight + DAY_MS ? candidate : midnight + DAY_MS;
}

/** Whether `atMs` is one of the clock-aligned moments of `intervalS`. */
export function isAlignedBoundary(atMs: number, intervalS: number): boolean {
  return nextAlignedBoundary(atMs - 1, intervalS) === atMs;
}
