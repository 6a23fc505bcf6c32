// Version-neutral transaction events and the values they carry; adapters translate them into each OCPP version's messages.

import type { CostDetailsType, MeasurandEnumType, PhaseEnumType, ReadingContextEnumType, ReasonEnumType, TriggerReasonEnumType } from '../types/v21.js';

/** Why a transaction event was produced. The OCPP 2.1 list, which includes all of 2.0.1's; adapters map the rest. */
export type TxTrigger = TriggerReasonEnumType;
/** Why a transaction ended. */
export type TxStopReason = ReasonEnumType;
export type TxEventType = 'Started' | 'Updated' | 'Ended';
export type ChargingState = 'EVConnected' | 'Charging' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle';

/** Limits the CSMS set on a transaction (OCPP 2.1 TransactionLimitType; on 2.0.1/1.6 via a vendor extension). */
export interface TxLimits {
  /** Wh the transaction may deliver. */
  maxEnergy?: number;
  /** Seconds the transaction may last, from its start. */
  maxTime?: number;
  /** Cost in the tariff's currency (enforced once tariffs exist). */
  maxCost?: number;
}

export interface SampledValue {
  value: number;
  measurand: MeasurandEnumType;
  context: ReadingContextEnumType;
  phase?: PhaseEnumType;
  /** Unit of measure as OCPP names it (Wh, W, V, A, Hz). */
  unit: string;
}

export interface MeterSample {
  /** ISO 8601 time of the reading. */
  timestamp: string;
  sampledValue: SampledValue[];
}

export interface IdToken {
  idToken: string;
  type: string;
}

/** One TransactionEvent as the core produced it; stored in the outbox before it is sent. */
export interface TxEvent {
  eventType: TxEventType;
  /** ISO 8601 time the event happened (not when it was sent). */
  timestamp: string;
  triggerReason: TxTrigger;
  seqNo: number;
  /** True when produced while the CSMS was not reachable. */
  offline: boolean;
  transactionId: string;
  evseId: number;
  connectorId: number;
  chargingState?: ChargingState;
  stoppedReason?: TxStopReason;
  remoteStartId?: number;
  idToken?: IdToken;
  meterValue?: MeterSample[];
  /** Seconds the EV was charging so far. */
  timeSpentCharging?: number;
  /** The limit in force, reported with triggerReason LimitSet and the limit-reached triggers. */
  transactionLimit?: TxLimits;
  /** Free text for the CSMS, e.g. which device faulted (sent as customData). */
  detail?: string;
  /** OCPP 2.1 costDetails (running cost and the Ended event), when a tariff is in force. */
  costDetails?: CostDetailsType;
}

/** What the CSMS answered to a TransactionEvent, in the core's terms. */
export interface TxEventAck {
  /** idTokenInfo.status when the CSMS sent one. */
  idTokenStatus?: string;
  /** A new or changed limit (2.1 transactionLimit; 2.0.1/1.6 vendor extension). */
  limits?: TxLimits;
  totalCost?: number;
  /** A receipt link the CSMS sent (updatedPersonalMessage in URI format). */
  receiptUrl?: string;
}
