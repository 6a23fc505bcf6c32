// Payment URL templates: each placeholder (case-insensitive), URL encoding, URLParameters limits, checks at set time.

import { describe, expect, it } from 'vitest';
import { buildPaymentUrl, templatePlaceholders, UrlTemplateError, validateUrlTemplate, type PaymentUrlValues } from '../../../agent/core/payments/url-template.js';

const values: PaymentUrlValues = { chargingStationId: 'CS-001', evseId: 2, totp: 'CN63y502', version: 'v1', urlParameters: [] };

describe('buildPaymentUrl', () => {
  it("fills the whitepaper's example without EVSE id", () => {
    expect(buildPaymentUrl('https://qr.mycsms.com/{totp}/{version}/{chargingStationId}/', values)).toBe('https://qr.mycsms.com/CN63y502/v1/CS-001/');
  });

  it("fills the whitepaper's example with EVSE", () => {
    expect(buildPaymentUrl('https://qr.mycsms.com/{chargingStationId}/{evse}/{totp}?v={version}', values)).toBe('https://qr.mycsms.com/CS-001/2/CN63y502?v=v1');
  });

  it('placeholder names are case-insensitive; {evseId} (the 1.6 example) is {evse}', () => {
    expect(buildPaymentUrl('https://x.example/{TOTP}/{ChargingStationID}/{EVSEID}/{Version}', values)).toBe('https://x.example/CN63y502/CS-001/2/v1');
  });

  it('values are URL-encoded', () => {
    const url = buildPaymentUrl('https://x.example/{chargingStationId}/{totp}?r={roamingEVSEId}&c={roamingCSId}', {
      ...values,
      chargingStationId: 'Station 1/ü?&#',
      roamingEvseId: 'DE*GEF*E12345678*1',
      roamingCsId: 'DE*GEF*S12345678',
    });
    expect(url).toBe('https://x.example/Station%201%2F%C3%BC%3F%26%23/CN63y502?r=DE*GEF*E12345678*1&c=DE*GEF*S12345678');
    expect(new URL(url).pathname.split('/')[1]).toBe('Station%201%2F%C3%BC%3F%26%23');
    expect(decodeURIComponent(new URL(url).pathname.split('/')[1]!)).toBe('Station 1/ü?&#');
  });

  it('limit placeholders are filled when URLParameters lists them', () => {
    const url = buildPaymentUrl('https://x.example/{totp}?e={maxEnergy}&t={maxTime}&c={maxCost}', {
      ...values,
      urlParameters: ['maxenergy', 'maxtime', 'maxcost'],
      limits: { maxEnergy: 20000, maxTime: 3600, maxCost: 12.5 },
    });
    expect(url).toBe('https://x.example/CN63y502?e=20000&t=3600&c=12.5');
  });

  it('a limit the driver did not choose drops its query parameter (first, middle, last, all)', () => {
    const p = { ...values, urlParameters: ['maxEnergy', 'maxTime', 'maxCost'] };
    const t = 'https://x.example/{totp}?e={maxEnergy}&t={maxTime}&c={maxCost}#top';
    expect(buildPaymentUrl(t, { ...p, limits: { maxTime: 60, maxCost: 1 } })).toBe('https://x.example/CN63y502?t=60&c=1#top');
    expect(buildPaymentUrl(t, { ...p, limits: { maxEnergy: 5, maxCost: 1 } })).toBe('https://x.example/CN63y502?e=5&c=1#top');
    expect(buildPaymentUrl(t, { ...p, limits: { maxEnergy: 5 } })).toBe('https://x.example/CN63y502?e=5#top');
    expect(buildPaymentUrl(t, p)).toBe('https://x.example/CN63y502#top');
    expect(buildPaymentUrl('https://x.example/{totp}?v={version}&e={maxEnergy}', p)).toBe('https://x.example/CN63y502?v=v1');
  });

  it('a limit that is not a whole query value becomes empty when not chosen', () => {
    expect(buildPaymentUrl('https://x.example/{totp}/e{maxEnergy}', { ...values, urlParameters: ['maxenergy'] })).toBe('https://x.example/CN63y502/e');
  });

  it('an absent EVSE id drops a query parameter but is an error in the path', () => {
    const { evseId: _, ...shared } = values;
    expect(buildPaymentUrl('https://x.example/{totp}?evse={evse}', shared)).toBe('https://x.example/CN63y502');
    expect(() => buildPaymentUrl('https://x.example/{totp}/{evse}', shared)).toThrow(/placeholder \{evse\} has no value/);
  });

  it('bad limit values are RangeErrors naming the limit', () => {
    const p = { ...values, urlParameters: ['maxEnergy', 'maxTime'] };
    expect(() => buildPaymentUrl('https://x.example/{totp}?e={maxEnergy}', { ...p, limits: { maxEnergy: 1.5 } })).toThrow(/maxEnergy must be an integer >= 0/);
    expect(() => buildPaymentUrl('https://x.example/{totp}?t={maxTime}', { ...p, limits: { maxTime: -1 } })).toThrow(/maxTime/);
  });

  it('an empty template or an empty TOTP is an error', () => {
    expect(() => buildPaymentUrl('', values)).toThrow(/URL template is empty/);
    expect(() => buildPaymentUrl('https://x.example/{totp}', { ...values, totp: '' })).toThrow(/\{totp\} has no value/);
  });
});

