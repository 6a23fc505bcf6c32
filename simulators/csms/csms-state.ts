// A JSON-able snapshot of the CSMS simulator (the control API's GET /state): stations, transactions, payments, receipts.

import type { PrepaidPayment, Receipt } from './csms-types.js';
import { deliveredWh } from './receipt.js';
import type { StationSession } from './station-session.js';

/** What the snapshot shows. */
export interface CsmsStateSource {
  pricePerKwh: number;
  currency: string;
  stations: StationSession[];
  payments: readonly PrepaidPayment[];
  receipts: Receipt[];
}

/** The snapshot: each station with its statuses and transactions (energy delivered so far), payments without their receipts, receipts. */
export function csmsState(src: CsmsStateSource): Record<string, unknown> {
  return {
    pricePerKwh: src.pricePerKwh,
    currency: src.currency,
    stations: src.stations.map((s) => ({
      id: s.id,
      protocol: s.protocol,
      connected: s.connected,
      connections: s.connections,
      bootStatus: s.bootStatus,
      statuses: [...s.statuses.values()],
      transactions: [...s.transactions.values()].map((t) => ({
        transactionId: t.transactionId,
        evseId: t.evseId,
        eventType: t.eventType,
        chargingState: t.chargingState,
        stoppedReason: t.stoppedReason,
        events: t.events.length,
        energyWh: deliveredWh(t),
        startedAt: t.startedAt,
        endedAt: t.endedAt,
      })),
    })),
    payments: src.payments.map(({ receipt: _r, ...p }) => p),
    receipts: src.receipts,
  };
}
