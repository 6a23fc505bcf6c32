// ISO 4217 minor units of common currencies, and rounding/formatting money to a currency's minor unit.

import { Decimal, type RoundingMode } from './decimal.js';

/** Decimal digits of the minor unit per ISO 4217 code (the common ones; others default to 2). */
export const MINOR_UNITS: Readonly<Record<string, number>> = {
  // 0: no minor unit in use
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // 3: thousandths
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // 4
  CLF: 4, UYW: 4,
  // 2: the usual cents (listed for documentation; the default is 2 as well)
  AED: 2, AUD: 2, BRL: 2, CAD: 2, CHF: 2, CNY: 2, CZK: 2, DKK: 2, EGP: 2, ETB: 2, EUR: 2, GBP: 2, GHS: 2, HKD: 2, HUF: 2,
  IDR: 2, ILS: 2, INR: 2, KES: 2, MAD: 2, MXN: 2, MYR: 2, NGN: 2, NOK: 2, NZD: 2, PHP: 2, PLN: 2, RON: 2, SAR: 2, SEK: 2,
  SGD: 2, THB: 2, TRY: 2, TZS: 2, USD: 2, ZAR: 2, ZMW: 2,
};

/** Digits of `currency`'s minor unit (ISO 4217); 2 for a code not in the table. Case-insensitive. */
export function minorUnitsOf(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

/** `amount` rounded to `currency`'s minor unit (default half-up, commercial rounding). */
export function roundMoney(amount: Decimal, currency: string, mode: RoundingMode = 'half-up'): Decimal {
  return amount.round(minorUnitsOf(currency), mode);
}

/** `amount` as text with the minor unit's digits: formatMoney(25, 'KES') → "25.00", formatMoney(1.5, 'JPY') → "2". */
export function formatMoney(amount: Decimal | number, currency: string): string {
  return Decimal.from(amount).toFixed(minorUnitsOf(currency));
}

/**
 * A unit price as text: at least the minor unit's digits, more when the price has them (up to 5):
 * formatUnitPrice(0.355, 'EUR') → "0.355", formatUnitPrice(25, 'KES') → "25.00".
 */
export function formatUnitPrice(price: Decimal | number, currency: string): string {
  const d = Decimal.from(price);
  const minor = minorUnitsOf(currency);
  for (let digits = minor; digits < 5; digits++) {
    if (d.round(digits).eq(d)) return d.toFixed(digits);
  }
  return d.toFixed(5);
}
