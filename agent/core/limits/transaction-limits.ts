// Version-neutral transaction limits, the budgets they become, and their mapping to OCPP trigger and stop reasons.

import type { ReasonEnumType, TriggerReasonEnumType } from '../types/v21.js';
import type { TxLimits } from '../transactions/tx-types.js';

/** Which limit ended a transaction ('cost': a maxCost budget expressed as remaining Wh under the tariff). */
export type LimitKind = 'energy' | 'time' | 'cost';

/** The limits the enforcer applies. A limit left out does not apply. */
export interface TransactionLimits {
  /** Energy the transaction may deliver, Wh, counted from the start energy register (>= 0). */
  maxEnergyWh?: number;
  /** Duration the transaction may last, s, from its start (>= 0; OCPP sends an integer, fractions are accepted). */
  maxTimeS?: number;
}

/** What an energy budget sees when asked how much is left. */
export interface BudgetState {
  /** Energy delivered since the transaction started, Wh. */
  deliveredWh: number;
  /** Time since the transaction started, ms. */
  elapsedMs: number;
}

/**
 * A limit that is used up by energy: maxEnergy, and maxCost under a tariff (price → Wh). The enforcer
 * asks it after every meter reading and predicts the crossing from the live power.
 */
export interface EnergyBudget {
  kind: LimitKind;
  /** Wh still allowed in `state`; <= 0 means the limit is reached. Must be cheap and must not throw. */
  remainingWh(state: BudgetState): number;
}

/** A limit that is used up by time alone: maxTime. */
export interface DeadlineBudget {
  kind: LimitKind;
  /** When the limit is reached, ms since epoch. */
  deadlineMs: number;
}

/** Throws a RangeError naming the field when a limit is not a finite number >= 0. */
export function validateLimits(limits: TransactionLimits): void {
  for (const [field, value] of Object.entries(limits) as [keyof TransactionLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`transaction limit ${field} must be a finite number >= 0, got ${String(value)}`);
    }
  }
}

/**
 * The fields of a limit the CSMS sent that the station can enforce (finite numbers >= 0) and the names
 * of those it cannot. The OCPP 2.1 schema lets a negative maxEnergy or maxCost through; the core, not
 * each adapter, decides that such a field is ignored and the previous value kept.
 */
export function usableTxLimits(limits: TxLimits): { usable: TxLimits; ignored: string[] } {
  const usable: TxLimits = {};
  const ignored: string[] = [];
  for (const key of ['maxEnergy', 'maxTime', 'maxCost'] as const) {
    const v = limits[key];
    if (v === undefined) continue;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) usable[key] = v;
    else ignored.push(`${key}=${String(v)}`);
  }
  return { usable, ignored };
}

/** The budgets a set of limits becomes for a transaction that started at `startedAt` (ms since epoch). */
export function budgetsOf(limits: TransactionLimits, startedAt: number): { energy: EnergyBudget[]; deadlines: DeadlineBudget[] } {
  const energy: EnergyBudget[] = [];
  const deadlines: DeadlineBudget[] = [];
  const maxEnergyWh = limits.maxEnergyWh;
  if (maxEnergyWh !== undefined) energy.push({ kind: 'energy', remainingWh: (s) => maxEnergyWh - s.deliveredWh });
  if (limits.maxTimeS !== undefined) deadlines.push({ kind: 'time', deadlineMs: startedAt + limits.maxTimeS * 1000 });
  return { energy, deadlines };
}

/** The one conversion from the wire's fields (TransactionLimitType: maxEnergy Wh, maxTime s, maxCost) to the enforcer's units. */
export function limitsInUnits(l: TxLimits): TransactionLimits & { maxCost?: number } {
  return {
    ...(l.maxEnergy !== undefined ? { maxEnergyWh: l.maxEnergy } : {}),
    ...(l.maxTime !== undefined ? { maxTimeS: l.maxTime } : {}),
    ...(l.maxCost !== undefined ? { maxCost: l.maxCost } : {}),
  };
}

/** The TransactionEvent triggerReason and the Ended stoppedReason when a limit of this kind is reached. */
export const LIMIT_STOP: Record<LimitKind, { trigger: TriggerReasonEnumType; reason: ReasonEnumType }> = {
  energy: { trigger: 'EnergyLimitReached', reason: 'EnergyLimitReached' },
  time: { trigger: 'TimeLimitReached', reason: 'TimeLimitReached' },
  // 2.1 has no CostLimitReached stop reason: the prepaid credit ran out (LocalOutOfCredit).
  cost: { trigger: 'CostLimitReached', reason: 'LocalOutOfCredit' },
};
