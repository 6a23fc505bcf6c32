// OCPP 1.6 transaction limits: the vendor DataTransfer that sets a transaction's limit (the 1.6 form of 2.1's transactionLimit).

import { LIMIT_VENDOR_ID } from '../extensions/transaction-limit.js';
import { parseV16LimitData, V16_LIMIT_MESSAGE_ID, v16LimitRejected } from '../extensions/transaction-limit-v16.js';
import type { LinkPart, V16Handlers } from './v16-handlers.js';

export function v16Limits(h: V16Handlers): LinkPart {
  h.dataTransfer.register(LIMIT_VENDOR_ID, (req) => {
    if (req.messageId !== V16_LIMIT_MESSAGE_ID) return { status: 'UnknownMessageId' };
    const parsed = parseV16LimitData(req.data);
    if (!parsed.ok) return v16LimitRejected(parsed.reasonCode, parsed.additionalInfo);
    const uuid = h.ids.uuidOf(parsed.transactionId);
    const evse = uuid === undefined ? undefined : h.core.evseWithTransaction(uuid, { ongoing: true });
    if (!evse || uuid === undefined) return v16LimitRejected('UnknownTransaction', `no ongoing transaction ${parsed.transactionId}`);
    evse.applyAck(uuid, { limits: parsed.limits });
    h.logger.info({ tx: uuid, transactionId: parsed.transactionId, limits: parsed.limits }, 'transaction limit set by DataTransfer');
    return { status: 'Accepted' };
  });
  return {};
}
