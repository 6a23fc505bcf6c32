// The price before payment: the tariff in force, else TariffFallbackMessage; OfflineTariffFallbackMessage while offline.

import { describe, expect, it } from 'vitest';
import { displayPrice } from '../../agent/core/display/display-price.js';

const TARIFF = { currency: 'KES', perKwh: '25.00 KES/kWh', text: 'Pay by phone' };

describe('displayPrice', () => {
  it('online with a tariff: the tariff, whatever the fallback messages say', () => {
    expect(displayPrice({ tariffPrice: TARIFF, currency: 'KES', online: true, tariffFallbackMessage: 'x', offlineTariffFallbackMessage: 'y' })).toEqual(TARIFF);
  });

  it('online without a tariff: TariffFallbackMessage in the currency, else nothing', () => {
    expect(displayPrice({ tariffPrice: undefined, currency: 'KES', online: true, tariffFallbackMessage: 'Price on the web page' })).toEqual({ currency: 'KES', text: 'Price on the web page' });
    expect(displayPrice({ tariffPrice: undefined, currency: 'KES', online: true })).toBeUndefined();
    expect(displayPrice({ tariffPrice: undefined, currency: 'KES', online: true, tariffFallbackMessage: '  ' })).toBeUndefined();
  });

  it('offline: OfflineTariffFallbackMessage replaces the text and keeps the local figures; without one, as online', () => {
    expect(displayPrice({ tariffPrice: TARIFF, currency: 'KES', online: false, offlineTariffFallbackMessage: 'Offline' })).toEqual({ ...TARIFF, text: 'Offline' });
    expect(displayPrice({ tariffPrice: undefined, currency: 'KES', online: false, offlineTariffFallbackMessage: 'Offline' })).toEqual({ currency: 'KES', text: 'Offline' });
    expect(displayPrice({ tariffPrice: TARIFF, currency: 'KES', online: false })).toEqual(TARIFF);
  });
});
