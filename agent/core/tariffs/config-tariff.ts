// The default tariff from the station's config file (for a CSMS that sends none), as an OCPP 2.1 TariffType.

import type { TariffType, TaxRateType } from '../types/v21.js';

/** The simple price list an operator writes in the config file. Amounts in `currency`, excluding tax. */
export interface ConfigTariff {
  /** ISO 4217 code, e.g. "KES". */
  currency: string;
  /** Price per kWh. */
  pricePerKwh: number;
  /** Price per minute of charging. */
  perMinute?: number;
  /** Fixed fee per session. */
  sessionFee?: number;
  /** Price per minute connected but not charging. */
  idleFeePerMinute?: number;
  /** Minutes of idle time that are free before idleFeePerMinute applies (default 0). */
  idleGraceMinutes?: number;
  /** Tax (e.g. VAT) added on top of every price, percent. */
  taxPercent?: number;
  /** Text shown to drivers (English). */
  description?: string;
}

export const CONFIG_TARIFF_ID = 'config-default';

function checkAmount(field: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`config tariff ${field} must be a finite number >= 0, got ${String(value)}`);
  }
}

/** The TariffType (tariffId "config-default") of a config-file price list; throws a RangeError naming a bad field. */
export function configDefaultTariff(cfg: ConfigTariff): TariffType {
  if (typeof cfg.currency !== 'string' || !/^[A-Z]{3}$/.test(cfg.currency)) {
    throw new RangeError(`config tariff currency must be an ISO 4217 code like "KES", got ${JSON.stringify(cfg.currency)}`);
  }
  for (const field of ['pricePerKwh', 'perMinute', 'sessionFee', 'idleFeePerMinute', 'idleGraceMinutes', 'taxPercent'] as const) checkAmount(field, cfg[field]);
  if (cfg.pricePerKwh === undefined) throw new RangeError('config tariff pricePerKwh is required');
  const taxRates: TaxRateType[] | undefined = cfg.taxPercent ? [{ type: 'VAT', tax: cfg.taxPercent, stack: 0 }] : undefined;
  const tax = taxRates ? { taxRates } : {};
  const tariff: TariffType = {
    tariffId: CONFIG_TARIFF_ID,
    currency: cfg.currency,
    energy: { prices: [{ priceKwh: cfg.pricePerKwh }], ...tax },
  };
  if (cfg.perMinute) tariff.chargingTime = { prices: [{ priceMinute: cfg.perMinute }], ...tax };
  if (cfg.idleFeePerMinute) {
    const grace = cfg.idleGraceMinutes ? { conditions: { minIdleTime: Math.round(cfg.idleGraceMinutes * 60) } } : {};
    tariff.idleTime = { prices: [{ priceMinute: cfg.idleFeePerMinute, ...grace }], ...tax };
  }
  if (cfg.sessionFee) tariff.fixedFee = { prices: [{ priceFixed: cfg.sessionFee }], ...tax };
  if (cfg.description) tariff.description = [{ format: 'UTF8', language: 'en', content: cfg.description.slice(0, 1024) }];
  return tariff;
}
