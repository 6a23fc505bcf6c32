// Extension codec, the web-payments whitepaper's wire forms: NotifyWebPaymentStarted/Failed as DataTransfer (2.0.1/2.1 object data, 1.6 string data), 2.1 native checks, 1.6 configuration keys.

import type { DeviceModel } from '../../core/device-model/device-model.js';
import type { ComponentRef } from '../../core/device-model/variable-key.js';
import type { DataTransferResponse as V16DataTransferResponse } from '../types/v16.js';
import type { DataTransferResponse as V2DataTransferResponse } from '../types/v201.js';
import { WEB_PAYMENTS_CTRLR } from '../../core/payments/web-payment-settings.js';
import { MAX_PAYMENT_TIMEOUT_S } from '../../core/payments/web-payment-state.js';
import type { WebPaymentMessageContent, WebPaymentNotification } from '../../core/payments/web-payment-notification.js';

/** DataTransfer vendorId of the whitepaper's messages. */
export const WEB_PAYMENTS_VENDOR_ID = 'cloud.charging.open';
export const NOTIFY_WEB_PAYMENT_STARTED = 'NotifyWebPaymentStarted';
export const NOTIFY_WEB_PAYMENT_FAILED = 'NotifyWebPaymentFailed';

export type WebPaymentProtocol = 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1';

/** What to answer a DataTransfer with, and on Accepted what to do. */
export type DataTransferOutcome =
  | { status: 'Accepted'; notification: WebPaymentNotification }
  | { status: 'UnknownVendorId' | 'UnknownMessageId' }
  | { status: 'Rejected'; reasonCode: string; additionalInfo: string };

/** Whether a DataTransfer's vendorId is the whitepaper's (DNS names compare case-insensitively). */
export function isWebPaymentsVendor(vendorId: unknown): boolean {
  return typeof vendorId === 'string' && vendorId.toLowerCase() === WEB_PAYMENTS_VENDOR_ID;
}

