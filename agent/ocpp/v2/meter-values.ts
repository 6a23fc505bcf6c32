// OCPP 2.x meter values (block J): MeterValues outside transactions (clock-aligned, triggered, pricing triggers).

import type { MeterSample } from '../../core/transactions/tx-types.js';
import type { MeterValueType } from '../../core/types/v21.js';
import type { LinkPart, V2Handlers } from './v2-handlers.js';

export function v2MeterValues(h: V2Handlers): LinkPart {
  return {
    async meterValues(evseId: number, sample: MeterSample) {
      const meterValue: MeterValueType = {
        timestamp: sample.timestamp,
        sampledValue: sample.sampledValue.map((v) => ({
          value: v.value,
          measurand: v.measurand,
          context: v.context,
          ...(v.phase ? { phase: v.phase } : {}),
          unitOfMeasure: { unit: v.unit },
        })) as MeterValueType['sampledValue'],
      };
      await h.rpc.call('MeterValues', { evseId, meterValue: [meterValue] });
    },
  };
}
