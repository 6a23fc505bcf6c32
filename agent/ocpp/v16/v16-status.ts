// The core's connector status plus the transaction's state as OCPP 1.6 ChargePointStatus, and the StatusNotification payload.

import type { ConnectorStatus } from '../../core/evse/connector-status.js';
import type { ChargingState } from '../../core/transactions/tx-types.js';
import type { StatusNotificationRequest } from '../types/v16.js';

export type V16ChargePointStatus = StatusNotificationRequest['status'];

/** What the status depends on besides the connector status. */
export interface V16StatusFacts {
  status: ConnectorStatus;
  /** The EVSE's transaction, if one is open. */
  transaction?: { authorized: boolean; ended: boolean; chargingState: ChargingState; stopped: boolean };
  /** A transaction ended on this EVSE and the EV has not left since. */
  finishedWithEvPresent: boolean;
}

/**
 * 1.6 ChargePointStatus (1.6 §4.9):
 * - Occupied without an authorized transaction: Preparing (EV connected, waiting for authorization), or Finishing
 *   once a transaction ended and the EV is still connected;
 * - an authorized transaction: Charging / SuspendedEV / SuspendedEVSE by its charging state (connected but not yet
 *   energized is SuspendedEVSE: the EVSE does not offer energy yet); no EV yet: Preparing;
 * - a transaction the station suspended (limit reached, deauthorized, but the stop point not reached): SuspendedEVSE.
 */
export function v16ChargePointStatus(f: V16StatusFacts): V16ChargePointStatus {
  switch (f.status) {
    case 'Available':
      return 'Available';
    case 'Unavailable':
      return 'Unavailable';
    case 'Faulted':
      return 'Faulted';
    case 'Reserved':
      return 'Reserved';
    case 'Occupied':
      break;
  }
  const tx = f.transaction;
  if (!tx || tx.ended) return f.finishedWithEvPresent || tx?.ended ? 'Finishing' : 'Preparing';
  if (!tx.authorized) return tx.stopped ? 'SuspendedEVSE' : 'Preparing';
  switch (tx.chargingState) {
    case 'Charging':
      return 'Charging';
    case 'SuspendedEV':
      return 'SuspendedEV';
    case 'SuspendedEVSE':
    case 'EVConnected':
      return 'SuspendedEVSE';
    case 'Idle':
      return 'Preparing';
  }
}

/** The StatusNotification for connector `connectorId`; Faulted carries OtherError and `faultInfo` (at most 50 characters). */
export function v16StatusNotification(connectorId: number, status: V16ChargePointStatus, faultInfo?: string): StatusNotificationRequest {
  return {
    connectorId,
    status,
    errorCode: status === 'Faulted' ? 'OtherError' : 'NoError',
    ...(status === 'Faulted' && faultInfo ? { info: faultInfo.slice(0, 50) } : {}),
    timestamp: new Date().toISOString(),
  };
}
