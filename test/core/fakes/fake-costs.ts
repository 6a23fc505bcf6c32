// A CostPort that prices energy at a flat rate per kWh from the readings it is given, and records what it was told.

import type { MeterReading } from '../../../hal/meter/meter.js';
import type { EnergyBudget } from '../../../agent/core/limits/transaction-limits.js';
import type { CostPort } from '../../../agent/core/tariffs/cost-tracker.js';
import type { TxState } from '../../../agent/core/transactions/tx-state.js';
import type { CostDetailsType } from '../../../agent/core/types/v21.js';

export class FakeCosts implements CostPort {
  readonly calls: string[] = [];
  private startWh = new Map<string, number>();
  private lastWh = new Map<string, number>();

  constructor(private readonly pricePerKwh = 0.3) {}

  start(tx: TxState): void {
    this.calls.push(`start ${tx.transactionId}`);
    this.startWh.set(tx.transactionId, tx.startEnergyWh);
    this.lastWh.set(tx.transactionId, tx.lastEnergyWh);
  }

  authorized(tx: TxState): void {
    this.calls.push(`authorized ${tx.transactionId} ${tx.idToken?.idToken ?? ''}`);
  }

  reading(transactionId: string, r: MeterReading): void {
    this.lastWh.set(transactionId, r.energyImportWh);
  }

  details(transactionId: string): CostDetailsType | undefined {
    const total = this.total(transactionId);
    if (total === undefined) return undefined;
    const energy = (this.lastWh.get(transactionId) ?? 0) - (this.startWh.get(transactionId) ?? 0);
    return { totalCost: { currency: 'EUR', typeOfCost: 'NormalCost', total: { inclTax: total } }, totalUsage: { energy, chargingTime: 0, idleTime: 0 } };
  }

  total(transactionId: string): number | undefined {
    const start = this.startWh.get(transactionId);
    if (start === undefined) return undefined;
    return Math.round((((this.lastWh.get(transactionId) ?? start) - start) / 1000) * this.pricePerKwh * 100) / 100;
  }

  /** With `budgets` on: maxCost at the flat price as Wh, from the last reading and what the enforcer saw beyond it. */
  budgets = false;

  budget(transactionId: string, maxCost: number): EnergyBudget | undefined {
    if (!this.budgets) return undefined;
    const startWh = this.startWh.get(transactionId) ?? 0;
    return { kind: 'cost', remainingWh: (s) => (maxCost / this.pricePerKwh) * 1000 - Math.max(s.deliveredWh, (this.lastWh.get(transactionId) ?? startWh) - startWh) };
  }

  changeTariff(): boolean {
    return true;
  }

  end(transactionId: string): void {
    this.calls.push(`end ${transactionId}`);
    this.startWh.delete(transactionId);
  }
}
