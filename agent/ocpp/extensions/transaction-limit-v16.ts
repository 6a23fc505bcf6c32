// The vendor extension that sets a transaction limit on OCPP 1.6 (which has none): a DataTransfer from the CSMS.
//
//   DataTransfer.req {
//     vendorId:  "org.charger-agent.transactionLimit",
//     messageId: "SetTransactionLimit",
//     data:      "{\"transactionId\": 1234, \"maxEnergy\": 7500, \"maxTime\": 3600, \"maxCost\": 5.00}"
//   }
//
// transactionId is the 1.6 integer id from StartTransaction.conf; maxEnergy is Wh delivered in the transaction,
// maxTime seconds from its start, maxCost an amount in the tariff's currency; at least one of them, each a finite
// number >= 0. A field left out keeps its earlier value (a top-up sends only what changes). The station answers
// Accepted once the limit is applied to the ongoing transaction, and stops the transaction itself when it is
// reached (StopTransaction reason Other). Rejected carries data "{\"reasonCode\": ..., \"additionalInfo\": ...}"
// with reasonCode UnknownTransaction (no ongoing transaction with that id) or InvalidData. Another messageId of this
// vendorId is UnknownMessageId. No message confirms the limit afterwards (the DataTransfer.conf is the confirmation).

import { usableTxLimits } from '../../core/limits/transaction-limits.js';
import type { TxLimits } from '../../core/transactions/tx-types.js';
import type { DataTransferResponse } from '../types/v16.js';
import { LIMIT_VENDOR_ID } from './transaction-limit.js';

export const V16_LIMIT_MESSAGE_ID = 'SetTransactionLimit';

export type V16LimitRequest = { ok: true; transactionId: number; limits: TxLimits } | { ok: false; reasonCode: 'InvalidData'; additionalInfo: string };

/** Whether a DataTransfer's vendorId is this extension's (DNS names compare case-insensitively). */
export function isLimitVendor(vendorId: unknown): boolean {
  return typeof vendorId === 'string' && vendorId.toLowerCase() === LIMIT_VENDOR_ID.toLowerCase();
}

/** Parses the data of a SetTransactionLimit DataTransfer. */
export function parseV16LimitData(data: string | undefined): V16LimitRequest {
  const bad = (additionalInfo: string): V16LimitRequest => ({ ok: false, reasonCode: 'InvalidData', additionalInfo });
  if (data === undefined) return bad("missing 'data'");
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return bad("'data' is not JSON");
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return bad("'data' is not a JSON object");
  const d = parsed as Record<string, unknown>;
  if (typeof d.transactionId !== 'number' || !Number.isInteger(d.transactionId)) return bad("'transactionId' must be an integer");
  const limits: TxLimits = {};
  for (const key of ['maxEnergy', 'maxTime', 'maxCost'] as const) {
    const v = d[key];
    if (v === undefined) continue;
    if (typeof v !== 'number') return bad(`'${key}' must be a number >= 0`);
    limits[key] = v;
  }
  // which values the station can enforce is the core's rule; 1.6 answers it as InvalidData
  const { ignored } = usableTxLimits(limits);
  if (ignored.length > 0) return bad(`'${ignored[0]!.split('=')[0]!}' must be a number >= 0`);
  if (Object.keys(limits).length === 0) return bad("none of 'maxEnergy', 'maxTime', 'maxCost'");
  return { ok: true, transactionId: d.transactionId, limits };
}

export function v16LimitRejected(reasonCode: string, additionalInfo: string): DataTransferResponse {
  return { status: 'Rejected', data: JSON.stringify({ reasonCode, additionalInfo }) };
}
