// OCPP 1.6 meter values (Core profile): MeterValues outside the transaction messages, with the ongoing 1.6 transactionId when there is one.

import type { MeterSample } from '../../core/transactions/tx-types.js';
import type { LinkPart, V16Handlers } from './v16-handlers.js';
import { v16MeterValues } from './v16-meter-values.js';

export function v16MeterValuesBlock(h: V16Handlers): LinkPart {
  return {
    async meterValues(evseId: number, sample: MeterSample) {
      const meterValue = v16MeterValues([sample]);
      if (meterValue.length === 0) return;
      const tx = h.core.evse(evseId)?.transaction();
      const transactionId = tx && !tx.ended ? h.ids.record(tx.transactionId)?.transactionId : undefined;
      await h.rpc.call('MeterValues', { connectorId: evseId, ...(transactionId !== undefined ? { transactionId } : {}), meterValue: meterValue as [never, ...never[]] });
    },
  };
}
