// Evaluates OCPP 2.1 tariff conditions (TariffConditionsType, TariffConditionsFixedType) against the state of a transaction.

import type { EvseKindEnumType, TariffConditionsFixedType, TariffConditionsType } from '../types/v21.js';
import { Decimal } from './decimal.js';
import { MS_PER_MINUTE, type LocalParts } from './local-time.js';

/** What an energy or time price's conditions are checked against: the transaction at one instant. */
export interface ConditionContext {
  /** Local date, day of week and time of day of the instant. */
  local: LocalParts;
  /** The EVSE's kind; a price with an evseKind condition does not apply when this is unknown. */
  evseKind?: EvseKindEnumType;
  /** Energy delivered in this transaction so far, Wh (negative for a net discharge). */
  energyWh: Decimal;
  /** Power at the instant, W (negative when discharging); a power condition does not apply when unknown. */
  powerW?: number;
  /** Current summed over the phases, A; a current condition does not apply when unknown. */
  currentA?: number;
  /** Time since the transaction started, ms. */
  elapsedMs: number;
  /** Time spent charging (energy flowing) so far, ms. */
  chargingMs: number;
  /** Time spent idle (EV connected, not charging) so far, ms. */
  idleMs: number;
}

/** What a fixed price's conditions are checked against: the start of the transaction (or reservation). */
export interface FixedConditionContext {
  local: LocalParts;
  evseKind?: EvseKindEnumType;
  /** idToken.additionalInfo of type "PaymentBrand" (ad-hoc payment), when known. */
  paymentBrand?: string;
  /** idToken.additionalInfo of type "PaymentRecognition", when known. */
  paymentRecognition?: string;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const DATE_PATTERN = /^[12]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** "HH:MM" → minutes after midnight; undefined when malformed. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = TIME_OF_DAY.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/**
 * Whether `msOfDay` lies in [start, end): start absent = 00:00, end absent = end of day; end < start wraps past
 * midnight (22:00–06:00); end 00:00 means the end of the day; start = end covers the whole day.
 */
export function inTimeWindow(start: string | undefined, end: string | undefined, msOfDay: number): boolean {
  const s = (start !== undefined ? parseTimeOfDay(start) ?? 0 : 0) * MS_PER_MINUTE;
  const e = (end !== undefined ? parseTimeOfDay(end) ?? 0 : 0) * MS_PER_MINUTE;
  if (s === e) return true;
  if (e === 0) return msOfDay >= s;
  if (s < e) return msOfDay >= s && msOfDay < e;
  return msOfDay >= s || msOfDay < e;
}

/**
 * A min bound ("closest to zero", inclusive): for a bound >= 0 the value must be >= it; for a negative bound
 * (discharging) the value must be <= it.
 */
function meetsMin(value: Decimal, min: number): boolean {
  return min >= 0 ? value.gte(min) : value.lte(min);
}

/** A max bound ("furthest from zero", exclusive): for a bound >= 0 the value must be < it; negative: > it. */
function meetsMax(value: Decimal, max: number): boolean {
  return max >= 0 ? value.lt(max) : value.gt(max);
}

function inRange(value: Decimal | number | undefined, min: number | undefined, max: number | undefined): boolean {
  if (min === undefined && max === undefined) return true;
  if (value === undefined) return false;
  const v = Decimal.from(value);
  return (min === undefined || meetsMin(v, min)) && (max === undefined || meetsMax(v, max));
}

function durationInRange(ms: number, minS: number | undefined, maxS: number | undefined): boolean {
  return (minS === undefined || ms >= minS * 1000) && (maxS === undefined || ms < maxS * 1000);
}

function calendarMatches(
  c: Pick<TariffConditionsType, 'startTimeOfDay' | 'endTimeOfDay' | 'dayOfWeek' | 'validFromDate' | 'validToDate' | 'evseKind'>,
  local: LocalParts,
  evseKind: EvseKindEnumType | undefined,
): boolean {
  if ((c.startTimeOfDay !== undefined || c.endTimeOfDay !== undefined) && !inTimeWindow(c.startTimeOfDay, c.endTimeOfDay, local.msOfDay)) return false;
  if (c.dayOfWeek && !c.dayOfWeek.includes(local.dayOfWeek)) return false;
  if (c.validFromDate !== undefined && local.date < c.validFromDate) return false;
  if (c.validToDate !== undefined && local.date >= c.validToDate) return false;
  if (c.evseKind !== undefined && c.evseKind !== evseKind) return false;
  return true;
}

/** Whether every condition of an energy/time price holds (logical AND; no conditions: always). */
export function conditionsHold(c: TariffConditionsType | undefined, ctx: ConditionContext): boolean {
  if (!c) return true;
  return (
    calendarMatches(c, ctx.local, ctx.evseKind) &&
    inRange(ctx.energyWh, c.minEnergy, c.maxEnergy) &&
    inRange(ctx.currentA, c.minCurrent, c.maxCurrent) &&
    inRange(ctx.powerW, c.minPower, c.maxPower) &&
    durationInRange(ctx.elapsedMs, c.minTime, c.maxTime) &&
    durationInRange(ctx.chargingMs, c.minChargingTime, c.maxChargingTime) &&
    durationInRange(ctx.idleMs, c.minIdleTime, c.maxIdleTime)
  );
}

/** Whether every condition of a fixed price holds at the start of the transaction. */
export function fixedConditionsHold(c: TariffConditionsFixedType | undefined, ctx: FixedConditionContext): boolean {
  if (!c) return true;
  if (!calendarMatches(c, ctx.local, ctx.evseKind)) return false;
  if (c.paymentBrand !== undefined && c.paymentBrand !== ctx.paymentBrand) return false;
  if (c.paymentRecognition !== undefined && c.paymentRecognition !== ctx.paymentRecognition) return false;
  return true;
}
