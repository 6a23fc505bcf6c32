// The core's transaction events as OCPP 1.6 StartTransaction / MeterValues / StopTransaction, one event at a time, in order.
//
// 1.6 has no unauthorized transactions: a core transaction that starts before it is authorized (TxStartPoint
// EVConnected) is kept local until its idToken arrives (Started with idToken, or Updated RemoteStart/Authorized);
// then StartTransaction goes out with the start's register and time. Meter values before that are dropped.
// LimitSet events send nothing (the CSMS set the limit itself: see v16-limit.ts). 1.6 has no offline flag: an
// event replayed after an outage carries the time it happened.

import type { Logger } from 'pino';
import type { TxEvent, TxEventAck, TxStopReason } from '../../core/transactions/tx-types.js';
import type { RpcConnection } from '../rpc-connection.js';
import type { StopTransactionRequest } from '../types/v16.js';
import { energyRegisterWh, v16MeterValues, type V16TransactionData } from './v16-meter-values.js';
import type { V16TxIds, V16TxRecord } from './v16-tx-ids.js';

type V16StopReason = NonNullable<StopTransactionRequest['reason']>;

/** The core's stop reasons as 1.6 Reason; the ones 1.6 does not name are Other. ImmediateReset follows the Reset type asked for. */
const STOP_REASON: Partial<Record<TxStopReason, V16StopReason>> = {
  DeAuthorized: 'DeAuthorized',
  EmergencyStop: 'EmergencyStop',
  EVDisconnected: 'EVDisconnected',
  Local: 'Local',
  PowerLoss: 'PowerLoss',
  Reboot: 'Reboot',
  Remote: 'Remote',
};

export function v16StopReason(reason: TxStopReason | undefined, resetType: 'Hard' | 'Soft' | undefined): V16StopReason {
  if (reason === 'ImmediateReset') return resetType === 'Soft' ? 'SoftReset' : 'HardReset';
  return (reason && STOP_REASON[reason]) ?? 'Other';
}

export interface V16TransactionsOptions {
  rpc: RpcConnection<'ocpp1.6'>;
  ids: V16TxIds;
  logger: Logger;
  /** Timeout of a transaction-related CALL, ms. */
  messageTimeoutMs: () => number;
  /** The core's own start of an ongoing transaction, when the adapter has no record of it (its Started went out on another connection/version). */
  startOf?: (transactionId: string) => { meterStartWh: number; startedAt: string; evseId: number } | undefined;
}

/** Sends one core transaction event as its 1.6 message(s) and returns the core's view of the answer. */
export async function sendV16TxEvent(o: V16TransactionsOptions, e: TxEvent): Promise<TxEventAck> {
  const uuid = e.transactionId;
  const existing = o.ids.record(uuid);

  if (e.eventType === 'Ended') {
    if (existing?.transactionId === undefined) {
      // Never authorized: the CSMS never heard of it.
      o.ids.forget(uuid);
      return {};
    }
    return stop(o, e, existing as V16TxRecord & { transactionId: number });
  }

  const record = existing ?? newRecord(o, e);
  if (!existing) o.ids.save(uuid, record);

  const authorizes = e.eventType === 'Started' || e.triggerReason === 'RemoteStart' || e.triggerReason === 'Authorized';
  if (record.transactionId === undefined) {
    if (e.idToken && authorizes) return start(o, e, record);
    return {}; // not yet a 1.6 transaction: meter values and state changes stay local
  }
  if (e.triggerReason === 'LimitSet') return {};
  const meterValue = v16MeterValues(e.meterValue);
  if (meterValue.length > 0) {
    await o.rpc.call(
      'MeterValues',
      { connectorId: record.connectorId, transactionId: record.transactionId, meterValue: meterValue as [never, ...never[]] },
      { timeoutMs: o.messageTimeoutMs() },
    );
  }
  return {};
}

function newRecord(o: V16TransactionsOptions, e: TxEvent): V16TxRecord {
  const begin = energyRegisterWh(e.meterValue, 'Transaction.Begin');
  if (e.eventType === 'Started') {
    if (begin === undefined) o.logger.warn({ tx: e.transactionId }, 'Started event without an energy register: OCPP 1.6 meterStart falls back to 0');
    return { meterStart: begin ?? 0, startedAt: e.timestamp, connectorId: e.evseId };
  }
  const core = o.startOf?.(e.transactionId);
  if (core) return { meterStart: Math.round(core.meterStartWh), startedAt: core.startedAt, connectorId: core.evseId };
  o.logger.warn({ tx: e.transactionId }, 'no start known for this transaction: OCPP 1.6 meterStart 0, start time of this event');
  return { meterStart: 0, startedAt: e.timestamp, connectorId: e.evseId };
}

async function start(o: V16TransactionsOptions, e: TxEvent, record: V16TxRecord): Promise<TxEventAck> {
  const idTag = e.idToken!.idToken;
  const res = await o.rpc.call(
    'StartTransaction',
    { connectorId: record.connectorId, idTag, meterStart: record.meterStart, timestamp: record.startedAt },
    { timeoutMs: o.messageTimeoutMs() },
  );
  o.ids.save(e.transactionId, { ...record, idTag, transactionId: res.transactionId });
  o.logger.info({ tx: e.transactionId, transactionId: res.transactionId, status: res.idTagInfo.status }, 'OCPP 1.6 StartTransaction answered');
  return { idTokenStatus: res.idTagInfo.status };
}

async function stop(o: V16TransactionsOptions, e: TxEvent, record: V16TxRecord & { transactionId: number }): Promise<TxEventAck> {
  const meterStop = energyRegisterWh(e.meterValue, 'Transaction.End') ?? energyRegisterWh(e.meterValue) ?? record.meterStart;
  const transactionData = v16MeterValues(e.meterValue, true) as V16TransactionData[];
  const reason = v16StopReason(e.stoppedReason, o.ids.resetType());
  const res = await o.rpc.call(
    'StopTransaction',
    {
      transactionId: record.transactionId,
      ...(record.idTag !== undefined ? { idTag: record.idTag } : {}),
      meterStop,
      timestamp: e.timestamp,
      reason,
      ...(transactionData.length > 0 ? { transactionData } : {}),
    },
    { timeoutMs: o.messageTimeoutMs() },
  );
  o.ids.forget(e.transactionId);
  o.logger.info({ tx: e.transactionId, transactionId: record.transactionId, reason, meterStop }, 'OCPP 1.6 StopTransaction answered');
  return res.idTagInfo ? { idTokenStatus: res.idTagInfo.status } : {};
}