describe('validateUrlTemplate (when URLTemplate is set)', () => {
  it('accepts "" (not configured) and the whitepaper examples', () => {
    expect(() => validateUrlTemplate('', [])).not.toThrow();
    expect(() => validateUrlTemplate('https://qr.mycsms.com/{totp}/{version}/{chargingStationId}/', [])).not.toThrow();
    expect(() => validateUrlTemplate('https://qr-pay.example.org/v1/{totp}/{evseId}', [])).not.toThrow();
  });

  it('an unknown placeholder is an error naming it', () => {
    try {
      validateUrlTemplate('https://x.example/{totp}/{station}', []);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UrlTemplateError);
      expect((err as UrlTemplateError).placeholder).toBe('station');
      expect((err as Error).message).toMatch(/placeholder \{station\} is unknown; known placeholders: \{chargingStationId\}/);
    }
  });

  it('a limit placeholder not in URLParameters is rejected (whitepaper test case)', () => {
    expect(() => validateUrlTemplate('https://x.example/{totp}?c={maxCost}', ['maxenergy'])).toThrow(/\{maxCost\} is not in WebPaymentsCtrlr.URLParameters \(maxenergy\)/);
    expect(() => validateUrlTemplate('https://x.example/{totp}?c={MAXCOST}', ['maxCost'])).not.toThrow();
  });

  it('{totp} is required, the URL must be http(s), braces must pair', () => {
    expect(() => validateUrlTemplate('https://x.example/{chargingStationId}', [])).toThrow(/no \{totp\} placeholder/);
    expect(() => validateUrlTemplate('ftp://x.example/{totp}', [])).toThrow(/must start with https:\/\//);
    expect(() => validateUrlTemplate('https://x.example/{totp', [])).toThrow(/"\{" without "\}"/);
    expect(() => validateUrlTemplate('https://x.example/totp}', [])).toThrow(/"\}" without "\{"/);
    expect(() => validateUrlTemplate('https://x.example/{to{totp}', [])).toThrow(/inside a placeholder/);
    expect(() => validateUrlTemplate('https:// bad host/{totp}', [])).toThrow(/does not give a valid URL/);
  });

  it('templatePlaceholders lists the canonical names once', () => {
    expect(templatePlaceholders('https://x/{TOTP}/{evseid}/{evse}/{maxcost}')).toEqual(['totp', 'evse', 'maxCost']);
  });
});
