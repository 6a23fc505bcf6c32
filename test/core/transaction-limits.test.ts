// usableTxLimits: which limit fields from the CSMS the station enforces; the rest are ignored, whatever the OCPP version.

import { describe, expect, it } from 'vitest';
import { usableTxLimits } from '../../agent/core/limits/transaction-limits.js';

describe('usableTxLimits', () => {
  it('keeps finite numbers >= 0 and names the others (the 2.1 schema lets a negative maxEnergy or maxCost through)', () => {
    expect(usableTxLimits({ maxEnergy: 7500, maxTime: 0, maxCost: 5 })).toEqual({ usable: { maxEnergy: 7500, maxTime: 0, maxCost: 5 }, ignored: [] });
    expect(usableTxLimits({ maxEnergy: -5, maxTime: 3600, maxCost: Number.NaN })).toEqual({ usable: { maxTime: 3600 }, ignored: ['maxEnergy=-5', 'maxCost=NaN'] });
    expect(usableTxLimits({ maxEnergy: Number.POSITIVE_INFINITY })).toEqual({ usable: {}, ignored: ['maxEnergy=Infinity'] });
    expect(usableTxLimits({})).toEqual({ usable: {}, ignored: [] });
  });
});
