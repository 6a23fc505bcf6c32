// OCPP 2.1 tariff messages (SetDefaultTariff, GetTariffs, ClearTariffs, ChangeTransactionTariff) routed to the version-neutral tariff store.

import type { Logger } from 'pino';
import type { CostPort } from '../../core/tariffs/cost-tracker.js';
import type { TariffStore } from '../../core/tariffs/tariff-store.js';
import type { RpcConnection } from '../rpc-connection.js';

export interface TariffHandlerOptions {
  rpc: RpcConnection<'ocpp2.1'>;
  tariffs: TariffStore;
  costs: CostPort;
  logger: Logger;
  gate: () => void;
  /** A default tariff was set or cleared (the display shows the new price). */
  onTariffsChanged?: () => void;
  /**
   * ChangeTransactionTariff was Accepted: the EVSE feeds a fresh reading to the old tariff, applies the new one
   * with `apply`, and reports TariffChanged. Absent: the new tariff is applied at once.
   */
  onTransactionTariff?: (transactionId: string, apply: () => void) => void;
}

export function attachTariffHandlers(o: TariffHandlerOptions): void {
  const { rpc, tariffs, costs, logger, gate } = o;
  const changed = (status: string) => {
    if (status === 'Accepted') o.onTariffsChanged?.();
  };
  rpc.handle('SetDefaultTariff', (req) => {
    gate();
    const res = tariffs.setDefaultTariff(req);
    logger.info({ evseId: req.evseId, tariffId: req.tariff.tariffId, status: res.status }, 'SetDefaultTariff');
    changed(res.status);
    return res;
  });
  rpc.handle('GetTariffs', (req) => {
    gate();
    return tariffs.getTariffs(req);
  });
  rpc.handle('ClearTariffs', (req) => {
    gate();
    const res = tariffs.clearTariffs(req);
    if (res.clearTariffsResult.some((r) => r.status === 'Accepted')) o.onTariffsChanged?.();
    return res;
  });
  rpc.handle('ChangeTransactionTariff', (req) => {
    gate();
    const { response, tariff } = tariffs.changeTransactionTariff(req);
    if (response.status === 'Accepted' && tariff) {
      const apply = () => void costs.changeTariff(req.transactionId, tariff);
      if (o.onTransactionTariff) o.onTransactionTariff(req.transactionId, apply);
      else apply();
    }
    logger.info({ tx: req.transactionId, tariffId: req.tariff.tariffId, status: response.status }, 'ChangeTransactionTariff');
    return response;
  });
}
