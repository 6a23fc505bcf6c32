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
  /** SampledDataCtrlr.TxEndedInterval, s: samples of endedMeasurands collected from the start for the Ended event (0 = none). */
  endedIntervalS(): number;
  /** AlignedDataCtrlr.Measurands: clock-aligned MeterValues (idle) and MeterValueClock events (transaction). */
  alignedMeasurands(): string[];
  /** AlignedDataCtrlr.TxEndedMeasurands: clock-aligned samples collected for the Ended event. */
  alignedTxEndedMeasurands(): string[];
  /** AlignedDataCtrlr.SendDuringIdle: true = no clock-aligned values are sent while a transaction is ongoing. */
  alignedSendDuringIdle(): boolean;
  /** What to do with a transaction found open after a restart. */
  onPowerLoss(): 'end' | 'resume';
  /** TariffCostCtrlr.Interval[Cost]: s between running-cost TransactionEvents (0 = none). */
  runningCostIntervalS(): number;
  /** True while the CSMS is reachable (events produced otherwise are flagged offline). */
  online(): boolean;
}
