// Decides whether the station can accept a TariffType: enabled, currency, element counts, conditions, values (OCPP 2.1 I07/I08/I11).

import type { PriceType, TariffConditionsFixedType, TariffConditionsType, TariffType, TaxRateType } from '../types/v21.js';
import { DATE_PATTERN, parseTimeOfDay } from './tariff-conditions.js';

/** What the TariffCostCtrlr device model says about accepting tariffs. */
export interface TariffSettings {
  /** TariffCostCtrlr.Enabled[Tariff]: false → every tariff is Rejected (NotEnabled). */
  tariffEnabled: boolean;
  /** TariffCostCtrlr.Currency (ISO 4217); absent: any currency is accepted. */
  currency?: string;
  /** TariffCostCtrlr.MaxElements[Tariff]: most price elements in each of energy, chargingTime, idleTime, fixedFee, reservationTime, reservationFixed. */
  maxElements?: number;
  /** TariffCostCtrlr.ConditionsSupported[Tariff]: false → a tariff with conditions is ConditionNotSupported. */
  conditionsSupported: boolean;
}

/** Why a tariff cannot be accepted, as the status common to TariffSetStatusEnumType and TariffChangeStatusEnumType. */
export interface TariffRejection {
  status: 'Rejected' | 'TooManyElements' | 'ConditionNotSupported';
  /** An OCPP reason code (part 2 appendix 5). */
  reasonCode: string;
  /** Names the field and the rule, at most 512 characters. */
  additionalInfo: string;
}

const CURRENCY = /^[A-Z]{3}$/;
const PRICED = ['energy', 'chargingTime', 'idleTime', 'fixedFee', 'reservationTime', 'reservationFixed'] as const;
const NUMERIC_BOUNDS = [
  ['minEnergy', 'maxEnergy'],
  ['minCurrent', 'maxCurrent'],
  ['minPower', 'maxPower'],
] as const;
const DURATION_BOUNDS = [
  ['minTime', 'maxTime'],
  ['minChargingTime', 'maxChargingTime'],
  ['minIdleTime', 'maxIdleTime'],
] as const;

const rejected = (reasonCode: string, additionalInfo: string): TariffRejection => ({ status: 'Rejected', reasonCode, additionalInfo: additionalInfo.slice(0, 512) });

function checkCalendar(c: TariffConditionsType | TariffConditionsFixedType, where: string): TariffRejection | undefined {
  for (const field of ['startTimeOfDay', 'endTimeOfDay'] as const) {
    const v = c[field];
    if (v !== undefined && parseTimeOfDay(v) === undefined) return rejected('InvalidValue', `${where}.${field} "${v}" is not HH:MM (00:00..23:59)`);
  }
  for (const field of ['validFromDate', 'validToDate'] as const) {
    const v = c[field];
    if (v !== undefined && !DATE_PATTERN.test(v)) return rejected('InvalidValue', `${where}.${field} "${v}" is not a date YYYY-MM-DD`);
  }
  if (c.validFromDate !== undefined && c.validToDate !== undefined && c.validToDate <= c.validFromDate) {
    return rejected('InvalidValue', `${where}.validToDate ${c.validToDate} is not after validFromDate ${c.validFromDate}`);
  }
  return undefined;
}

function checkConditions(c: TariffConditionsType, where: string): TariffRejection | undefined {
  const calendar = checkCalendar(c, where);
  if (calendar) return calendar;
  for (const [minField, maxField] of [...NUMERIC_BOUNDS, ...DURATION_BOUNDS]) {
    const min = c[minField];
    const max = c[maxField];
    for (const [field, v] of [[minField, min], [maxField, max]] as const) {
      if (v !== undefined && !Number.isFinite(v)) return rejected('InvalidValue', `${where}.${field} is not a finite number`);
    }
    if (min !== undefined && max !== undefined) {
      if ((min < 0 && max > 0) || (min > 0 && max < 0)) return rejected('InvalidValue', `${where}.${minField} and ${maxField} have opposite signs`);
      if (Math.abs(max) <= Math.abs(min)) return rejected('InvalidValue', `${where}.${maxField} ${max} is not further from zero than ${minField} ${min}`);
    }
  }
  for (const [minField, maxField] of DURATION_BOUNDS) {
    for (const field of [minField, maxField]) {
      const v = c[field];
      if (v !== undefined && v < 0) return rejected('ValueTooLow', `${where}.${field} must be >= 0 s, got ${v}`);
    }
  }
  return undefined;
}

function checkTaxRates(rates: TaxRateType[] | undefined, where: string): TariffRejection | undefined {
  for (const [i, r] of (rates ?? []).entries()) {
    if (!Number.isFinite(r.tax) || r.tax < 0) return rejected('InvalidValue', `${where}.taxRates[${i}].tax must be a percentage >= 0, got ${String(r.tax)}`);
    if (r.stack !== undefined && (!Number.isInteger(r.stack) || r.stack < 0)) return rejected('InvalidValue', `${where}.taxRates[${i}].stack must be an integer >= 0`);
  }
  return undefined;
}

