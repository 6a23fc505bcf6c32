// A prepaid session on the wire: RequestStartTransaction for a payment, and the limit (or the stop) its TransactionEventResponses carry.

import type pino from 'pino';
import type { TransactionEventRequest, TransactionEventResponse, V21Calls } from '../../agent/core/types/v21.js';
import { limitFromCustomData, limitToCustomData } from '../../agent/ocpp/extensions/transaction-limit.js';
import { RpcError } from '../../agent/ocpp/rpc-errors.js';
import type { PayResult, PrepaidPayment, TransactionRecord } from './csms-types.js';
import type { PrepaidBook } from './prepaid-sessions.js';
import { deliveredWh } from './receipt.js';
import type { StationSession } from './station-session.js';

/**
 * Sends RequestStartTransaction for a confirmed payment and binds the transaction the station names. When the station
 * rejects the start or the CALL fails, `fail` settles the payment at once (full refund); a failed CALL also rejects.
 */
export async function requestPaidStart(
  session: StationSession,
  payment: PrepaidPayment,
  book: PrepaidBook,
  fail: (payment: PrepaidPayment) => void,
): Promise<PayResult> {
  let res: V21Calls['RequestStartTransaction']['response'];
  try {
    res = await session.call('RequestStartTransaction', {
      idToken: payment.idToken,
      remoteStartId: payment.remoteStartId,
      ...(payment.evseId !== undefined ? { evseId: payment.evseId } : {}),
    });
  } catch (err) {
    payment.startStatus = err instanceof RpcError ? err.code : 'failed';
    fail(payment);
    throw err;
  }
  payment.startStatus = res.status;
  if (res.status !== 'Accepted') {
    fail(payment);
  } else if (res.transactionId !== undefined && payment.state === 'pending') {
    book.bind(payment, res.transactionId);
  }
  return {
    remoteStartId: payment.remoteStartId,
    idToken: payment.idToken.idToken,
    maxEnergyWh: payment.maxEnergyWh,
    status: res.status,
    reference: payment.reference,
    ...(res.transactionId !== undefined ? { transactionId: res.transactionId } : {}),
  };
}

/**
 * Notes the limit the station reports for `payment`'s transaction, and either (stopFromMeterValues) sends
 * RequestStopTransaction once the paid energy is delivered, or puts the limit in `response` when it is new, changed
 * (top-up) or the event is resent (its response may have been lost).
 */
export function applyPrepaidLimit(
  response: TransactionEventResponse,
  payment: PrepaidPayment,
  session: StationSession,
  event: TransactionEventRequest,
  tx: TransactionRecord,
  opts: { stopFromMeterValues: boolean; logger: pino.Logger },
): void {
  const is21 = session.protocol === 'ocpp2.1';
  const reported = is21 ? event.transactionInfo.transactionLimit : limitFromCustomData(event.transactionInfo.customData);
  if (reported?.maxEnergy !== undefined) payment.limitConfirmedWh = reported.maxEnergy;
  if (opts.stopFromMeterValues) {
    if (event.eventType !== 'Ended' && event.triggerReason === 'MeterValuePeriodic' && !payment.stopRequested && deliveredWh(tx) >= payment.maxEnergyWh) {
      payment.stopRequested = true;
      // After this response is on its way: the station handles our CALL independently of its own.
      setImmediate(() => {
        session.call('RequestStopTransaction', { transactionId: tx.transactionId }).then(
          (r) => opts.logger.info({ transactionId: tx.transactionId, status: r.status }, 'paid energy reached: stop requested'),
          (err: unknown) => opts.logger.warn({ err, transactionId: tx.transactionId }, 'RequestStopTransaction failed'),
        );
      });
    }
  } else if (event.eventType !== 'Ended') {
    // Send the limit when it is new or changed (top-up), and again with a resent event (its response may have been lost).
    const resent = tx.events.filter((e) => e.seqNo === event.seqNo).length > 1;
    const byCost = payment.limitBy === 'cost';
    const changed = byCost ? payment.limitSentCost !== payment.paid : payment.limitSentWh !== payment.maxEnergyWh;
    if (changed || payment.limitSentTimeS !== payment.maxTimeS || resent) {
      const limit = {
        ...(byCost ? { maxCost: payment.paid } : { maxEnergy: payment.maxEnergyWh }),
        ...(payment.maxTimeS !== undefined ? { maxTime: payment.maxTimeS } : {}),
      };
      payment.limitSentTimeS = payment.maxTimeS;
      if (byCost) payment.limitSentCost = payment.paid;
      if (is21) response.transactionLimit = limit;
      else response.customData = limitToCustomData(limit);
      payment.limitSentWh = payment.maxEnergyWh;
    }
  }
}
