// Which price element of each tariff component is in force (first match in list order), and where that can change.

import type { TariffConditionsType, TariffFixedType, TariffType } from '../types/v21.js';
import { Decimal } from './decimal.js';
import { conditionsHold, fixedConditionsHold, parseTimeOfDay, type ConditionContext, type FixedConditionContext } from './tariff-conditions.js';

/** The tariff components priced over the course of a transaction. */
export type TimedComponent = 'energy' | 'chargingTime' | 'idleTime';
export const TIMED_COMPONENTS: readonly TimedComponent[] = ['energy', 'chargingTime', 'idleTime'];

/** Index into `prices` of the element in force per component; absent when the component is missing or no element matches. */
export type ActiveElements = Partial<Record<TimedComponent, number>>;

/** The conditions of the elements of one timed component (undefined entries for unconditional elements). */
function componentConditions(tariff: TariffType, component: TimedComponent): Array<TariffConditionsType | undefined> {
  return (tariff[component]?.prices ?? []).map((p) => p.conditions);
}

/**
 * The first element (in list order) whose conditions all hold, per component — the OCPI-derived rule OCPP 2.1
 * follows: put an unconditional element last as the fallback. No match: the component costs nothing then.
 */
export function activeElements(tariff: TariffType, ctx: ConditionContext): ActiveElements {
  const active: ActiveElements = {};
  for (const component of TIMED_COMPONENTS) {
    const index = componentConditions(tariff, component).findIndex((c) => conditionsHold(c, ctx));
    if (index >= 0) active[component] = index;
  }
  return active;
}

/** The first fixed price (in list order) whose conditions hold at the start of the transaction, or undefined. */
export function activeFixedElement(fixed: TariffFixedType | undefined, ctx: FixedConditionContext): number | undefined {
  const index = (fixed?.prices ?? []).findIndex((p) => fixedConditionsHold(p.conditions, ctx));
  return index >= 0 ? index : undefined;
}

/** A stable text key of the active elements (a new charging period starts when it changes). */
export function activeKey(active: ActiveElements): string {
  return TIMED_COMPONENTS.map((c) => active[c] ?? '-').join('/');
}

/** The points at which an energy/time element's applicability can flip, collected once per tariff. */
export interface TariffBreakpoints {
  /** Local minutes of day where a time-of-day window opens or closes (0 = midnight, also for day/date changes). */
  clockMinutes: number[];
  /** Transaction durations, ms (minTime/maxTime). */
  elapsedMs: number[];
  /** Charging durations, ms (minChargingTime/maxChargingTime). */
  chargingMs: number[];
  /** Idle durations, ms (minIdleTime/maxIdleTime). */
  idleMs: number[];
  /** Delivered energies, Wh (minEnergy/maxEnergy), ascending. */
  energyWh: Decimal[];
}

export function tariffBreakpoints(tariff: TariffType): TariffBreakpoints {
  const clock = new Set<number>();
  const elapsed = new Set<number>();
  const charging = new Set<number>();
  const idle = new Set<number>();
  const energy = new Map<string, Decimal>();
  for (const component of TIMED_COMPONENTS) {
    for (const c of componentConditions(tariff, component)) {
      if (!c) continue;
      for (const t of [c.startTimeOfDay, c.endTimeOfDay]) {
        const m = t !== undefined ? parseTimeOfDay(t) : undefined;
        if (m !== undefined) clock.add(m);
      }
      if (c.dayOfWeek || c.validFromDate !== undefined || c.validToDate !== undefined || c.startTimeOfDay !== undefined || c.endTimeOfDay !== undefined) clock.add(0);
      for (const s of [c.minTime, c.maxTime]) if (s !== undefined) elapsed.add(s * 1000);
      for (const s of [c.minChargingTime, c.maxChargingTime]) if (s !== undefined) charging.add(s * 1000);
      for (const s of [c.minIdleTime, c.maxIdleTime]) if (s !== undefined) idle.add(s * 1000);
      for (const e of [c.minEnergy, c.maxEnergy]) if (e !== undefined) energy.set(String(e), Decimal.from(e));
    }
  }
  return {
    clockMinutes: [...clock].sort((a, b) => a - b),
    elapsedMs: [...elapsed].sort((a, b) => a - b),
    chargingMs: [...charging].sort((a, b) => a - b),
    idleMs: [...idle].sort((a, b) => a - b),
    energyWh: [...energy.values()].sort((a, b) => a.cmp(b)),
  };
}
