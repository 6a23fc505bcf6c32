// Live settings for the core and the connection, read from the device model by named key (defaults: the catalog's, see core/device-model/settings.ts).

import type { BackoffConfig } from '../ocpp/backoff.js';
import type { EvseSettings } from '../core/evse/evse-settings.js';
import { DM } from '../core/device-model/keys.js';
import type { Settings } from '../core/device-model/settings.js';
import type { OutboxSettings } from '../core/outbox/outbox-sender.js';
import type { StationSettings } from '../core/station/station-core.js';
import { parseTxPoints } from '../core/transactions/tx-points.js';

/** Boot retry / heartbeat interval when the CSMS gives 0, s (not a device-model variable). */
const DEFAULT_INTERVAL_S = 60;
/** Gap between replayed queued messages, ms (not a device-model variable). */
const REPLAY_GAP_MS = 200;

export function evseSettings(s: Settings, onPowerLoss: 'end' | 'resume', online: () => boolean): EvseSettings {
  return {
    txStartPoints: () => parseTxPoints(s.str(DM.TxStartPoint)),
    txStopPoints: () => parseTxPoints(s.str(DM.TxStopPoint)),
    evConnectionTimeoutS: () => s.int(DM.EVConnectionTimeOut),
    stopTxOnEVSideDisconnect: () => s.bool(DM.StopTxOnEVSideDisconnect),
    stopTxOnInvalidId: () => s.bool(DM.StopTxOnInvalidId),
    startedMeasurands: () => s.list(DM.TxStartedMeasurands),
    updatedMeasurands: () => s.list(DM.TxUpdatedMeasurands),
    endedMeasurands: () => s.list(DM.TxEndedMeasurands),
    updatedIntervalS: () => s.int(DM.TxUpdatedInterval),
    endedIntervalS: () => s.int(DM.TxEndedInterval),
    alignedMeasurands: () => s.list(DM.AlignedDataMeasurands),
    alignedTxEndedMeasurands: () => s.list(DM.AlignedDataTxEndedMeasurands),
    alignedSendDuringIdle: () => s.bool(DM.AlignedDataSendDuringIdle),
    runningCostIntervalS: () => (s.bool(DM.RunningCostEnabled) ? s.int(DM.CostInterval) : 0),
    onPowerLoss: () => onPowerLoss,
    online,
  };
}

export function outboxSettings(s: Settings): OutboxSettings {
  return {
    messageAttempts: () => Math.max(1, s.int(DM.MessageAttempts)),
    messageAttemptIntervalS: () => s.int(DM.MessageAttemptInterval),
    replayGapMs: () => REPLAY_GAP_MS,
  };
}

export function stationSettings(s: Settings): StationSettings {
  return {
    defaultIntervalS: () => DEFAULT_INTERVAL_S,
    setHeartbeatInterval: (v) => s.write(DM.HeartbeatInterval, String(v)),
    heartbeatIntervalS: () => Math.max(1, s.int(DM.HeartbeatInterval)),
    txBeforeAccepted: () => s.bool(DM.TxBeforeAcceptedEnabled),
    alignedIntervalS: () => (s.bool(DM.AlignedDataEnabled) ? s.int(DM.AlignedDataInterval) : 0),
    alignedTxEndedIntervalS: () => (s.bool(DM.AlignedDataEnabled) ? s.int(DM.AlignedDataTxEndedInterval) : 0),
  };
}

export function backoffSettings(s: Settings): BackoffConfig {
  return {
    waitMinimumSec: s.int(DM.RetryBackOffWaitMinimum),
    randomRangeSec: s.int(DM.RetryBackOffRandomRange),
    repeatTimes: s.int(DM.RetryBackOffRepeatTimes),
  };
}

/** OCPPCommCtrlr.MessageTimeout[Default], ms. */
export function messageTimeoutMs(s: Settings): number {
  return s.int(DM.MessageTimeout) * 1000;
}
