// The vendor extension that carries transactionLimit on OCPP 2.0.1 (which has no such field): customData of TransactionEventResponse.

import type { TxLimits } from '../../core/transactions/tx-types.js';

/** customData.vendorId of the extension (documented in the README). */
export const LIMIT_VENDOR_ID = 'org.charger-agent.transactionLimit';

/**
 * On OCPP 2.0.1 a CSMS sets a limit with
 * `"customData": {"vendorId": "org.charger-agent.transactionLimit", "maxEnergy": 7500, "maxTime": 3600, "maxCost": 5.00}`
 * in TransactionEventResponse; the station confirms it the same way in `transactionInfo.customData`.
 */
export function limitFromCustomData(customData: unknown): TxLimits | undefined {
  if (typeof customData !== 'object' || customData === null) return undefined;
  const c = customData as Record<string, unknown>;
  if (c.vendorId !== LIMIT_VENDOR_ID) return undefined;
  const out: TxLimits = {};
  for (const key of ['maxEnergy', 'maxTime', 'maxCost'] as const) {
    const v = c[key];
    if (typeof v === 'number') out[key] = v; // the core ignores a value it cannot enforce (usableTxLimits)
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function limitToCustomData(limits: TxLimits): { vendorId: string; [k: string]: unknown } {
  return { vendorId: LIMIT_VENDOR_ID, ...limits };
}
