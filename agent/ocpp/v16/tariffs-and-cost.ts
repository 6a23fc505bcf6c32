// OCPP 1.6 tariffs and cost: California pricing's costmsg DataTransfers (SetUserPrice, RunningCost, FinalCost).

import { COSTMSG_VENDOR_ID, costMsgV16Response, handleCostMsgDataTransfer } from '../extensions/california-costmsg.js';
import type { LinkPart, V16Handlers } from './v16-handlers.js';

export function v16TariffsAndCost(h: V16Handlers): LinkPart {
  const prices = h.csmsPrices;
  if (!prices) return {};
  h.dataTransfer.register(COSTMSG_VENDOR_ID, (req) =>
    // The 1.6 messages name the CSMS's integer transactionId: map it to the agent's own id.
    costMsgV16Response(
      handleCostMsgDataTransfer(req, 'ocpp1.6', {
        apply: (m) => prices.apply(m.kind === 'SetUserPrice' ? m : { ...m, transactionId: h.ids.uuidOf(Number(m.transactionId)) ?? m.transactionId }),
      }),
    ),
  );
  return {};
}
