// The whitepaper's DataTransfer forms of NotifyWebPaymentStarted/Failed (2.0.1-2.1 and 1.6), the 2.1 native checks, with its examples and test cases.

import { describe, expect, it } from 'vitest';
import {
  checkNotifyWebPaymentStartedV21,
  parseWebPaymentDataTransfer,
  v16DataTransferResponse,
  v2DataTransferResponse,
  WEB_PAYMENTS_VENDOR_ID,
} from '../../../agent/ocpp/extensions/web-payments-datatransfer.js';
import { pickMessageText } from '../../../agent/core/payments/web-payment-notification.js';

const isEvse = (id: number) => id === 1 || id === 2;
const CONTENT = { format: 'UTF8', language: 'en', content: 'Payment network unreachable!' };

describe('NotifyWebPaymentStarted as DataTransfer (OCPP 2.0.1)', () => {
  const req = (data: unknown, vendorId = 'cloud.charging.open', messageId = 'NotifyWebPaymentStarted') => parseWebPaymentDataTransfer({ vendorId, messageId, data }, 'ocpp2.0.1', isEvse);

  it("the whitepaper's example is Accepted", () => {
    const o = req({ evseId: 1, timeout: 60 });
    expect(o).toEqual({ status: 'Accepted', notification: { kind: 'started', evseId: 1, timeoutS: 60 } });
    expect(v2DataTransferResponse(o)).toEqual({ status: 'Accepted' });
  });

  it('unknown vendorId -> UnknownVendorId; unknown messageId -> UnknownMessageId', () => {
    expect(req({ evseId: 1, timeout: 60 }, 'org.example').status).toBe('UnknownVendorId');
    expect(req({ evseId: 1, timeout: 60 }, WEB_PAYMENTS_VENDOR_ID, 'NotifyWebPaymentStarted*').status).toBe('UnknownMessageId');
    expect(parseWebPaymentDataTransfer({ messageId: 'NotifyWebPaymentStarted' }, 'ocpp2.0.1', isEvse).status).toBe('UnknownVendorId');
  });

  it.each([[null], [0], [undefined], [3], ['1'], [1.5]])('evseId %j -> Rejected invalidEvseId', (evseId) => {
    const o = req({ evseId, timeout: 60 });
    expect(v2DataTransferResponse(o)).toEqual({ status: 'Rejected', statusInfo: { reasonCode: 'invalidEvseId', additionalInfo: "Invalid 'evseId' value!" } });
  });

  it.each([[null], [undefined], [-1], [301], [60.5], ['60']])('timeout %j -> Rejected invalidTimeout', (timeout) => {
    expect(v2DataTransferResponse(req({ evseId: 1, timeout }))).toEqual({ status: 'Rejected', statusInfo: { reasonCode: 'invalidTimeout', additionalInfo: "Invalid 'timeout' value!" } });
  });

  it('timeout 0 is Accepted (ends the NotifyWebPaymentStarted mode); 300 is the maximum', () => {
    expect(req({ evseId: 1, timeout: 0 })).toEqual({ status: 'Accepted', notification: { kind: 'started', evseId: 1, timeoutS: 0 } });
    expect(req({ evseId: 1, timeout: 300 }).status).toBe('Accepted');
  });
});

