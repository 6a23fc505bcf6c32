// What the version-neutral core sends to the CSMS; each OCPP version's adapter implements it over its RPC connection.

import type { ConnectorStatus } from '../evse/connector-status.js';
import type { IdToken, MeterSample, TxEvent, TxEventAck } from '../transactions/tx-types.js';

export type OcppProtocol = 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1';
export type BootReason = 'PowerUp' | 'ApplicationReset' | 'RemoteReset' | 'ScheduledReset' | 'Triggered' | 'Unknown' | 'Watchdog';
export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface BootAnswer {
  status: RegistrationStatus;
  /** Heartbeat interval when Accepted, retry interval otherwise, s (0 = the station chooses). */
  intervalS: number;
  currentTime: string;
}

export interface CsmsLink {
  readonly protocol: OcppProtocol;
  bootNotification(reason: BootReason): Promise<BootAnswer>;
  heartbeat(): Promise<{ currentTime: string }>;
  statusNotification(evseId: number, connectorId: number, status: ConnectorStatus): Promise<void>;
  transactionEvent(event: TxEvent): Promise<TxEventAck>;
  meterValues(evseId: number, sample: MeterSample): Promise<void>;
  /** Authorize for a token presented at the station; `tariff` is a 2.1 driver-specific tariff (TariffType) when the CSMS sent one. */
  authorize(idToken: IdToken): Promise<{ status: string; tariff?: unknown }>;
}
