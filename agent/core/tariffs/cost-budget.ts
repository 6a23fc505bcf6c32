// transactionLimit.maxCost as an energy budget: the Wh the remaining money buys under the tariff in force, price changes included.

import type { BudgetState } from '../limits/transaction-limits.js';
import type { CostSession } from './cost-calculator.js';
import { exactTotal } from './cost-totals.js';
import { Decimal } from './decimal.js';
import { nextSplit, type FlowState } from './interval-split.js';
import { nextLocalTimeOfDay } from './local-time.js';
import { applyTaxes, taxFactor } from './tax.js';
import { activeElements } from './tariff-elements.js';

const MS_PER_HOUR = 3_600_000;
/** How far ahead the prediction walks (a budget not used up within this is Infinity). */
const HORIZON_MS = 7 * 24 * MS_PER_HOUR;
const MAX_SEGMENTS = 500;

/**
 * An EnergyBudget (agent/core/limits/transaction-limits.ts) for maxCost. Its kind is 'cost': LimitKind needs
 * 'cost' added (triggerReason/stoppedReason CostLimitReached) before it can be passed to the LimitEnforcer.
 */
export interface CostEnergyBudget {
  kind: 'cost';
  /** The limit, in the tariff's currency, compared with the total including tax. */
  readonly maxCost: number;
  /**
   * Wh that may still be delivered before the total including tax reaches maxCost; <= 0 when reached (the
   * magnitude of a negative value is the overshoot in Wh at the current energy price). Infinity when the
   * money cannot run out (nothing is priced, or the tariff's own maxCost caps the cost below the limit).
   */
  remainingWh(state: BudgetState): number;
  /** Money left before maxCost, incl. tax (exact, unrounded; negative when exceeded). */
  remainingCost(): Decimal;
  /**
   * The next instant after `nowMs` at which the prices in force can change by the clock (a time-of-day
   * window, local midnight, a duration threshold), ms since epoch; undefined when none. remainingWh already
   * accounts for such a change at the current power; the enforcer re-predicts there in case the power changed.
   */
  nextChangeAt(nowMs: number): number | undefined;
}

/**
 * The budget of a transaction with `maxCost` under `session`'s tariff. remainingWh starts from the exact cost at
 * the session's last reading and walks forward at the last reading's power: each stretch until the next possible
 * price change (clock, duration or energy threshold) costs (energy price + charging-time price per Wh at that
 * power) incl. tax; the Wh where the money runs out is the answer. Time-based cost is converted to Wh at the
 * current power (at 0 W only the energy price counts: idle time then shows as a shrinking budget at each reading).
 * Energy the enforcer has seen beyond the session's last reading (state.deliveredWh) is subtracted. The
 * unclamped cost is used (minCost does not consume the budget: the driver pays it whatever is delivered).
 */
export function costBudget(session: CostSession, maxCost: number): CostEnergyBudget {
  const limit = Decimal.from(maxCost);
  const remainingCost = (): Decimal => limit.sub(exactTotal(session.exactCosts()).inclTax);

  const cappedBelowLimit = (): boolean => {
    const cap = session.tariff.maxCost;
    if (!cap) return false;
    const capIncl = cap.inclTax !== undefined ? Decimal.from(cap.inclTax) : cap.exclTax !== undefined && cap.taxRates?.length ? applyTaxes(Decimal.from(cap.exclTax), cap.taxRates).inclTax : undefined;
    return capIncl !== undefined && capIncl.lte(limit);
  };

  /** Money per Wh (energy) and per ms (charging time), incl. tax, of the elements in force at `flow`. */
  const ratesAt = (flow: FlowState, powerW: number): { perWh: number; perMs: number } => {
    const tariff = session.tariff;
    const active = activeElements(tariff, session.contextAt(flow, powerW, session.currentA));
    const e = active.energy !== undefined ? tariff.energy?.prices[active.energy] : undefined;
    const c = active.chargingTime !== undefined ? tariff.chargingTime?.prices[active.chargingTime] : undefined;
    return {
      perWh: e ? Decimal.from(e.priceKwh).mul(taxFactor(tariff.energy?.taxRates)).div(1000).toNumber() : 0,
      perMs: c ? Decimal.from(c.priceMinute).mul(taxFactor(tariff.chargingTime?.taxRates)).div(60_000).toNumber() : 0,
    };
  };

  const remainingWh = (state: BudgetState): number => {
    if (cappedBelowLimit()) return Infinity;
    const flow0 = session.state();
    const unseenWh = Math.max(0, state.deliveredWh - flow0.energyWh.toNumber());
    let money = remainingCost().toNumber();
    const powerW = session.powerW ?? 0;
    if (money <= 0 || !(powerW > 0)) {
      const { perWh } = ratesAt(flow0, powerW);
      if (money <= 0) return perWh > 0 ? money / perWh - unseenWh : Math.min(money, 0) - unseenWh;
      return perWh > 0 ? money / perWh - unseenWh : Infinity;
    }
    let flow: FlowState = flow0;
    let wh = 0;
    const whPerMs = powerW / MS_PER_HOUR;
    const endMs = flow0.atMs + HORIZON_MS;
    for (let i = 0; i < MAX_SEGMENTS && flow.atMs < endMs; i++) {
      const { perWh, perMs } = ratesAt(flow, powerW);
      const moneyPerMs = perWh * whPerMs + perMs;
      const toEnergy = flow.energyWh.add(Decimal.from(Math.round(whPerMs * (endMs - flow.atMs) * 1000) / 1000));
      const split = nextSplit(session.breakpoints, session.utcOffset, session.startedAt, flow, endMs, toEnergy, true, false);
      const to = split ?? { atMs: endMs, energyWh: toEnergy };
      const segMs = to.atMs - flow.atMs;
      const segWh = to.energyWh.sub(flow.energyWh).toNumber();
      const segMoney = perWh * segWh + perMs * segMs;
      if (moneyPerMs > 0 && segMoney >= money) return wh + (money / moneyPerMs) * whPerMs - unseenWh;
      money -= segMoney;
      wh += segWh;
      flow = { atMs: to.atMs, energyWh: to.energyWh, chargingMs: flow.chargingMs + segMs, idleMs: flow.idleMs };
    }
    return Infinity;
  };

  const nextChangeAt = (nowMs: number): number | undefined => {
    const bp = session.breakpoints;
    const flow = session.state();
    const candidates: number[] = [];
    for (const m of bp.clockMinutes) candidates.push(nextLocalTimeOfDay(nowMs, m, session.utcOffset));
    for (const e of bp.elapsedMs) candidates.push(session.startedAt + e);
    const sinceLast = Math.max(0, nowMs - flow.atMs);
    if (session.charging) for (const c of bp.chargingMs) candidates.push(nowMs + (c - flow.chargingMs - sinceLast));
    else for (const c of bp.idleMs) candidates.push(nowMs + (c - flow.idleMs - sinceLast));
    const future = candidates.filter((t) => t > nowMs);
    return future.length ? Math.min(...future) : undefined;
  };

  return { kind: 'cost', maxCost, remainingWh, remainingCost, nextChangeAt };
}
