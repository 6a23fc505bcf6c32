// Turns a HAL meter reading into OCPP sampled values, keeping only the measurands SampledDataCtrlr asks for.

import type { MeterReading, Phase } from '../../../hal/meter/meter.js';
import type { MeasurandEnumType, ReadingContextEnumType } from '../types/v21.js';
import type { MeterSample, SampledValue } from './tx-types.js';

const PHASES: Phase[] = ['L1', 'L2', 'L3'];

/** Every value the reading holds, as OCPP measurands (energy rounded to 0.1 Wh). */
function allValues(r: MeterReading, context: ReadingContextEnumType): SampledValue[] {
  const out: SampledValue[] = [
    { measurand: 'Energy.Active.Import.Register', value: Math.round(r.energyImportWh * 10) / 10, unit: 'Wh', context },
    { measurand: 'Power.Active.Import', value: Math.round(Math.max(0, r.powerW)), unit: 'W', context },
  ];
  if (r.energyExportWh !== undefined) {
    out.push({ measurand: 'Energy.Active.Export.Register', value: Math.round(r.energyExportWh * 10) / 10, unit: 'Wh', context });
  }
  if (r.frequencyHz !== undefined) out.push({ measurand: 'Frequency', value: r.frequencyHz, unit: 'Hz', context });
  for (const phase of PHASES) {
    const p = r.phases[phase];
    if (!p) continue;
    if (p.voltageV !== undefined) out.push({ measurand: 'Voltage', phase: `${phase}-N`, value: round2(p.voltageV), unit: 'V', context });
    if (p.currentA !== undefined) out.push({ measurand: 'Current.Import', phase, value: round2(Math.max(0, p.currentA)), unit: 'A', context });
    if (p.powerW !== undefined) out.push({ measurand: 'Power.Active.Import', phase, value: Math.round(Math.max(0, p.powerW)), unit: 'W', context });
  }
  return out;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * A MeterValue for `reading` with the measurands in `measurands` (a SampledDataCtrlr list such as
 * "Energy.Active.Import.Register,Power.Active.Import"). The energy register is always included at
 * Transaction.Begin and Transaction.End: it is what the transaction is billed from.
 */
export function meterSample(reading: MeterReading, measurands: readonly string[], context: ReadingContextEnumType): MeterSample {
  const wanted = new Set<string>(measurands);
  if (context === 'Transaction.Begin' || context === 'Transaction.End') wanted.add('Energy.Active.Import.Register');
  const sampledValue = allValues(reading, context).filter((v) => wanted.has(v.measurand));
  return { timestamp: new Date(reading.timestamp).toISOString(), sampledValue };
}

/** The measurands this agent can sample (for SampledDataCtrlr's valuesList). */
export const SUPPORTED_MEASURANDS: MeasurandEnumType[] = [
  'Energy.Active.Import.Register',
  'Energy.Active.Export.Register',
  'Power.Active.Import',
  'Current.Import',
  'Voltage',
  'Frequency',
];
