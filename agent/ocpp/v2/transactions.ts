// OCPP 2.x transactions (blocks C, E, F): Authorize, RequestStart/StopTransaction, GetTransactionStatus, TriggerMessage, TransactionEvent.

import type { TxEvent, TxEventAck } from '../../core/transactions/tx-types.js';
import { transactionEventAck, transactionEventRequest } from './tx-event-message.js';
import type { LinkPart, V2Handlers } from './v2-handlers.js';

const TRIGGERABLE = ['BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues', 'TransactionEvent'] as const;

export function v2Transactions(h: V2Handlers): LinkPart {
  const { rpc, core } = h;

  rpc.handle('RequestStartTransaction', async (req) => {
    h.gate();
    const r = await core.requestStart(req.evseId, { idToken: req.idToken.idToken, type: req.idToken.type }, req.remoteStartId);
    return {
      status: r.status,
      ...(r.transactionId ? { transactionId: r.transactionId } : {}),
      ...(r.reason ? { statusInfo: { reasonCode: 'Rejected', additionalInfo: r.reason.slice(0, 512) } } : {}),
    };
  });

  rpc.handle('RequestStopTransaction', async (req) => {
    h.gate();
    return { status: await core.requestStop(req.transactionId) };
  });

  rpc.handle('GetTransactionStatus', (req) => {
    h.gate();
    return core.transactionStatus(req.transactionId);
  });

  rpc.handle('TriggerMessage', async (req) => {
    h.gate();
    const what = req.requestedMessage;
    if (!(TRIGGERABLE as readonly string[]).includes(what)) return { status: 'NotImplemented' as const };
    const ok = await core.trigger(what as (typeof TRIGGERABLE)[number], req.evse?.id);
    return { status: ok ? ('Accepted' as const) : ('Rejected' as const) };
  });

  return {
    async transactionEvent(event: TxEvent): Promise<TxEventAck> {
      const request = transactionEventRequest(event, h.protocol);
      const response = await rpc.call('TransactionEvent', request as Parameters<typeof rpc.call<'TransactionEvent'>>[1], {
        timeoutMs: h.messageTimeoutMs(),
      });
      for (const listener of h.onTransactionEventResponse) listener(event, response);
      return transactionEventAck(response, h.protocol);
    },
    async authorize(idToken) {
      const r = await rpc.call('Authorize', { idToken: { idToken: idToken.idToken, type: idToken.type as 'Central' } });
      return { status: r.idTokenInfo.status, ...(h.protocol === 'ocpp2.1' && r.tariff ? { tariff: r.tariff } : {}) };
    },
  };
}
