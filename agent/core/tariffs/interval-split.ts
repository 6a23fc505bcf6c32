// Finds where a meter interval must be split because a tariff condition can flip inside it (clock, duration or energy threshold).

import { Decimal } from './decimal.js';
import { nextLocalTimeOfDay, type UtcOffsetFn } from './local-time.js';
import type { TariffBreakpoints } from './tariff-elements.js';

/** The accumulated state of a transaction at one instant. */
export interface FlowState {
  /** ms since epoch. */
  atMs: number;
  /** Energy delivered since the transaction started, Wh (exact). */
  energyWh: Decimal;
  /** Time spent charging, ms. */
  chargingMs: number;
  /** Time spent idle (connected, not charging), ms. */
  idleMs: number;
}

/** A point inside an interval: when, and how much energy had been delivered by then. */
export interface SplitPoint {
  atMs: number;
  energyWh: Decimal;
}

/**
 * The first point strictly inside the interval from `from` to (`toMs`, `toEnergyWh`) at which an element's
 * applicability can change, or undefined when none. Energy is taken as linear in time over the interval.
 * A clock or duration threshold gives an exact instant (energy interpolated, rounded at 10^-18 Wh); an energy
 * threshold gives the exact energy (its instant rounded up to the next ms, never past `toMs`), so a min bound
 * (inclusive) holds and a max bound (exclusive) fails from the split on. `charging`/`idle` tell which duration
 * counters run during the interval.
 */
export function nextSplit(
  bp: TariffBreakpoints,
  offset: UtcOffsetFn,
  startedAt: number,
  from: FlowState,
  toMs: number,
  toEnergyWh: Decimal,
  charging: boolean,
  idle: boolean,
): SplitPoint | undefined {
  let best: number | undefined;
  const consider = (t: number): void => {
    if (t > from.atMs && t < toMs && (best === undefined || t < best)) best = t;
  };
  if (toMs > from.atMs) {
    for (const m of bp.clockMinutes) consider(nextLocalTimeOfDay(from.atMs, m, offset));
    for (const e of bp.elapsedMs) consider(startedAt + e);
    if (charging) for (const c of bp.chargingMs) consider(from.atMs + (c - from.chargingMs));
    if (idle) for (const c of bp.idleMs) consider(from.atMs + (c - from.idleMs));
  }

  const dE = toEnergyWh.sub(from.energyWh);
  if (!dE.isZero()) {
    const rising = !dE.isNegative();
    const inside = bp.energyWh.filter((thr) => (rising ? thr.gt(from.energyWh) && thr.lt(toEnergyWh) : thr.lt(from.energyWh) && thr.gt(toEnergyWh)));
    const thr = rising ? inside[0] : inside[inside.length - 1];
    if (thr !== undefined) {
      const exactAt = from.atMs + thr.sub(from.energyWh).div(dE).toNumber() * (toMs - from.atMs);
      if (best === undefined || exactAt <= best) {
        const at = Math.min(best ?? toMs, toMs, Math.max(from.atMs, Math.ceil(exactAt)));
        return { atMs: at, energyWh: thr };
      }
    }
  }
  if (best === undefined) return undefined;
  const energyWh = from.energyWh.add(dE.mul(best - from.atMs).div(toMs - from.atMs));
  return { atMs: best, energyWh };
}
