// A driver-specific tariff from an Authorize answer (2.1 I08): installed, or handled per TariffCostCtrlr.HandleFailedTariff.

import type { StatusInfoType, TariffSetStatusEnumType, TariffType } from '../types/v21.js';
import type { HandleFailedTariff } from './tariff-cost-catalog.js';
import type { TariffStore } from './tariff-store.js';

export interface DriverTariffOutcome {
  /** False: the token must not be authorized (HandleFailedTariff Deauthorize). */
  proceed: boolean;
  /** TariffCostCtrlr.Problem: the tariff could not be processed. */
  problem: boolean;
  status: TariffSetStatusEnumType;
  statusInfo?: StatusInfoType;
}

/**
 * Installs the driver's tariff for `evseId`. When the station cannot process it: Deauthorize refuses
 * the token, UseDefaultTariff prices the session with the default tariff, CentralCost leaves the
 * session's cost to the CSMS (no local tariff for the token's next transaction).
 */
export function receiveDriverTariff(store: TariffStore, idToken: string, tariff: TariffType, evseId: number, handling: HandleFailedTariff): DriverTariffOutcome {
  const r = store.receiveDriverTariff(idToken, tariff, [evseId]);
  if (r.status === 'Accepted') return { proceed: true, problem: false, status: r.status };
  if (handling === 'CentralCost') store.useCentralCost(idToken);
  return { proceed: handling !== 'Deauthorize', problem: true, status: r.status, ...(r.statusInfo ? { statusInfo: r.statusInfo } : {}) };
}
