// The price a driver sees on the display (DisplayPrice) from a TariffType: the elements in force now, including tax.

import type { DisplayPrice } from '../display/display-state.js';
import type { EvseKindEnumType, TariffConditionsType, TariffType, TaxRateType } from '../types/v21.js';
import { formatMoney, formatUnitPrice } from './currency.js';
import { Decimal } from './decimal.js';
import { localParts, stationOffset, type UtcOffsetFn } from './local-time.js';
import { activeElements, activeFixedElement } from './tariff-elements.js';
import { taxFactor } from './tax.js';

export interface PriceTextOptions {
  /** The moment the price is shown for, ms since epoch (default now): time-of-day prices show the one in force. */
  atMs?: number;
  /** The station's local time (time-of-day prices); default the system time zone. */
  utcOffset?: UtcOffsetFn;
  evseKind?: EvseKindEnumType;
  /** Preferred description language (RFC 5646, e.g. "en"); default the first description. */
  language?: string;
}

function gross(price: number, rates: TaxRateType[] | undefined): Decimal {
  return Decimal.from(price).mul(taxFactor(rates));
}

function idleSuffix(c: TariffConditionsType | undefined): string {
  const minIdle = c?.minIdleTime;
  return minIdle ? ` after ${Math.round(minIdle / 60)} min idle` : ' idle';
}

/**
 * What the display shows for `tariff` at the start of a session now: "25.00 KES/kWh", "2.00 KES/min charging ·
 * 1.00 KES/min after 30 min idle", "10.00 KES per session", and the tariff's description. Prices include the
 * tariff's taxes (what the driver pays). Elements are chosen as for a session starting at `atMs` (no energy or
 * time used yet); an idle price conditioned on idle time is the first idle element whatever its condition.
 */
export function priceText(tariff: TariffType, options: PriceTextOptions = {}): DisplayPrice {
  const atMs = options.atMs ?? Date.now();
  const local = localParts(atMs, options.utcOffset ?? stationOffset());
  const active = activeElements(tariff, { local, evseKind: options.evseKind, energyWh: Decimal.ZERO, elapsedMs: 0, chargingMs: 0, idleMs: 0 });
  const cur = tariff.currency;
  const out: DisplayPrice = { currency: cur };

  const energy = tariff.energy?.prices[active.energy ?? 0];
  if (energy) out.perKwh = `${formatUnitPrice(gross(energy.priceKwh, tariff.energy?.taxRates), cur)} ${cur}/kWh`;

  const times: string[] = [];
  const charging = tariff.chargingTime?.prices[active.chargingTime ?? 0];
  if (charging && charging.priceMinute !== 0) times.push(`${formatUnitPrice(gross(charging.priceMinute, tariff.chargingTime?.taxRates), cur)} ${cur}/min charging`);
  const idle = tariff.idleTime?.prices[active.idleTime ?? 0] ?? tariff.idleTime?.prices[0];
  if (idle && idle.priceMinute !== 0) times.push(`${formatUnitPrice(gross(idle.priceMinute, tariff.idleTime?.taxRates), cur)} ${cur}/min${idleSuffix(idle.conditions)}`);
  if (times.length) out.time = times.join(' · ');

  const fixedIndex = activeFixedElement(tariff.fixedFee, { local, evseKind: options.evseKind });
  const fixed = fixedIndex !== undefined ? tariff.fixedFee?.prices[fixedIndex] : undefined;
  if (fixed && fixed.priceFixed !== 0) out.sessionFee = `${formatMoney(gross(fixed.priceFixed, tariff.fixedFee?.taxRates), cur)} ${cur} per session`;

  const descriptions = tariff.description ?? [];
  const text = descriptions.find((d) => options.language !== undefined && d.language === options.language) ?? descriptions[0];
  if (text) out.text = text.content;
  return out;
}
