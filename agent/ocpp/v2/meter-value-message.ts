// A core meter sample as an OCPP 2.0.1 / 2.1 MeterValueType (MeterValues and TransactionEvent carry the same shape).

import type { MeterSample } from '../../core/transactions/tx-types.js';
import type { MeterValueType } from '../../core/types/v21.js';

/** The sample on the wire: each sampled value with its measurand, context, phase (when set) and unit. */
export function meterValueMessage(sample: MeterSample): MeterValueType {
  return {
    timestamp: sample.timestamp,
    sampledValue: sample.sampledValue.map((v) => ({
      value: v.value,
      measurand: v.measurand,
      context: v.context,
      ...(v.phase ? { phase: v.phase } : {}),
      unitOfMeasure: { unit: v.unit },
    })) as MeterValueType['sampledValue'],
  };
}
