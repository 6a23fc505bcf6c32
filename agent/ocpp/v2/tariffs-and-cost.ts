// OCPP 2.x tariffs and cost (block I): the 2.1 tariff messages, and on 2.0.1 California pricing (costmsg DataTransfer, CostUpdated, cost in TransactionEventResponse).

import {
  COSTMSG_VENDOR_ID,
  costFromTransactionEventResponse,
  costMsgV2Response,
  handleCostMsgDataTransfer,
  runningCostFromCostUpdated,
} from '../extensions/california-costmsg.js';
import { attachTariffHandlers } from './tariff-handlers.js';
import type { LinkPart, V2Handlers } from './v2-handlers.js';

export function v2TariffsAndCost(h: V2Handlers): LinkPart {
  const { rpc, core, logger } = h;
  if (h.protocol === 'ocpp2.1' && h.tariffs) {
    attachTariffHandlers({
      rpc,
      tariffs: h.tariffs.store,
      costs: h.tariffs.costs,
      logger,
      gate: h.gate,
      onTariffsChanged: h.tariffs.onChanged,
      onTransactionTariff: (txId, apply) => {
        const evse = core.evseWithTransaction(txId);
        if (evse) evse.changeTariff(txId, apply);
        else apply();
      },
    });
  }

  // California pricing (org.openchargealliance.costmsg) is a 1.6/2.0.1 convention; 2.1 has tariffs of its own.
  const prices = h.protocol === 'ocpp2.0.1' ? h.csmsPrices : undefined;
  if (!prices) return {};
  rpc.handle('CostUpdated', (req) => {
    h.gate();
    const parsed = runningCostFromCostUpdated(req);
    const applied = parsed.ok ? prices.apply(parsed.message) : parsed;
    // CostUpdatedResponse has no status: a cost that cannot be shown is only logged.
    if (!applied.ok) logger.warn({ tx: req.transactionId, reason: applied.additionalInfo }, 'CostUpdated not shown');
    return {};
  });
  h.dataTransfer.register(COSTMSG_VENDOR_ID, (req) => {
    const outcome = handleCostMsgDataTransfer(req, 'ocpp2.0.1', prices);
    logger.info(
      { messageId: req.messageId, status: outcome.status, ...(outcome.status === 'Rejected' ? { reason: outcome.additionalInfo } : {}) },
      'California pricing DataTransfer',
    );
    return costMsgV2Response(outcome);
  });
  h.onTransactionEventResponse.push((event, response) => {
    const c = costFromTransactionEventResponse(event.eventType, event.transactionId, response);
    const applied = c?.ok ? prices.apply(c.message) : c;
    if (applied && !applied.ok) logger.warn({ tx: event.transactionId, reason: applied.additionalInfo }, 'cost in TransactionEventResponse not shown');
  });
  return {};
}
