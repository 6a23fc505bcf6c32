// What the display shows as the price before payment: the tariff in force, else the TariffCostCtrlr fallback messages.

import type { DisplayPrice } from './display-state.js';

export interface PriceSources {
  /** The price of the tariff in force (the CSMS's default tariff, else the config file's), if any. */
  tariffPrice: DisplayPrice | undefined;
  /** TariffCostCtrlr.Currency, for a fallback message shown without a tariff. */
  currency: string;
  /** Whether the CSMS is reachable now. */
  online: boolean;
  /** TariffCostCtrlr.TariffFallbackMessage: shown when no tariff is known. */
  tariffFallbackMessage?: string | undefined;
  /** TariffCostCtrlr.OfflineTariffFallbackMessage: shown while the station is offline. */
  offlineTariffFallbackMessage?: string | undefined;
}

/**
 * Offline with an OfflineTariffFallbackMessage: that message, beside the local tariff's figures if
 * there is one (the station can still price locally). Online: the tariff; without one, the
 * TariffFallbackMessage. Empty messages count as unset.
 */
export function displayPrice(s: PriceSources): DisplayPrice | undefined {
  const offlineText = s.offlineTariffFallbackMessage?.trim();
  if (!s.online && offlineText) return { ...(s.tariffPrice ?? { currency: s.currency }), text: offlineText };
  if (s.tariffPrice) return s.tariffPrice;
  const fallback = s.tariffFallbackMessage?.trim();
  return fallback ? { currency: s.currency, text: fallback } : undefined;
}