function checkPrice(p: PriceType | undefined, where: string): TariffRejection | undefined {
  if (!p) return undefined;
  if (p.exclTax === undefined && p.inclTax === undefined) return rejected('MissingParam', `${where} needs exclTax or inclTax`);
  for (const field of ['exclTax', 'inclTax'] as const) {
    const v = p[field];
    if (v !== undefined && !Number.isFinite(v)) return rejected('InvalidValue', `${where}.${field} is not a finite number`);
  }
  return checkTaxRates(p.taxRates, where);
}

/** True when any price element of the tariff carries conditions. */
export function hasConditions(tariff: TariffType): boolean {
  return PRICED.some((c) => (tariff[c]?.prices ?? []).some((p) => p.conditions !== undefined && Object.keys(p.conditions).some((k) => k !== 'customData')));
}

/**
 * Why `tariff` cannot be accepted under `settings`, or undefined when it can. In order: Enabled[Tariff] false →
 * Rejected (NotEnabled); a currency that is not 3 capital letters or differs from TariffCostCtrlr.Currency →
 * Rejected (InvalidValue: TariffSetStatusEnumType has no currency status; ChangeTransactionTariff's
 * NoCurrencyChange is decided by the store against the transaction's tariff first); more elements than
 * MaxElements in a component → TooManyElements; conditions while ConditionsSupported is false →
 * ConditionNotSupported (every condition of TariffConditionsType and TariffConditionsFixedType is supported);
 * a malformed value (time of day, date, opposite-sign bounds, a bad validFrom, non-finite price or tax,
 * minCost above maxCost) → Rejected (InvalidValue / MissingParam).
 */
export function validateTariff(tariff: TariffType, settings: TariffSettings): TariffRejection | undefined {
  if (!settings.tariffEnabled) return rejected('NotEnabled', 'TariffCostCtrlr.Enabled[Tariff] is false');
  if (!CURRENCY.test(tariff.currency)) return rejected('InvalidValue', `currency "${tariff.currency}" is not an ISO 4217 code`);
  if (settings.currency !== undefined && settings.currency !== '' && tariff.currency !== settings.currency) {
    return rejected('InvalidValue', `tariff currency ${tariff.currency} differs from TariffCostCtrlr.Currency ${settings.currency}`);
  }
  if (tariff.validFrom !== undefined && Number.isNaN(Date.parse(tariff.validFrom))) return rejected('InvalidValue', `validFrom "${tariff.validFrom}" is not a date-time`);
  if (settings.maxElements !== undefined) {
    for (const c of PRICED) {
      const n = tariff[c]?.prices.length ?? 0;
      if (n > settings.maxElements) {
        return { status: 'TooManyElements', reasonCode: 'TooManyElements', additionalInfo: `${c} has ${n} price elements; TariffCostCtrlr.MaxElements[Tariff] is ${settings.maxElements}` };
      }
    }
  }
  if (!settings.conditionsSupported && hasConditions(tariff)) {
    return { status: 'ConditionNotSupported', reasonCode: 'UnsupportedParam', additionalInfo: 'TariffCostCtrlr.ConditionsSupported[Tariff] is false' };
  }
  for (const c of ['energy', 'chargingTime', 'idleTime', 'reservationTime'] as const) {
    const component = tariff[c];
    if (!component) continue;
    for (const [i, p] of component.prices.entries()) {
      const price = 'priceKwh' in p ? p.priceKwh : p.priceMinute;
      if (!Number.isFinite(price)) return rejected('InvalidValue', `${c}.prices[${i}] price is not a finite number`);
      const bad = p.conditions ? checkConditions(p.conditions, `${c}.prices[${i}].conditions`) : undefined;
      if (bad) return bad;
    }
    const tax = checkTaxRates(component.taxRates, c);
    if (tax) return tax;
  }
  for (const c of ['fixedFee', 'reservationFixed'] as const) {
    const component = tariff[c];
    if (!component) continue;
    for (const [i, p] of component.prices.entries()) {
      if (!Number.isFinite(p.priceFixed)) return rejected('InvalidValue', `${c}.prices[${i}].priceFixed is not a finite number`);
      const bad = p.conditions ? checkCalendar(p.conditions, `${c}.prices[${i}].conditions`) : undefined;
      if (bad) return bad;
    }
    const tax = checkTaxRates(component.taxRates, c);
    if (tax) return tax;
  }
  const bound = checkPrice(tariff.minCost, 'minCost') ?? checkPrice(tariff.maxCost, 'maxCost');
  if (bound) return bound;
  const { minCost, maxCost } = tariff;
  if (minCost && maxCost) {
    const field = minCost.inclTax !== undefined && maxCost.inclTax !== undefined ? 'inclTax' : 'exclTax';
    const lo = minCost[field];
    const hi = maxCost[field];
    if (lo !== undefined && hi !== undefined && lo > hi) return rejected('InvalidValue', `minCost.${field} ${lo} is above maxCost.${field} ${hi}`);
  }
  return undefined;
}
