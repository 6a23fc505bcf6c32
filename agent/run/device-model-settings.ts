// Live settings for the core read from the device model by key, with the fallback used when a value is missing or malformed.

import type { BackoffConfig } from '../ocpp/backoff.js';
import type { EvseSettings } from '../core/evse/evse-settings.js';
import type { OutboxSettings } from '../core/outbox/outbox-sender.js';
import type { StationSettings } from '../core/station/station-core.js';
import { parseTxPoints } from '../core/transactions/tx-points.js';

/** Reads a variable's Actual value by key ("TxCtrlr.TxStartPoint"); undefined when unset or unknown. */
export type ReadVariable = (key: string) => string | undefined;
export type WriteVariable = (key: string, value: string) => void;

export function intOf(read: ReadVariable, key: string, fallback: number): number {
  const v = read(key);
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

export function boolOf(read: ReadVariable, key: string, fallback: boolean): boolean {
  const v = read(key)?.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : fallback;
}

export function listOf(read: ReadVariable, key: string, fallback: string): string[] {
  return (read(key) ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function evseSettings(read: ReadVariable, onPowerLoss: 'end' | 'resume', online: () => boolean): EvseSettings {
  return {
    txStartPoints: () => parseTxPoints(read('TxCtrlr.TxStartPoint') ?? 'EVConnected,Authorized'),
    txStopPoints: () => parseTxPoints(read('TxCtrlr.TxStopPoint') ?? 'EVConnected,Authorized'),
    evConnectionTimeoutS: () => intOf(read, 'TxCtrlr.EVConnectionTimeOut', 120),
    stopTxOnEVSideDisconnect: () => boolOf(read, 'TxCtrlr.StopTxOnEVSideDisconnect', true),
    stopTxOnInvalidId: () => boolOf(read, 'TxCtrlr.StopTxOnInvalidId', true),
    startedMeasurands: () => listOf(read, 'SampledDataCtrlr.TxStartedMeasurands', 'Energy.Active.Import.Register'),
    updatedMeasurands: () => listOf(read, 'SampledDataCtrlr.TxUpdatedMeasurands', 'Energy.Active.Import.Register,Power.Active.Import'),
    endedMeasurands: () => listOf(read, 'SampledDataCtrlr.TxEndedMeasurands', 'Energy.Active.Import.Register'),
    updatedIntervalS: () => intOf(read, 'SampledDataCtrlr.TxUpdatedInterval', 60),
    endedIntervalS: () => intOf(read, 'SampledDataCtrlr.TxEndedInterval', 0),
    alignedMeasurands: () => listOf(read, 'AlignedDataCtrlr.Measurands', 'Energy.Active.Import.Register'),
    alignedTxEndedMeasurands: () => listOf(read, 'AlignedDataCtrlr.TxEndedMeasurands', 'Energy.Active.Import.Register'),
    alignedSendDuringIdle: () => boolOf(read, 'AlignedDataCtrlr.SendDuringIdle', false),
    runningCostIntervalS: () => (boolOf(read, 'TariffCostCtrlr.Enabled[RunningCost]', true) ? intOf(read, 'TariffCostCtrlr.Interval[Cost]', 60) : 0),
    onPowerLoss: () => onPowerLoss,
    online,
  };
}

export function outboxSettings(read: ReadVariable): OutboxSettings {
  return {
    messageAttempts: () => Math.max(1, intOf(read, 'OCPPCommCtrlr.MessageAttempts[TransactionEvent]', 3)),
    messageAttemptIntervalS: () => intOf(read, 'OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]', 10),
    replayGapMs: () => 200,
  };
}

export function stationSettings(read: ReadVariable, write: WriteVariable): StationSettings {
  return {
    defaultIntervalS: () => 60,
    setHeartbeatInterval: (s) => write('OCPPCommCtrlr.HeartbeatInterval', String(s)),
    heartbeatIntervalS: () => Math.max(1, intOf(read, 'OCPPCommCtrlr.HeartbeatInterval', 60)),
    txBeforeAccepted: () => boolOf(read, 'TxCtrlr.TxBeforeAcceptedEnabled', false),
    alignedIntervalS: () => (boolOf(read, 'AlignedDataCtrlr.Enabled', true) ? intOf(read, 'AlignedDataCtrlr.Interval', 0) : 0),
    alignedTxEndedIntervalS: () => (boolOf(read, 'AlignedDataCtrlr.Enabled', true) ? intOf(read, 'AlignedDataCtrlr.TxEndedInterval', 0) : 0),
  };
}

export function backoffSettings(read: ReadVariable): BackoffConfig {
  return {
    waitMinimumSec: intOf(read, 'OCPPCommCtrlr.RetryBackOffWaitMinimum', 3),
    randomRangeSec: intOf(read, 'OCPPCommCtrlr.RetryBackOffRandomRange', 10),
    repeatTimes: intOf(read, 'OCPPCommCtrlr.RetryBackOffRepeatTimes', 5),
  };
}

/** OCPPCommCtrlr.MessageTimeout[Default], ms. */
export function messageTimeoutMs(read: ReadVariable): number {
  return intOf(read, 'OCPPCommCtrlr.MessageTimeout[Default]', 30) * 1000;
}
