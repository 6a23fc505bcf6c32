// OCPP 2.x web payments (QR codes): 2.1 NotifyWebPaymentStarted and the whitepaper's DataTransfer forms of NotifyWebPaymentStarted/Failed.

import { RpcError } from '../rpc-errors.js';
import {
  checkNotifyWebPaymentStartedV21,
  parseWebPaymentDataTransfer,
  v2DataTransferResponse,
  WEB_PAYMENTS_VENDOR_ID,
} from '../extensions/web-payments-datatransfer.js';
import type { LinkPart, V2Handlers } from './v2-handlers.js';

export function v2WebPayments(h: V2Handlers): LinkPart {
  const payments = h.payments;
  if (!payments) return {};
  const isEvse = (id: number) => h.core.evse(id) !== undefined;

  if (h.protocol === 'ocpp2.1') {
    h.rpc.handle('NotifyWebPaymentStarted', (req) => {
      h.gate();
      const check = checkNotifyWebPaymentStartedV21(req, isEvse);
      if (!check.ok) throw new RpcError(check.errorCode, check.description, { property: check.details.property });
      void payments.apply({ kind: 'started', evseId: check.evseId, timeoutS: check.timeoutS });
      return {};
    });
  }

  h.dataTransfer.register(WEB_PAYMENTS_VENDOR_ID, (req) => {
    const outcome = parseWebPaymentDataTransfer(req, h.protocol, isEvse);
    if (outcome.status === 'Accepted') void payments.apply(outcome.notification);
    return v2DataTransferResponse(outcome);
  });
  return {};
}
