// Meter values (OCPP block J): the clock-aligned ticks re-armed when any AlignedDataCtrlr variable changes.

import type { FunctionalBlock, StationContext } from '../context.js';
import { ALIGNED_DATA_PREFIX } from '../device-model/keys.js';

export function meterValuesBlock(ctx: StationContext): FunctionalBlock {
  return {
    name: 'meter-values',
    settings: { [ALIGNED_DATA_PREFIX]: () => ctx.core.alignedDataChanged() },
  };
}
