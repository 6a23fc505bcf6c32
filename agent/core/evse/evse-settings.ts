// The device-model settings one EVSE's transaction logic reads, as live getters (a SetVariables takes effect at once).

import type { TxPoint } from '../transactions/tx-points.js';

export interface EvseSettings {
  txStartPoints(): Set<TxPoint>;
  txStopPoints(): Set<TxPoint>;
  /** TxCtrlr.EVConnectionTimeOut: s an authorization waits for the cable. */
  evConnectionTimeoutS(): number;
  stopTxOnEVSideDisconnect(): boolean;
  stopTxOnInvalidId(): boolean;
  /** SampledDataCtrlr.TxStartedMeasurands etc. */
  startedMeasurands(): string[];
  updatedMeasurands(): string[];
  endedMeasurands(): string[];
  /** SampledDataCtrlr.TxUpdatedInterval, s (0 = no periodic samples). */
  updatedIntervalS(): number;
  /** What to do with a transaction found open after a restart. */
  onPowerLoss(): 'end' | 'resume';
  /** TariffCostCtrlr.Interval[Cost]: s between running-cost TransactionEvents (0 = none). */
  runningCostIntervalS(): number;
  /** True while the CSMS is reachable (events produced otherwise are flagged offline). */
  online(): boolean;
}
