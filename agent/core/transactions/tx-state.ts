// The persisted state of one transaction: enough to resume it or end it truthfully after a power cut.

import type { ChargingState, IdToken, MeterSample, TxLimits, TxStopReason } from './tx-types.js';

export interface TxState {
  transactionId: string;
  evseId: number;
  connectorId: number;
  /** ms since epoch. */
  startedAt: number;
  /** Energy register at the start, Wh (the billing baseline). */
  startEnergyWh: number;
  /** Latest energy register seen during the transaction, Wh (the end value if the meter is gone for good). */
  lastEnergyWh: number;
  lastEnergyAt: number;
  idToken?: IdToken;
  remoteStartId?: number;
  authorized: boolean;
  /** Set when the transaction was deauthorized (stop requested, limit reached, fault): the stoppedReason of its Ended event. */
  stopReason?: TxStopReason;
  /** The CSMS answered the idToken is not valid and StopTxOnInvalidId is false: the transaction goes on without energy (E05.FR.02). */
  energyRefused?: boolean;
  limits: TxLimits;
  chargingState: ChargingState;
  /** Accumulated ms in chargingState Charging, and since when it is charging now. */
  chargingMs: number;
  chargingSince?: number;
  /** Conditions that have held at some point during the transaction (for TxStopPoint). */
  seen: { evConnected: boolean; authorized: boolean; powerPathClosed: boolean; energyTransfer: boolean };
  ended: boolean;
  /** Samples collected for the Ended event (SampledDataCtrlr/AlignedDataCtrlr TxEndedInterval), oldest first, persisted with the state. */
  endedSamples?: MeterSample[];
}

export function timeSpentChargingS(tx: TxState, now: number): number {
  const ms = tx.chargingMs + (tx.chargingSince !== undefined ? now - tx.chargingSince : 0);
  return Math.round(ms / 1000);
}