describe('NotifyWebPaymentStarted as DataTransfer (OCPP 1.6, data is a JSON string with connectorId)', () => {
  const req = (data: unknown) => parseWebPaymentDataTransfer({ vendorId: 'cloud.charging.open', messageId: 'NotifyWebPaymentStarted', data }, 'ocpp1.6', isEvse);

  it("the whitepaper's example is Accepted", () => {
    const data = '{\n  "connectorId":  1,\n  "timeout":     60,\n  "customData":  null\n}';
    const o = req(data);
    expect(o).toEqual({ status: 'Accepted', notification: { kind: 'started', evseId: 1, timeoutS: 60 } });
    expect(v16DataTransferResponse(o)).toEqual({ status: 'Accepted' });
  });

  it('a bad connectorId or timeout is Rejected with the reason as a JSON string in data', () => {
    expect(v16DataTransferResponse(req(JSON.stringify({ connectorId: 0, timeout: 60 })))).toEqual({
      status: 'Rejected',
      data: JSON.stringify({ reasonCode: 'invalidConnectorId', additionalInfo: "Invalid 'connectorId' value!" }),
    });
    const timeout = v16DataTransferResponse(req(JSON.stringify({ connectorId: 1, timeout: 999999999 })));
    expect(JSON.parse(timeout.data!)).toEqual({ reasonCode: 'invalidTimeout', additionalInfo: "Invalid 'timeout' value!" });
    expect(req('{not json').status).toBe('Rejected');
  });
});

describe('NotifyWebPaymentFailed as DataTransfer', () => {
  it("2.0.1: the whitepaper's example is Accepted with the multi-language message", () => {
    const o = parseWebPaymentDataTransfer({ vendorId: 'cloud.charging.open', messageId: 'NotifyWebPaymentFailed', data: { evseId: 1, errorMessage: [CONTENT] } }, 'ocpp2.0.1', isEvse);
    expect(o).toEqual({ status: 'Accepted', notification: { kind: 'failed', evseId: 1, errorMessage: [CONTENT] } });
  });

  it('a single MessageContent object (as the test cases write it) is accepted too', () => {
    const o = parseWebPaymentDataTransfer({ vendorId: 'cloud.charging.open', messageId: 'NotifyWebPaymentFailed', data: { evseId: 2, errorMessage: CONTENT } }, 'ocpp2.1', isEvse);
    expect(o.status).toBe('Accepted');
  });

  it('1.6: data is a JSON string with connectorId', () => {
    const data = JSON.stringify({ connectorId: 1, errorMessage: [CONTENT] });
    const o = parseWebPaymentDataTransfer({ vendorId: 'cloud.charging.open', messageId: 'NotifyWebPaymentFailed', data }, 'ocpp1.6', isEvse);
    expect(o).toEqual({ status: 'Accepted', notification: { kind: 'failed', evseId: 1, errorMessage: [CONTENT] } });
  });

  it('evseId missing, null or invalid -> Rejected invalidEvseId', () => {
    for (const evseId of [undefined, null, 0, 9]) {
      const o = parseWebPaymentDataTransfer({ vendorId: 'cloud.charging.open', messageId: 'NotifyWebPaymentFailed', data: { evseId, errorMessage: CONTENT } }, 'ocpp2.0.1', isEvse);
      expect(o).toEqual({ status: 'Rejected', reasonCode: 'invalidEvseId', additionalInfo: "Invalid 'evseId' value!" });
    }
  });

  it("an invalid message content (\"format*\" key, format 'UTFx') -> Rejected; 2.x code fits StatusInfo's 20 characters", () => {
    const bad = { 'format*': 'UTF8', language: 'en', content: 'Payment network unreachable!' };
    const v2 = v2DataTransferResponse(parseWebPaymentDataTransfer({ vendorId: 'cloud.charging.open', messageId: 'NotifyWebPaymentFailed', data: { evseId: 1, errorMessage: bad } }, 'ocpp2.0.1', isEvse));
    expect(v2).toEqual({ status: 'Rejected', statusInfo: { reasonCode: 'invalidMsgContent', additionalInfo: "invalidMessageContent: Invalid format 'format*' for the message content!" } });
    expect(v2.statusInfo!.reasonCode.length).toBeLessThanOrEqual(20);
    const v16 = v16DataTransferResponse(
      parseWebPaymentDataTransfer({ vendorId: 'cloud.charging.open', messageId: 'NotifyWebPaymentFailed', data: JSON.stringify({ connectorId: 1, errorMessage: [{ ...CONTENT, format: 'UTFx' }] }) }, 'ocpp1.6', isEvse),
    );
    expect(JSON.parse(v16.data!)).toEqual({ reasonCode: 'invalidMessageContent', additionalInfo: "Invalid format 'UTFx' for the message content!" });
  });

  it('QRCODE is a format only in 2.1; content over 1024 characters and a missing errorMessage are invalid', () => {
    const send = (errorMessage: unknown, protocol: 'ocpp2.0.1' | 'ocpp2.1') =>
      parseWebPaymentDataTransfer({ vendorId: 'cloud.charging.open', messageId: 'NotifyWebPaymentFailed', data: { evseId: 1, errorMessage } }, protocol, isEvse).status;
    expect(send([{ format: 'QRCODE', content: 'x' }], 'ocpp2.1')).toBe('Accepted');
    expect(send([{ format: 'QRCODE', content: 'x' }], 'ocpp2.0.1')).toBe('Rejected');
    expect(send([{ format: 'UTF8', content: 'x'.repeat(1025) }], 'ocpp2.1')).toBe('Rejected');
    expect(send(undefined, 'ocpp2.1')).toBe('Rejected');
    expect(send([], 'ocpp2.1')).toBe('Rejected');
  });

  it('pickMessageText prefers the asked languages, else the first', () => {
    const msgs = [
      { format: 'UTF8' as const, language: 'de', content: 'Zahlungsnetz nicht erreichbar!' },
      { format: 'UTF8' as const, language: 'en', content: 'Payment network unreachable!' },
    ];
    expect(pickMessageText(msgs)).toBe('Payment network unreachable!');
    expect(pickMessageText(msgs, ['de', 'en'])).toBe('Zahlungsnetz nicht erreichbar!');
    expect(pickMessageText(msgs, ['fr'])).toBe('Zahlungsnetz nicht erreichbar!');
    expect(pickMessageText([])).toBeUndefined();
  });
});

