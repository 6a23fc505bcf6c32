// One transaction's limit enforcement: the wire limits in the enforcer's units, and maxCost as an energy budget under the tariff in force.

import type { Logger } from 'pino';
import type { Meter } from '../../../hal/meter/meter.js';
import type { LimitFactory } from '../evse/evse-ports.js';
import type { CostPort } from '../tariffs/cost-tracker.js';
import type { TxLimits } from '../transactions/tx-types.js';
import { LimitEnforcer } from './limit-enforcer.js';
import { limitsInUnits } from './transaction-limits.js';

export interface TxLimitFactoryOptions {
  meter: Meter;
  /** The cost engine that turns maxCost into an energy budget; absent: maxCost cannot be enforced. */
  costs?: CostPort;
  /** Expected decision-to-contacts-open time, ms, subtracted from the predicted crossing (a function: asked each time). */
  openLatencyMs?: number | (() => number);
  /** The EVSE's maximum power, W: the worst case between two readings. */
  worstCasePowerW?: number;
  logger: Logger;
  /** Clock, ms since epoch (default Date.now). */
  now?: () => number;
}

/**
 * The LimitFactory an EVSE controller arms for each transaction. A limit update with the same maxCost
 * updates the running enforcer; a new maxCost needs a new budget (the tariff may price it differently),
 * so the enforcer is rebuilt.
 */
export function txLimitFactory(o: TxLimitFactoryOptions): LimitFactory {
  return (tx, onReached, fresh) => {
    let enforcer: LimitEnforcer | undefined;
    let maxCost: number | undefined;
    let initial = fresh; // only the first update starts from it: later, its power is stale
    return {
      update(l: TxLimits) {
        const { maxCost: cost, ...limits } = limitsInUnits(l);
        if (enforcer && cost === maxCost) {
          enforcer.update(limits);
          return;
        }
        enforcer?.stop();
        enforcer = undefined;
        maxCost = cost;
        const from = initial;
        initial = undefined;
        const budget = maxCost !== undefined ? o.costs?.budget(tx.transactionId, maxCost) : undefined;
        if (maxCost !== undefined && !budget) o.logger.warn({ tx: tx.transactionId, maxCost }, 'maxCost received but no tariff is in force: it cannot be enforced');
        if (Object.keys(limits).length === 0 && !budget) return;
        enforcer = new LimitEnforcer({
          meter: o.meter,
          startEnergyWh: tx.startEnergyWh,
          startedAt: tx.startedAt,
          limits,
          ...(from ? { initialReading: from } : {}),
          ...(budget ? { budgets: [budget] } : {}),
          onReached: (kind) => onReached(kind),
          logger: o.logger,
          ...(o.now ? { now: o.now } : {}),
          openLatencyMs: o.openLatencyMs ?? 0,
          ...(o.worstCasePowerW !== undefined ? { worstCasePowerW: o.worstCasePowerW } : {}),
        });
      },
      stop() {
        enforcer?.stop();
      },
    };
  };
}
