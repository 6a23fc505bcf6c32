// What the station looks like right now, for the status file and the CLI: link, registration, queue, each EVSE and its transaction.

import type { ConnectorStatus } from '../evse/connector-status.js';
import type { EvseController } from '../evse/evse-controller.js';
import type { OcppProtocol, RegistrationStatus } from './csms-link.js';

export interface StationSnapshot {
  connected: boolean;
  protocol: OcppProtocol | undefined;
  registration: RegistrationStatus | 'NotConnected';
  queueDepth: number;
  evses: Array<{
    evseId: number;
    connectorId: number;
    status: ConnectorStatus;
    operative: boolean;
    transaction?: { transactionId: string; energyWh: number; startedAt: string; limits: object; chargingState: string };
  }>;
}

/** The snapshot of `evses` under the link state `link`. */
export function stationSnapshot(link: Omit<StationSnapshot, 'evses'>, evses: readonly EvseController[]): StationSnapshot {
  return {
    ...link,
    evses: evses.map((e) => {
      const tx = e.transaction();
      return {
        evseId: e.evseId,
        connectorId: e.connectorId,
        status: e.status(),
        operative: e.isOperative(),
        ...(tx
          ? {
              transaction: {
                transactionId: tx.transactionId,
                energyWh: Math.round((tx.lastEnergyWh - tx.startEnergyWh) * 10) / 10,
                startedAt: new Date(tx.startedAt).toISOString(),
                limits: tx.limits,
                chargingState: tx.chargingState,
              },
            }
          : {}),
      };
    }),
  };
}
