// The CSMS side of secure dynamic QR payments: configure a station's WebPaymentsCtrlr, and "scan" a code: validate its TOTP, notify, start the paid session.

import { randomBytes } from 'node:crypto';
import { validateTotp, type TotpMatch } from '../../agent/core/payments/totp-v1.js';
import type { CsmsSim } from './csms-server.js';
import type { PaymentMethod, PayResult } from './csms-types.js';

export const PAY_HOST = 'https://pay.example.com';
/** The template this CSMS gives its stations: the station id and EVSE in the path, the password as a query parameter. */
export const PAY_URL_TEMPLATE = `${PAY_HOST}/{chargingStationId}/{evse}?totp={totp}&v={version}`;

export interface WebPaymentConfig {
  sharedSecret: string;
  validityS: number;
  length: number;
}

const configs = new Map<string, WebPaymentConfig>();

/**
 * Sets URLTemplate, SharedSecret, ValidityTime and Length of the station's per-EVSE WebPaymentsCtrlr
 * with SetVariables, as a CSMS does after the boot; the CSMS keeps the secret to validate codes.
 */
export async function configureWebPayments(csms: CsmsSim, stationId: string, evseIds: number[], o: Partial<WebPaymentConfig> = {}): Promise<WebPaymentConfig> {
  const config: WebPaymentConfig = {
    sharedSecret: o.sharedSecret ?? randomBytes(24).toString('base64url'),
    validityS: o.validityS ?? 30,
    length: o.length ?? 8,
  };
  const setVariableData = evseIds.flatMap((id) => {
    const component = { name: 'WebPaymentsCtrlr', evse: { id } };
    return [
      { component, variable: { name: 'URLTemplate' }, attributeValue: PAY_URL_TEMPLATE },
      { component, variable: { name: 'SharedSecret' }, attributeValue: config.sharedSecret },
      { component, variable: { name: 'ValidityTime' }, attributeValue: String(config.validityS) },
      { component, variable: { name: 'Length' }, attributeValue: String(config.length) },
    ];
  });
  const res = await csms.call(stationId, 'SetVariables', { setVariableData: setVariableData as [never, ...never[]] });
  const refused = res.setVariableResult.filter((r) => r.attributeStatus !== 'Accepted');
  if (refused.length > 0) {
    throw new Error(`station ${stationId} refused WebPaymentsCtrlr settings: ${refused.map((r) => `${r.variable.name} ${r.attributeStatus} ${r.attributeStatusInfo?.additionalInfo ?? ''}`).join('; ')}`);
  }
  configs.set(stationId, config);
  return config;
}

export interface ScannedCode {
  stationId: string;
  evseId: number;
  totp: string;
  /** Which slot the password matched, or undefined when it is not valid now. */
  match: TotpMatch | undefined;
}

/** Reads a payment URL of PAY_URL_TEMPLATE and checks its password as a CSMS would (current, previous or next slot). */
export function checkScannedUrl(url: string, now = Date.now()): ScannedCode {
  const u = new URL(url);
  const [stationPart, evsePart] = u.pathname.split('/').filter((p) => p.length > 0);
  const stationId = decodeURIComponent(stationPart ?? '');
  const evseId = Number(evsePart);
  const totp = u.searchParams.get('totp') ?? '';
  const config = configs.get(stationId);
  if (!config) throw new Error(`no web-payment settings for station "${stationId}" (configureWebPayments first)`);
  const match = validateTotp(totp, { secret: config.sharedSecret, unixMs: now, validityS: config.validityS, length: config.length });
  return { stationId, evseId, totp, match };
}

/**
 * The driver scanned `url` and opened the payment page: the CSMS validates the password, tells the
 * station a payment started (NotifyWebPaymentStarted on 2.1, the whitepaper's DataTransfer on 2.0.1),
 * takes the payment and starts the session with its limit. Throws when the code is not valid now.
 */
export async function scanAndPay(
  csms: CsmsSim,
  url: string,
  payment: { amount: number; method: PaymentMethod; paymentSeconds?: number },
  now = Date.now(),
): Promise<PayResult & { match: TotpMatch }> {
  const scanned = checkScannedUrl(url, now);
  if (!scanned.match) throw new Error(`payment code ${scanned.totp} for ${scanned.stationId}/${scanned.evseId} is not valid now`);
  const session = csms.connectedStation(scanned.stationId);
  const timeout = 60;
  if (session.protocol === 'ocpp2.1') {
    await csms.call(scanned.stationId, 'NotifyWebPaymentStarted', { evseId: scanned.evseId, timeout });
  } else {
    await csms.call(scanned.stationId, 'DataTransfer', {
      vendorId: 'cloud.charging.open',
      messageId: 'NotifyWebPaymentStarted',
      data: { evseId: scanned.evseId, timeout },
    });
  }
  // The driver completes the payment on the phone (STK push, UPI collect, card page).
  if (payment.paymentSeconds) await new Promise((r) => setTimeout(r, payment.paymentSeconds! * 1000));
  const paid = await csms.pay({ stationId: scanned.stationId, evseId: scanned.evseId, amount: payment.amount, method: payment.method });
  return { ...paid, match: scanned.match };
}