const FORMATS = ['ASCII', 'HTML', 'URI', 'UTF8', 'QRCODE'];
const CONTENT_KEYS = new Set(['format', 'language', 'content', 'customData']);
const MAX_CONTENT = 1024;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The whitepaper's reasonCode "invalidMessageContent" has 21 characters; OCPP 2.x StatusInfoType
 * allows 20, so 2.x answers carry this shorter code (the whitepaper's name is in additionalInfo).
 */
const INVALID_CONTENT_V2 = 'invalidMsgContent';

/** errorMessage: an array of MessageContent, or one MessageContent (as the whitepaper's test cases write it). Returns the list or the problem. */
function parseErrorMessage(v: unknown, protocol: WebPaymentProtocol): WebPaymentMessageContent[] | string {
  const items = Array.isArray(v) ? v : isObject(v) ? [v] : undefined;
  if (!items || items.length === 0) return "Invalid 'errorMessage' value!";
  const out: WebPaymentMessageContent[] = [];
  for (const item of items) {
    if (!isObject(item)) return "Invalid 'errorMessage' value!";
    const unknown = Object.keys(item).find((k) => !CONTENT_KEYS.has(k));
    if (unknown !== undefined) return `Invalid format '${unknown}' for the message content!`;
    const format = item.format;
    if (typeof format !== 'string' || !FORMATS.includes(format) || (format === 'QRCODE' && protocol !== 'ocpp2.1')) {
      return `Invalid format '${typeof format === 'string' ? format : 'format'}' for the message content!`;
    }
    if (item.language !== undefined && (typeof item.language !== 'string' || item.language.length > 8)) return "Invalid format 'language' for the message content!";
    if (typeof item.content !== 'string' || item.content.length > MAX_CONTENT) return "Invalid format 'content' for the message content!";
    out.push({ format: format as WebPaymentMessageContent['format'], ...(typeof item.language === 'string' && { language: item.language }), content: item.content });
  }
  return out;
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * A DataTransfer carrying NotifyWebPaymentStarted or NotifyWebPaymentFailed (whitepaper, OCPP
 * 2.0.1 - 2.1 and 1.6 sections). 2.x `data` is an object with evseId; 1.6 `data` is a JSON string
 * with connectorId (NotifyWebPaymentFailed also accepts evseId there). `isEvse` says whether an id
 * names an EVSE (1.6: a connector) of this station. The Rejected reason codes are the whitepaper's.
 */
export function parseWebPaymentDataTransfer(
  req: { vendorId?: unknown; messageId?: unknown; data?: unknown },
  protocol: WebPaymentProtocol,
  isEvse: (id: number) => boolean,
): DataTransferOutcome {
  if (!isWebPaymentsVendor(req.vendorId)) return { status: 'UnknownVendorId' };
  const started = req.messageId === NOTIFY_WEB_PAYMENT_STARTED;
  if (!started && req.messageId !== NOTIFY_WEB_PAYMENT_FAILED) return { status: 'UnknownMessageId' };
  const v16 = protocol === 'ocpp1.6';
  let data: unknown = req.data;
  if (v16 && typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      return { status: 'Rejected', reasonCode: 'invalidData', additionalInfo: "The 'data' value is not JSON!" };
    }
  }
  if (!isObject(data)) return { status: 'Rejected', reasonCode: 'invalidData', additionalInfo: "Missing 'data' object!" };

  if (started) {
    const idKey = v16 ? 'connectorId' : 'evseId';
    const id = data[idKey];
    if (!isId(id) || id <= 0 || !isEvse(id)) {
      return { status: 'Rejected', reasonCode: v16 ? 'invalidConnectorId' : 'invalidEvseId', additionalInfo: `Invalid '${idKey}' value!` };
    }
    // 0 is accepted: "A timeout value of 0 can be seen as a silent revocation of a previous request."
    const t = data.timeout;
    if (!isId(t) || t < 0 || t > MAX_PAYMENT_TIMEOUT_S) return { status: 'Rejected', reasonCode: 'invalidTimeout', additionalInfo: "Invalid 'timeout' value!" };
    return { status: 'Accepted', notification: { kind: 'started', evseId: id, timeoutS: t } };
  }

  const idKey = v16 && data.connectorId !== undefined ? 'connectorId' : 'evseId';
  const id = data[idKey];
  if (!isId(id) || id <= 0 || !isEvse(id)) return { status: 'Rejected', reasonCode: 'invalidEvseId', additionalInfo: `Invalid '${idKey}' value!` };
  const messages = parseErrorMessage(data.errorMessage, protocol);
  if (typeof messages === 'string') {
    return v16
      ? { status: 'Rejected', reasonCode: 'invalidMessageContent', additionalInfo: messages }
      : { status: 'Rejected', reasonCode: INVALID_CONTENT_V2, additionalInfo: `invalidMessageContent: ${messages}` };
  }
  return { status: 'Accepted', notification: { kind: 'failed', evseId: id, errorMessage: messages } };
}

/** The OCPP 1.6 DataTransfer.conf: a rejection's reason goes into `data` as a JSON string. */
export function v16DataTransferResponse(o: DataTransferOutcome): V16DataTransferResponse {
  if (o.status !== 'Rejected') return { status: o.status };
  return { status: 'Rejected', data: JSON.stringify({ reasonCode: o.reasonCode, additionalInfo: o.additionalInfo }) };
}

/** The OCPP 2.0.1/2.1 DataTransferResponse: a rejection's reason goes into statusInfo. */
export function v2DataTransferResponse(o: DataTransferOutcome): V2DataTransferResponse {
  if (o.status !== 'Rejected') return { status: o.status };
  return { status: 'Rejected', statusInfo: { reasonCode: o.reasonCode.slice(0, 20), additionalInfo: o.additionalInfo.slice(0, 512) } };
}

export type V21CheckResult =
  | { ok: true; evseId: number; timeoutS: number }
  | {
      ok: false;
      errorCode: 'OccurrenceConstraintViolation' | 'TypeConstraintViolation' | 'PropertyConstraintViolation';
      description: string;
      details: { property: string; value: unknown; request: unknown };
    };

/**
 * The whitepaper's checks of a native OCPP 2.1 NotifyWebPaymentStartedRequest, as the CALLERROR
 * to answer. timeout 0 is accepted as a revocation (whitepaper's general rule, although its 2.1
 * table asks for 0 < timeout).
 */
export function checkNotifyWebPaymentStartedV21(req: unknown, isEvse: (id: number) => boolean): V21CheckResult {
  const r = isObject(req) ? req : {};
  const fail = (errorCode: Extract<V21CheckResult, { ok: false }>['errorCode'], description: string, property: string): V21CheckResult => ({
    ok: false,
    errorCode,
    description,
    details: { property, value: r[property], request: req },
  });
  const { evseId, timeout } = r;
  if (evseId === undefined || evseId === null) return fail('OccurrenceConstraintViolation', "Missing 'evseId' value!", 'evseId');
  if (!isId(evseId)) return fail('TypeConstraintViolation', "Property 'evseId' must be of type Integer!", 'evseId');
  if (evseId <= 0 || !isEvse(evseId)) return fail('PropertyConstraintViolation', `Invalid value '${evseId}' for property 'evseId'!`, 'evseId');
  if (timeout === undefined || timeout === null) return fail('OccurrenceConstraintViolation', "Missing 'timeout' value!", 'timeout');
  if (!isId(timeout)) return fail('TypeConstraintViolation', "Property 'timeout' must be of type Integer!", 'timeout');
  if (timeout < 0 || timeout > MAX_PAYMENT_TIMEOUT_S) return fail('PropertyConstraintViolation', `Invalid value '${timeout}' for property 'timeout'!`, 'timeout');
  return { ok: true, evseId, timeoutS: timeout };
}

// ---- OCPP 1.6 configuration keys ----------------------------------------------------------

const V16_KEY = /^webpaymentsctrlr\.(?:(\d+)\.)?([A-Za-z]+)$/i;

/** "WebPaymentsCtrlr.{ConnectorId}.{Setting}" (one display per connector) or "WebPaymentsCtrlr.{Setting}" (one for all). */
export function v16WebPaymentsKey(setting: string, connectorId?: number): string {
  return connectorId === undefined ? `${WEB_PAYMENTS_CTRLR}.${setting}` : `${WEB_PAYMENTS_CTRLR}.${connectorId}.${setting}`;
}

/** The device-model variable behind a 1.6 key (connector n = EVSE n), or undefined when the key is not a WebPaymentsCtrlr one. */
export function parseV16WebPaymentsKey(key: string): { component: ComponentRef; variable: string } | undefined {
  const m = V16_KEY.exec(key.trim());
  if (!m) return undefined;
  const component: ComponentRef = m[1] === undefined ? { name: WEB_PAYMENTS_CTRLR } : { name: WEB_PAYMENTS_CTRLR, evse: { id: Number(m[1]) } };
  return { component, variable: m[2]! };
}

export interface V16ConfigurationEntry {
  key: string;
  readonly: boolean;
  /** SharedSecret is always "" (the whitepaper's way to show support; the secret is never read back). */
  value: string;
}

/** The GetConfiguration entries for every WebPaymentsCtrlr variable in the device model. */
export function v16WebPaymentsConfiguration(dm: DeviceModel): V16ConfigurationEntry[] {
  return dm
    .definitions()
    .filter((d) => d.component.name.toLowerCase() === WEB_PAYMENTS_CTRLR.toLowerCase())
    .map((d) => ({
      key: v16WebPaymentsKey(d.variable.name, d.component.evse?.id),
      readonly: d.mutability === 'ReadOnly',
      value: d.mutability === 'WriteOnly' ? '' : dm.str(d.component, d.variable),
    }));
}
