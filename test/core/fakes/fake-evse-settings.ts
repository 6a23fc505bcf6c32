// EvseSettings as plain values a test overrides (the defaults are those of a station starting on cable plug-in).

import type { EvseSettings } from '../../../agent/core/evse/evse-settings.js';
import type { TxPoint } from '../../../agent/core/transactions/tx-points.js';

export interface EvseSettingValues {
  txStartPoints: TxPoint[];
  txStopPoints: TxPoint[];
  evConnectionTimeoutS: number;
  stopTxOnEVSideDisconnect: boolean;
  stopTxOnInvalidId: boolean;
  updatedIntervalS: number;
  endedIntervalS: number;
  alignedSendDuringIdle: boolean;
  onPowerLoss: 'end' | 'resume';
  runningCostIntervalS: number;
  online: boolean;
}

export const DEFAULT_EVSE_SETTINGS: EvseSettingValues = {
  txStartPoints: ['EVConnected', 'Authorized'],
  txStopPoints: ['EVConnected', 'Authorized'],
  evConnectionTimeoutS: 60,
  stopTxOnEVSideDisconnect: true,
  stopTxOnInvalidId: true,
  updatedIntervalS: 0,
  endedIntervalS: 0,
  alignedSendDuringIdle: false,
  onPowerLoss: 'end',
  runningCostIntervalS: 0,
  online: true,
};

/** Live settings: change `values` and the controller reads the new value at its next use. */
export function fakeEvseSettings(overrides: Partial<EvseSettingValues> = {}): EvseSettings & { values: EvseSettingValues } {
  const values = { ...DEFAULT_EVSE_SETTINGS, ...overrides };
  const energy = ['Energy.Active.Import.Register'];
  return {
    values,
    txStartPoints: () => new Set(values.txStartPoints),
    txStopPoints: () => new Set(values.txStopPoints),
    evConnectionTimeoutS: () => values.evConnectionTimeoutS,
    stopTxOnEVSideDisconnect: () => values.stopTxOnEVSideDisconnect,
    stopTxOnInvalidId: () => values.stopTxOnInvalidId,
    startedMeasurands: () => energy,
    updatedMeasurands: () => energy,
    endedMeasurands: () => energy,
    updatedIntervalS: () => values.updatedIntervalS,
    endedIntervalS: () => values.endedIntervalS,
    alignedMeasurands: () => energy,
    alignedTxEndedMeasurands: () => energy,
    alignedSendDuringIdle: () => values.alignedSendDuringIdle,
    onPowerLoss: () => values.onPowerLoss,
    runningCostIntervalS: () => values.runningCostIntervalS,
    online: () => values.online,
  };
}
