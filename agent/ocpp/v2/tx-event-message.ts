// Translates the core's transaction events into OCPP 2.0.1 / 2.1 TransactionEventRequest and the response back.

import type { TxEvent, TxEventAck, TxTrigger } from '../../core/transactions/tx-types.js';
import type { TransactionEventRequest as V201Request, TransactionEventResponse as V201Response } from '../types/v201.js';
import type { TransactionEventRequest as V21Request, TransactionEventResponse as V21Response, TriggerReasonEnumType as V201Trigger } from '../../core/types/v21.js';
import { limitFromCustomData, limitToCustomData } from '../extensions/transaction-limit.js';
import { meterValueMessage } from './meter-value-message.js';

export type V2Protocol = 'ocpp2.0.1' | 'ocpp2.1';

/** customData.vendorId of the fault detail the station adds to an event ended by a device fault. */
export const FAULT_VENDOR_ID = 'org.charger-agent.fault';

/**
 * Trigger reasons 2.1 added, as 2.0.1 carries them. LimitSet has no 2.0.1 equivalent: the station
 * reports a new limit with ChargingRateChanged and the limit in transactionInfo.customData.
 */
const V201_TRIGGER: Partial<Record<TxTrigger, V201Trigger>> = {
  LimitSet: 'ChargingRateChanged',
  TxResumed: 'AbnormalCondition',
  CostLimitReached: 'Deauthorized',
  RunningCost: 'MeterValuePeriodic',
  TariffChanged: 'ChargingRateChanged',
  TariffNotAccepted: 'Deauthorized',
  OperationModeChanged: 'ChargingRateChanged',
  SoCLimitReached: 'EnergyLimitReached',
};

const V21_ONLY_TRIGGERS = new Set<string>(['LimitSet', 'TxResumed', 'CostLimitReached', 'RunningCost', 'TariffChanged', 'TariffNotAccepted', 'OperationModeChanged', 'SoCLimitReached']);

export function transactionEventRequest(e: TxEvent, protocol: 'ocpp2.1'): V21Request;
export function transactionEventRequest(e: TxEvent, protocol: 'ocpp2.0.1'): V201Request;
export function transactionEventRequest(e: TxEvent, protocol: V2Protocol): V21Request | V201Request;
export function transactionEventRequest(e: TxEvent, protocol: V2Protocol): V21Request | V201Request {
  const v21 = protocol === 'ocpp2.1';
  const trigger = v21 || !V21_ONLY_TRIGGERS.has(e.triggerReason) ? e.triggerReason : (V201_TRIGGER[e.triggerReason] ?? 'AbnormalCondition');
  const transactionInfo: V21Request['transactionInfo'] = {
    transactionId: e.transactionId,
    ...(e.chargingState ? { chargingState: e.chargingState } : {}),
    ...(e.timeSpentCharging !== undefined ? { timeSpentCharging: e.timeSpentCharging } : {}),
    ...(e.stoppedReason ? { stoppedReason: e.stoppedReason } : {}),
    ...(e.remoteStartId !== undefined ? { remoteStartId: e.remoteStartId } : {}),
  };
  if (e.transactionLimit && Object.keys(e.transactionLimit).length > 0) {
    if (v21) transactionInfo.transactionLimit = { ...e.transactionLimit };
    else transactionInfo.customData = limitToCustomData(e.transactionLimit);
  }
  const request: V21Request = {
    eventType: e.eventType,
    timestamp: e.timestamp,
    triggerReason: trigger as V21Request['triggerReason'],
    seqNo: e.seqNo,
    ...(e.offline ? { offline: true } : {}),
    transactionInfo,
    evse: { id: e.evseId, connectorId: e.connectorId },
    ...(e.idToken ? { idToken: { idToken: e.idToken.idToken, type: e.idToken.type } } : {}),
    ...(e.meterValue && e.meterValue.some((m) => m.sampledValue.length > 0)
      ? {
          meterValue: e.meterValue
            .filter((m) => m.sampledValue.length > 0)
            .map(meterValueMessage) as V21Request['meterValue'],
        }
      : {}),
    ...(e.detail ? { customData: { vendorId: FAULT_VENDOR_ID, detail: e.detail.slice(0, 500) } } : {}),
    ...(v21 && e.costDetails ? { costDetails: e.costDetails } : {}),
  };
  return request;
}

/** The parts of a TransactionEventResponse the core acts on. */
export function transactionEventAck(response: V21Response | V201Response, protocol: V2Protocol): TxEventAck {
  const ack: TxEventAck = {};
  if (response.idTokenInfo) ack.idTokenStatus = response.idTokenInfo.status;
  if (response.totalCost !== undefined) ack.totalCost = response.totalCost;
  const personal = response.updatedPersonalMessage;
  if (personal?.format === 'URI' && /^https?:\/\//i.test(personal.content)) ack.receiptUrl = personal.content;
  const v21Limit = protocol === 'ocpp2.1' ? (response as V21Response).transactionLimit : undefined;
  const limit = v21Limit ?? limitFromCustomData(response.customData);
  if (limit) {
    const { maxEnergy, maxTime, maxCost } = limit;
    ack.limits = {
      ...(maxEnergy !== undefined ? { maxEnergy } : {}),
      ...(maxTime !== undefined ? { maxTime } : {}),
      ...(maxCost !== undefined ? { maxCost } : {}),
    };
  }
  return ack;
}

