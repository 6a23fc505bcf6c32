// OCPP 1.6 web payments (QR codes): the whitepaper's DataTransfer forms of NotifyWebPaymentStarted/Failed.

import { parseWebPaymentDataTransfer, v16DataTransferResponse, WEB_PAYMENTS_VENDOR_ID } from '../extensions/web-payments-datatransfer.js';
import type { LinkPart, V16Handlers } from './v16-handlers.js';

export function v16WebPayments(h: V16Handlers): LinkPart {
  const payments = h.payments;
  if (!payments) return {};
  h.dataTransfer.register(WEB_PAYMENTS_VENDOR_ID, (req) => {
    const outcome = parseWebPaymentDataTransfer(req, 'ocpp1.6', (id) => h.core.evse(id) !== undefined);
    if (outcome.status === 'Accepted') void payments.apply(outcome.notification);
    return v16DataTransferResponse(outcome);
  });
  return {};
}
