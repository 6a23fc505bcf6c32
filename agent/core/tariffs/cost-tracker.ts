// Keeps one CostSession per transaction: binds the tariff in force at the start, feeds it the meter, and answers cost, details and the maxCost budget.

import type { Logger } from 'pino';
import type { MeterReading } from '../../../hal/meter/meter.js';
import type { CostDetailsType, TariffType } from '../types/v21.js';
import type { EnergyBudget } from '../limits/transaction-limits.js';
import type { TxState } from '../transactions/tx-state.js';
import { costBudget } from './cost-budget.js';
import { CostSession } from './cost-calculator.js';
import type { UtcOffsetFn } from './local-time.js';
import type { TariffChoice, TariffStore } from './tariff-store.js';

/** What the EVSE logic asks of the cost engine (the tracker implements it; absent = no costing). */
export interface CostPort {
  /** A transaction started (or was resumed): bind the tariff in force and start costing from its start register. */
  start(tx: TxState): void;
  /**
   * A transaction that started before its token was known became authorized (tx.idToken is now set): the
   * token's pricing replaces the one bound at the start (see TariffStore.authorizeTransaction).
   */
  authorized(tx: TxState): void;
  /** A meter reading during the transaction; `charging` = energy may flow (contactor closed). */
  reading(transactionId: string, r: MeterReading, charging: boolean): void;
  /** costDetails so far (OCPP 2.1 CostDetailsType), or undefined without a tariff. */
  details(transactionId: string): CostDetailsType | undefined;
  /** Total cost including tax so far, rounded to the currency's minor unit. */
  total(transactionId: string): number | undefined;
  /** maxCost (incl. tax) as an energy budget for the limit enforcer; it also caps the reported total. */
  budget(transactionId: string, maxCost: number): EnergyBudget | undefined;
  /** ChangeTransactionTariff: the new tariff applies from now. */
  changeTariff(transactionId: string, tariff: TariffType): boolean;
  end(transactionId: string): void;
}

export class CostTracker implements CostPort {
  private readonly sessions = new Map<string, CostSession>();
  /** The last reading fed to each transaction's session, replayed into a session rebound at authorization. */
  private readonly lastReading = new Map<string, { r: MeterReading; charging: boolean }>();

  constructor(
    private readonly store: TariffStore,
    /** enabled: TariffCostCtrlr.Enabled[Cost]; false = no costDetails are reported. */
    private readonly o: { logger: Logger; utcOffset?: UtcOffsetFn; enabled?: () => boolean },
  ) {}

  start(tx: TxState): void {
    if (this.sessions.has(tx.transactionId)) return;
    const choice = this.store.startTransaction(tx.transactionId, tx.evseId, tx.idToken?.idToken, tx.startedAt);
    if (!choice) return;
    this.bind(tx, choice);
  }

  authorized(tx: TxState): void {
    const token = tx.idToken?.idToken;
    if (token === undefined || tx.ended) return;
    const { changed, choice } = this.store.authorizeTransaction(tx.transactionId, tx.evseId, token);
    if (!changed) return;
    this.sessions.delete(tx.transactionId);
    if (!choice) {
      this.o.logger.info({ tx: tx.transactionId }, 'transaction priced by the CSMS (HandleFailedTariff CentralCost): no local cost');
      return;
    }
    // priced from the start with the token's tariff: the same flow so far (start register, last reading), another tariff
    const session = this.bind(tx, choice);
    const last = this.lastReading.get(tx.transactionId);
    if (last) this.feed(session, last.r, last.charging);
  }

  reading(transactionId: string, r: MeterReading, charging: boolean): void {
    this.lastReading.set(transactionId, { r, charging });
    const s = this.sessions.get(transactionId);
    if (s) this.feed(s, r, charging);
  }

  details(transactionId: string): CostDetailsType | undefined {
    if (this.o.enabled && !this.o.enabled()) return undefined;
    return this.sessions.get(transactionId)?.costDetails();
  }

  total(transactionId: string): number | undefined {
    return this.sessions.get(transactionId)?.totalInclTax();
  }

  budget(transactionId: string, maxCost: number): EnergyBudget | undefined {
    const s = this.sessions.get(transactionId);
    if (!s) return undefined;
    s.setPrepaid(maxCost);
    // follows the session an authorization may rebind (see authorized): none left = the CSMS prices it, no local budget
    let bound = { session: s, budget: costBudget(s, maxCost) };
    return {
      kind: bound.budget.kind,
      remainingWh: (state) => {
        const current = this.sessions.get(transactionId);
        if (!current) return Infinity;
        if (current !== bound.session) {
          current.setPrepaid(maxCost);
          bound = { session: current, budget: costBudget(current, maxCost) };
        }
        return bound.budget.remainingWh(state);
      },
    };
  }

  changeTariff(transactionId: string, tariff: TariffType): boolean {
    const s = this.sessions.get(transactionId);
    if (!s) return false;
    s.changeTariff(tariff);
    return true;
  }

  end(transactionId: string): void {
    this.sessions.delete(transactionId);
    this.lastReading.delete(transactionId);
    this.store.endTransaction(transactionId);
  }

  private bind(tx: TxState, choice: TariffChoice): CostSession {
    const session = new CostSession({
      tariff: choice.tariff,
      startedAt: tx.startedAt,
      startEnergyWh: tx.startEnergyWh,
      logger: this.o.logger,
      ...(this.o.utcOffset ? { utcOffset: this.o.utcOffset } : {}),
    });
    this.sessions.set(tx.transactionId, session);
    this.o.logger.info({ tx: tx.transactionId, tariffId: choice.tariff.tariffId, kind: choice.kind }, 'tariff bound to the transaction');
    return session;
  }

  private feed(s: CostSession, r: MeterReading, charging: boolean): void {
    s.update({ timestamp: r.timestamp, energyWh: r.energyImportWh, powerW: Math.max(0, r.powerW), charging, idle: !charging });
  }
}
