// OCPP 2.x meter values (block J): MeterValues outside transactions (clock-aligned, triggered, pricing triggers).

import type { MeterSample } from '../../core/transactions/tx-types.js';
import { meterValueMessage } from './meter-value-message.js';
import type { LinkPart, V2Handlers } from './v2-handlers.js';

export function v2MeterValues(h: V2Handlers): LinkPart {
  return {
    async meterValues(evseId: number, sample: MeterSample) {
      const meterValue = meterValueMessage(sample);
      await h.rpc.call('MeterValues', { evseId, meterValue: [meterValue] });
    },
  };
}
