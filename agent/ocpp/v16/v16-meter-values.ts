// The core's meter samples as OCPP 1.6 MeterValue (value as a string, 1.6 units), and the Wh integers Start/StopTransaction carry.

import type { MeterSample, SampledValue } from '../../core/transactions/tx-types.js';
import type { MeterValuesRequest, StopTransactionRequest } from '../types/v16.js';

export type V16MeterValue = MeterValuesRequest['meterValue'][number];
export type V16SampledValue = V16MeterValue['sampledValue'][number];
export type V16TransactionData = NonNullable<StopTransactionRequest['transactionData']>[number];

/** Units 1.6 MeterValues knows (StopTransaction.transactionData lacks Hertz); 2.x "Hz" is 1.6 "Hertz". */
const UNIT_1_6: Record<string, V16SampledValue['unit']> = {
  Wh: 'Wh',
  kWh: 'kWh',
  varh: 'varh',
  kvarh: 'kvarh',
  W: 'W',
  kW: 'kW',
  VA: 'VA',
  kVA: 'kVA',
  var: 'var',
  kvar: 'kvar',
  A: 'A',
  V: 'V',
  K: 'K',
  Celsius: 'Celsius',
  Fahrenheit: 'Fahrenheit',
  Percent: 'Percent',
  Hz: 'Hertz',
};

/**
 * One sampled value in 1.6 form. The measurands, contexts and phases the core produces all exist in
 * 1.6 with the same names; a unit 1.6 cannot name is left out (1.6: the measurand's default unit).
 */
export function v16SampledValue(v: SampledValue, forStopTransaction = false): V16SampledValue {
  let unit = UNIT_1_6[v.unit];
  if (forStopTransaction && unit === 'Hertz') unit = undefined;
  return {
    value: String(v.value),
    context: v.context as V16SampledValue['context'],
    measurand: v.measurand as V16SampledValue['measurand'],
    ...(v.phase ? { phase: v.phase as V16SampledValue['phase'] } : {}),
    ...(unit ? { unit } : {}),
  };
}

/** The samples that have values, in 1.6 form (1.6 requires at least one sampledValue per MeterValue). */
export function v16MeterValues(samples: readonly MeterSample[] | undefined, forStopTransaction = false): V16MeterValue[] {
  return (samples ?? [])
    .filter((s) => s.sampledValue.length > 0)
    .map((s) => ({
      timestamp: s.timestamp,
      sampledValue: s.sampledValue.map((v) => v16SampledValue(v, forStopTransaction)) as V16MeterValue['sampledValue'],
    }));
}

/**
 * The Energy.Active.Import.Register in Wh, rounded to an integer (1.6 meterStart/meterStop), from the
 * first sample with `context` (any context when absent); undefined when none carries it.
 */
export function energyRegisterWh(samples: readonly MeterSample[] | undefined, context?: SampledValue['context']): number | undefined {
  for (const s of samples ?? []) {
    for (const v of s.sampledValue) {
      if (v.measurand !== 'Energy.Active.Import.Register' || v.phase !== undefined) continue;
      if (context !== undefined && v.context !== context) continue;
      if (!Number.isFinite(v.value)) continue;
      const wh = v.unit === 'kWh' ? v.value * 1000 : v.value;
      return Math.round(wh);
    }
  }
  return undefined;
}
