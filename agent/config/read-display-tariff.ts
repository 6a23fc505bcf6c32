// Reads the config's "display" (kiosk page, PNG output, QR displays) and "tariff" (the default price) sections.

import { resolve } from 'node:path';
import type { Section } from './field-reader.js';

export interface DisplayConfig {
  /** Loopback port of the kiosk page for the station's browser; 0 = no kiosk server. */
  kioskPort: number;
  /** One payment QR display per EVSE, or one shared by all (WebPaymentsCtrlr instances follow this). */
  qrDisplays: 'per-evse' | 'shared';
  /** Directory for evse-<n>.png screens (image-fed displays); absent = none. */
  pngDir?: string;
}

/** The default tariff for stations whose CSMS sends none; prices in `currency` (ISO 4217). */
export interface TariffConfig {
  currency: string;
  pricePerKwh: number;
  perMinute?: number;
  sessionFee?: number;
  idleFeePerMinute?: number;
  taxPercent?: number;
  description?: string;
}

export function readDisplay(s: Section | undefined, configDir: string): DisplayConfig {
  if (!s) return { kioskPort: 8089, qrDisplays: 'per-evse' };
  s.allow(['kioskPort', 'qrDisplays', 'pngDir']);
  const kioskPort = s.int('kioskPort', 0, 65535, { default: 8089 }) ?? 8089;
  const qrDisplays = s.oneOf('qrDisplays', ['per-evse', 'shared'] as const, { default: 'per-evse' }) ?? 'per-evse';
  const pngDir = s.str('pngDir', { optional: true, maxLen: 4096 });
  return { kioskPort, qrDisplays, ...(pngDir !== undefined ? { pngDir: resolve(configDir, pngDir) } : {}) };
}

export function readTariff(s: Section | undefined): TariffConfig | undefined {
  if (!s) return undefined;
  s.allow(['currency', 'pricePerKwh', 'perMinute', 'sessionFee', 'idleFeePerMinute', 'taxPercent', 'description']);
  const currency = s.str('currency', { minLen: 3, maxLen: 3, pattern: /^[A-Z]{3}$/, patternHint: 'an ISO 4217 code such as KES, INR, EUR' });
  const pricePerKwh = s.num('pricePerKwh', 0, 1_000_000);
  const perMinute = s.num('perMinute', 0, 1_000_000, { optional: true });
  const sessionFee = s.num('sessionFee', 0, 1_000_000, { optional: true });
  const idleFeePerMinute = s.num('idleFeePerMinute', 0, 1_000_000, { optional: true });
  const taxPercent = s.num('taxPercent', 0, 100, { optional: true });
  const description = s.str('description', { optional: true, maxLen: 512 });
  if (currency === undefined || pricePerKwh === undefined) return undefined;
  return {
    currency,
    pricePerKwh,
    ...(perMinute !== undefined ? { perMinute } : {}),
    ...(sessionFee !== undefined ? { sessionFee } : {}),
    ...(idleFeePerMinute !== undefined ? { idleFeePerMinute } : {}),
    ...(taxPercent !== undefined ? { taxPercent } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}
