// Tax stacking (OCPP 2.1 TaxRateType): stack 0 on the net price, each higher stack on the net plus all lower stacks' tax.

import type { TaxRateType } from '../types/v21.js';
import { Decimal } from './decimal.js';

export interface TaxBreakdown {
  exclTax: Decimal;
  /** Sum of all taxes. */
  tax: Decimal;
  inclTax: Decimal;
}

/**
 * Applies `rates` to a net amount, exactly (no rounding: round the results when reporting). Rates at the same
 * stack level are each applied to the same base; stack n's base is the net plus the taxes of stacks < n
 * (absent stack = 0). Example: net 100, VAT 16 % (stack 0), levy 2 % (stack 1) → 16 + 2 % of 116 = 2.32 → 118.32.
 */
export function applyTaxes(net: Decimal, rates: readonly TaxRateType[] | undefined): TaxBreakdown {
  if (!rates || rates.length === 0) return { exclTax: net, tax: Decimal.ZERO, inclTax: net };
  const levels = [...new Set(rates.map((r) => r.stack ?? 0))].sort((a, b) => a - b);
  let base = net;
  for (const level of levels) {
    let levelTax = Decimal.ZERO;
    for (const r of rates) {
      if ((r.stack ?? 0) === level) levelTax = levelTax.add(base.mul(Decimal.from(r.tax)).div(100));
    }
    base = base.add(levelTax);
  }
  return { exclTax: net, tax: base.sub(net), inclTax: base };
}

/** What 1 unit of net price costs including `rates` (1.1832 for the example above). */
export function taxFactor(rates: readonly TaxRateType[] | undefined): Decimal {
  return applyTaxes(Decimal.ONE, rates).inclTax;
}

/** The net amount that `rates` turn into `gross` (the inverse of applyTaxes; stacking is linear). */
export function netOf(gross: Decimal, rates: readonly TaxRateType[] | undefined): Decimal {
  const f = taxFactor(rates);
  return f.isZero() ? gross : gross.div(f);
}
