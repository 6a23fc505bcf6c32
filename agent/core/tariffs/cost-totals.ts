// Turns exact per-component costs into OCPP 2.1 TotalCostType: rounding to the minor unit once, tax, and minCost/maxCost.

import type { PriceType, TariffCostEnumType, TaxRateType, TotalCostType } from '../types/v21.js';
import { roundMoney } from './currency.js';
import { Decimal } from './decimal.js';
import { applyTaxes, netOf } from './tax.js';

/** The priced components of TotalCostType. */
export type CostComponent = 'fixed' | 'energy' | 'chargingTime' | 'idleTime' | 'reservationTime' | 'reservationFixed';
export const COST_COMPONENTS: readonly CostComponent[] = ['fixed', 'energy', 'chargingTime', 'idleTime', 'reservationTime', 'reservationFixed'];

/** One component's exact (unrounded) cost. */
export interface ComponentCost {
  exclTax: Decimal;
  inclTax: Decimal;
  /** The tax rates applied (of the tariff in force last), reported in the PriceType. */
  taxRates?: TaxRateType[];
}

/** Exact costs of a transaction, per component present in the tariff(s), before rounding and min/max. */
export type ExactCosts = Partial<Record<CostComponent, ComponentCost>>;

/** The exact sum of the components (no rounding, no minCost/maxCost). */
export function exactTotal(costs: ExactCosts): { exclTax: Decimal; inclTax: Decimal } {
  let exclTax = Decimal.ZERO;
  let inclTax = Decimal.ZERO;
  for (const c of COST_COMPONENTS) {
    const v = costs[c];
    if (!v) continue;
    exclTax = exclTax.add(v.exclTax);
    inclTax = inclTax.add(v.inclTax);
  }
  return { exclTax, inclTax };
}

/** A min/max PriceType resolved to both amounts (the missing one derived from its taxRates, or else the session's tax ratio). */
function resolveBound(p: PriceType, ratio: Decimal): { exclTax: Decimal; inclTax: Decimal } | undefined {
  if (p.exclTax !== undefined) {
    const exclTax = Decimal.from(p.exclTax);
    const inclTax = p.inclTax !== undefined ? Decimal.from(p.inclTax) : p.taxRates?.length ? applyTaxes(exclTax, p.taxRates).inclTax : exclTax.mul(ratio);
    return { exclTax, inclTax };
  }
  if (p.inclTax !== undefined) {
    const inclTax = Decimal.from(p.inclTax);
    const exclTax = p.taxRates?.length ? netOf(inclTax, p.taxRates) : ratio.isZero() ? inclTax : inclTax.div(ratio);
    return { exclTax, inclTax };
  }
  return undefined;
}

/** Compares a total with a bound on the amount the bound states: inclTax when it gives one, else exclTax. */
function compareWithBound(total: { exclTax: Decimal; inclTax: Decimal }, p: PriceType): number {
  return p.inclTax !== undefined ? total.inclTax.cmp(p.inclTax) : total.exclTax.cmp(p.exclTax ?? 0);
}

function priceOf(exclTax: Decimal, inclTax: Decimal, taxRates?: TaxRateType[]): PriceType {
  return { exclTax: exclTax.toNumber(), inclTax: inclTax.toNumber(), ...(taxRates?.length ? { taxRates } : {}) };
}

/**
 * The TotalCostType of a transaction. Rounding happens here and only here: each component's exclTax and inclTax
 * are rounded half-up to the currency's minor unit (exact costs in, so no drift accumulates); total is the sum of
 * the rounded components, so a receipt's lines add up to its total. Then minCost/maxCost of the tariff in force:
 * a total below minCost becomes minCost (typeOfCost MinCost), above maxCost becomes maxCost (MaxCost); the
 * components stay as calculated. Last, `prepaid` (the transaction's maxCost, incl. tax: what the driver paid) caps
 * the total: a total above it, by rounding or by energy that flowed while the contacts opened, is reported as
 * `prepaid` rounded down to the minor unit (typeOfCost MaxCost), never a minor unit more.
 */
export function totalCostOf(costs: ExactCosts, currency: string, bounds: { minCost?: PriceType; maxCost?: PriceType; prepaid?: number }): TotalCostType {
  const out: TotalCostType = { currency, typeOfCost: 'NormalCost', total: {} };
  let exclTax = Decimal.ZERO;
  let inclTax = Decimal.ZERO;
  for (const c of COST_COMPONENTS) {
    const v = costs[c];
    if (!v) continue;
    const ex = roundMoney(v.exclTax, currency);
    const inc = roundMoney(v.inclTax, currency);
    out[c] = priceOf(ex, inc, v.taxRates);
    exclTax = exclTax.add(ex);
    inclTax = inclTax.add(inc);
  }
  let total = { exclTax, inclTax };
  let typeOfCost: TariffCostEnumType = 'NormalCost';
  const ratio = exclTax.isZero() ? Decimal.ONE : inclTax.div(exclTax);
  if (bounds.minCost && compareWithBound(total, bounds.minCost) < 0) {
    const b = resolveBound(bounds.minCost, ratio);
    if (b) {
      total = { exclTax: roundMoney(b.exclTax, currency), inclTax: roundMoney(b.inclTax, currency) };
      typeOfCost = 'MinCost';
    }
  } else if (bounds.maxCost && compareWithBound(total, bounds.maxCost) > 0) {
    const b = resolveBound(bounds.maxCost, ratio);
    if (b) {
      total = { exclTax: roundMoney(b.exclTax, currency), inclTax: roundMoney(b.inclTax, currency) };
      typeOfCost = 'MaxCost';
    }
  }
  if (bounds.prepaid !== undefined) {
    const cap = roundMoney(Decimal.from(bounds.prepaid), currency, 'down');
    if (total.inclTax.cmp(cap) > 0) {
      const r = total.exclTax.isZero() ? Decimal.ONE : total.inclTax.div(total.exclTax);
      total = { exclTax: roundMoney(cap.div(r), currency, 'down'), inclTax: cap };
      typeOfCost = 'MaxCost';
    }
  }
  out.typeOfCost = typeOfCost;
  out.total = { exclTax: total.exclTax.toNumber(), inclTax: total.inclTax.toNumber() };
  return out;
}
