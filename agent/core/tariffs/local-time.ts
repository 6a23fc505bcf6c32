// The station's local time for tariff conditions: UTC offset functions (fixed or an IANA zone) and local date/day/time-of-day.

import type { DayOfWeekEnumType } from '../types/v21.js';

/**
 * The station's local time offset from UTC at an instant, minutes (local = UTC + offset; e.g. 180 for
 * Africa/Nairobi, 60 or 120 for Europe/Amsterdam depending on DST). Tariff time-of-day, day-of-week and date
 * conditions are in this local time (OCPP 2.1 TariffConditionsType note); instants stay UTC ms everywhere else.
 */
export type UtcOffsetFn = (utcMs: number) => number;

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

const DAYS: DayOfWeekEnumType[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A constant offset, minutes east of UTC (0 = UTC). */
export function fixedOffset(minutes: number): UtcOffsetFn {
  if (!Number.isFinite(minutes) || Math.abs(minutes) > 18 * 60) throw new RangeError(`UTC offset must be within ±18 h, got ${minutes} min`);
  return () => minutes;
}

/** The offset of an IANA time zone ("Africa/Nairobi", "Europe/Amsterdam") through Intl, DST included. Throws a RangeError for an unknown zone. */
export function timeZoneOffset(timeZone: string): UtcOffsetFn {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (utcMs: number) => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
    const wholeSecond = Math.floor(utcMs / 1000) * 1000;
    return Math.round((asUtc - wholeSecond) / MS_PER_MINUTE);
  };
}

/** The zone the operating system is set to (TZ, else /etc/localtime), e.g. "Europe/Berlin"; "UTC" when Intl cannot tell. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** True when Intl knows the IANA zone name (so `timeZoneOffset` will not throw). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The station's local time: the zone `configured()` names (ClockCtrlr.TimeZone) when set and known, else the
 * system zone, re-read at every call so a change applies at once. `onUnknown` is told once per unknown name.
 */
export function stationOffset(configured: () => string | undefined = () => undefined, onUnknown?: (timeZone: string) => void): UtcOffsetFn {
  const cache = new Map<string, UtcOffsetFn>();
  const reported = new Set<string>();
  const forZone = (zone: string): UtcOffsetFn | undefined => {
    let fn = cache.get(zone);
    if (!fn && isKnownTimeZone(zone)) cache.set(zone, (fn = timeZoneOffset(zone)));
    return fn;
  };
  return (utcMs: number) => {
    const zone = configured()?.trim();
    const fn = zone ? forZone(zone) : undefined;
    if (zone && !fn && !reported.has(zone)) {
      reported.add(zone);
      onUnknown?.(zone);
    }
    return (fn ?? forZone(systemTimeZone()) ?? fixedOffset(0))(utcMs);
  };
}

/** What the tariff conditions look at in local time. */
export interface LocalParts {
  /** Local calendar date, "YYYY-MM-DD". */
  date: string;
  dayOfWeek: DayOfWeekEnumType;
  /** Milliseconds since local midnight, 0..86_399_999. */
  msOfDay: number;
}

/** Local date, day of week and time of day of a UTC instant. */
export function localParts(utcMs: number, offset: UtcOffsetFn): LocalParts {
  const local = utcMs + offset(utcMs) * MS_PER_MINUTE;
  const d = new Date(local);
  const msOfDay = ((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  return { date: d.toISOString().slice(0, 10), dayOfWeek: DAYS[d.getUTCDay()] ?? 'Sunday', msOfDay };
}

/** The UTC instant at which the local clock shows `localMs` (local wall time as if UTC); in a DST gap the later reading wins. */
export function utcOfLocal(localMs: number, offset: UtcOffsetFn): number {
  const guess = localMs - offset(localMs) * MS_PER_MINUTE;
  return localMs - offset(guess) * MS_PER_MINUTE;
}

/**
 * The first UTC instant strictly after `utcMs` at which the local clock reads `minuteOfDay` (0..1439) minutes
 * past midnight. Across a DST change the instant follows the zone's offset at that moment.
 */
export function nextLocalTimeOfDay(utcMs: number, minuteOfDay: number, offset: UtcOffsetFn): number {
  const local = utcMs + offset(utcMs) * MS_PER_MINUTE;
  const dayStart = Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
  for (let day = 0; day < 3; day++) {
    const candidate = utcOfLocal(dayStart + day * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE, offset);
    if (candidate > utcMs) return candidate;
  }
  return utcMs + MS_PER_DAY;
}
