// StationSettings as plain values a test overrides.

import type { StationSettings } from '../../../agent/core/station/station-core.js';

export interface StationSettingValues {
  defaultIntervalS: number;
  heartbeatIntervalS: number;
  txBeforeAccepted: boolean;
  alignedIntervalS: number;
  alignedTxEndedIntervalS: number;
}

export function fakeStationSettings(overrides: Partial<StationSettingValues> = {}): StationSettings & { values: StationSettingValues } {
  const values: StationSettingValues = { defaultIntervalS: 60, heartbeatIntervalS: 300, txBeforeAccepted: false, alignedIntervalS: 0, alignedTxEndedIntervalS: 0, ...overrides };
  return {
    values,
    defaultIntervalS: () => values.defaultIntervalS,
    setHeartbeatInterval: (s) => {
      values.heartbeatIntervalS = s;
    },
    heartbeatIntervalS: () => values.heartbeatIntervalS,
    txBeforeAccepted: () => values.txBeforeAccepted,
    alignedIntervalS: () => values.alignedIntervalS,
    alignedTxEndedIntervalS: () => values.alignedTxEndedIntervalS,
  };
}
