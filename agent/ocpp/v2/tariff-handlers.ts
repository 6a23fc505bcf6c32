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
}

export function attachTariffHandlers(o: TariffHandlerOptions): void {
  const { rpc, tariffs, costs, logger, gate } = o;
  rpc.handle('SetDefaultTariff', (req) => {
    gate();
    const res = tariffs.setDefaultTariff(req);
    logger.info({ evseId: req.evseId, tariffId: req.tariff.tariffId, status: res.status }, 'SetDefaultTariff');
    return res;
  });
  rpc.handle('GetTariffs', (req) => {
    gate();
    return tariffs.getTariffs(req);
  });
  rpc.handle('ClearTariffs', (req) => {
    gate();
    return tariffs.clearTariffs(req);
  });
  rpc.handle('ChangeTransactionTariff', (req) => {
    gate();
    const { response, tariff } = tariffs.changeTransactionTariff(req);
    if (response.status === 'Accepted' && tariff) costs.changeTariff(req.transactionId, tariff);
    logger.info({ tx: req.transactionId, tariffId: req.tariff.tariffId, status: response.status }, 'ChangeTransactionTariff');
    return response;
  });
}
