// The simulator's meter register tables by model id, and the lookup that names the known models on a miss.

import type { SimMeterTable } from '../meter-state.js';
import { abbB23Table } from './abb-b23.js';
import { sdm630Table } from './sdm630.js';
import { sdm72dmTable } from './sdm72d-m.js';

export const SIM_METER_TABLES: Record<string, SimMeterTable> = Object.freeze({
  [sdm630Table.model]: sdm630Table,
  [sdm72dmTable.model]: sdm72dmTable,
  [abbB23Table.model]: abbB23Table,
});

export function simMeterTable(model: string): SimMeterTable {
  // Own keys only: "toString" or "__proto__" must not resolve to something inherited from Object.
  const table = Object.hasOwn(SIM_METER_TABLES, model) ? SIM_METER_TABLES[model] : undefined;
  if (table === undefined) {
    throw new Error(
      `unknown meter model "${model}" (known models: ${Object.keys(SIM_METER_TABLES).join(', ')})`,
    );
  }
  return table;
}
