// Tariffs and cost (OCPP 2.1 block I): a driver-specific tariff from an Authorize answer, HandleFailedTariff and TariffCostCtrlr.Problem (I08).

import type { FunctionalBlock, StationContext } from '../context.js';
import { DM } from '../device-model/keys.js';
import { parseVariableKey } from '../device-model/variable-key.js';
import type { TariffType } from '../types/v21.js';
import { receiveDriverTariff } from './driver-tariff.js';
import type { HandleFailedTariff } from './tariff-cost-catalog.js';
import type { TariffStore } from './tariff-store.js';

export function tariffCostBlock(ctx: StationContext, tariffs: TariffStore): FunctionalBlock {
  const problem = parseVariableKey(DM.TariffProblem);
  return {
    name: 'tariffs-and-cost',
    hooks: {
      // Returns false when the tariff cannot be processed and HandleFailedTariff says Deauthorize.
      onDriverTariff: (idToken, tariff, evseId) => {
        const handling = ctx.settings.str(DM.HandleFailedTariff) as HandleFailedTariff;
        const r = receiveDriverTariff(tariffs, idToken.idToken, tariff as TariffType, evseId, handling);
        ctx.deviceModel.setActual(problem.component, problem.variable, String(r.problem));
        if (r.problem) ctx.logger.warn({ evse: evseId, status: r.status, statusInfo: r.statusInfo, handling }, 'driver-specific tariff cannot be processed');
        else ctx.logger.info({ evse: evseId }, 'driver-specific tariff from the Authorize answer');
        return r.proceed;
      },
    },
  };
}