describe('NotifyWebPaymentStartedRequest (OCPP 2.1 native): the whitepaper CALLERRORs', () => {
  it("the whitepaper's example passes", () => {
    expect(checkNotifyWebPaymentStartedV21({ evseId: 1, timeout: 60, customData: null }, isEvse)).toEqual({ ok: true, evseId: 1, timeoutS: 60 });
  });

  it.each([
    [{ timeout: 60 }, 'OccurrenceConstraintViolation', "Missing 'evseId' value!"],
    [{ evseId: '1', timeout: 60 }, 'TypeConstraintViolation', "Property 'evseId' must be of type Integer!"],
    [{ evseId: 7, timeout: 60 }, 'PropertyConstraintViolation', "Invalid value '7' for property 'evseId'!"],
    [{ evseId: 0, timeout: 60 }, 'PropertyConstraintViolation', "Invalid value '0' for property 'evseId'!"],
    [{ evseId: 1, timeout: null }, 'OccurrenceConstraintViolation', "Missing 'timeout' value!"],
    [{ evseId: 1, timeout: 1.5 }, 'TypeConstraintViolation', "Property 'timeout' must be of type Integer!"],
    [{ evseId: 1, timeout: 999999999 }, 'PropertyConstraintViolation', "Invalid value '999999999' for property 'timeout'!"],
  ])('%j -> %s', (req, errorCode, description) => {
    const r = checkNotifyWebPaymentStartedV21(req, isEvse);
    expect(r).toMatchObject({ ok: false, errorCode, description });
    if (!r.ok) expect(r.details.request).toEqual(req);
  });

  it('the CALLERROR details name the property and value', () => {
    const r = checkNotifyWebPaymentStartedV21({ evseId: 1, timeout: 999999999 }, isEvse);
    expect(r.ok ? undefined : r.details).toEqual({ property: 'timeout', value: 999999999, request: { evseId: 1, timeout: 999999999 } });
  });
});
