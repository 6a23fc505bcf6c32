// Small start-up pieces of startAgent: the station's identity, the display's price sources, the status file timer.

import type { Logger } from 'pino';
import type { AgentConfig } from '../config/config-types.js';
import type { DeviceModel } from '../core/device-model/device-model.js';
import { DM } from '../core/device-model/keys.js';
import type { Settings } from '../core/device-model/settings.js';
import { displayPrice } from '../core/display/display-price.js';
import type { CsmsPriceInfo } from '../core/pricing/california-display.js';
import type { StationCore } from '../core/station/station-core.js';
import type { CostTracker } from '../core/tariffs/cost-tracker.js';
import { priceText } from '../core/tariffs/price-text.js';
import type { UtcOffsetFn } from '../core/tariffs/local-time.js';
import type { TariffStore } from '../core/tariffs/tariff-store.js';
import type { StationIdentity } from '../ocpp/adapter-common.js';
import type { AssembledEvse } from './assemble-evse.js';
import type { DisplayWiringOptions } from './display-wiring.js';
import { writeStatus } from './status-file.js';

export function stationIdentity(config: AgentConfig): StationIdentity {
  return {
    vendor: config.station.vendor,
    model: config.station.model,
    ...(config.station.serialNumber ? { serialNumber: config.station.serialNumber } : {}),
    ...(config.station.firmwareVersion ? { firmwareVersion: config.station.firmwareVersion } : {}),
  };
}

export interface DisplaySources {
  config: AgentConfig;
  deviceModel: DeviceModel;
  settings: Settings;
  core: StationCore;
  evses: AssembledEvse[];
  tariffs: TariffStore;
  costs: CostTracker;
  /** The station's UTC offset at a moment (tariff times of day are local). */
  utcOffset: UtcOffsetFn;
  csmsPrices: CsmsPriceInfo;
  logger: Logger;
}

/** The display's options: local authorization, the EVSEs, the price and running cost it shows. */
export function displayOptions(o: DisplaySources): DisplayWiringOptions {
  const read = o.settings.raw;
  return {
    config: o.config,
    deviceModel: o.deviceModel,
    onAuthorize: (evseId, idToken, type) => o.core.localAuthorize(evseId, { idToken, type }),
    evses: o.evses.map((e) => ({ controller: e.controller, meter: e.meter, name: `EVSE ${e.config.id} · ${e.config.connectors[0]?.type ?? ''}` })),
    price: (evseId) => {
      const t = o.tariffs.defaultTariffFor(evseId);
      return displayPrice({
        tariffPrice: t ? priceText(t, { utcOffset: o.utcOffset }) : undefined, // the config's tariff is the store's last default
        currency: read(DM.TariffCurrency) ?? o.config.tariff?.currency ?? '',
        online: o.core.online(),
        tariffFallbackMessage: read(DM.TariffFallbackMessage),
        offlineTariffFallbackMessage: read(DM.OfflineTariffFallbackMessage),
      });
    },
    totalCostFallback: () => read(DM.TotalCostFallbackMessage),
    runningCost: (evseId) => {
      const tx = o.core.evse(evseId)?.transaction();
      return tx ? o.costs.total(tx.transactionId) : undefined;
    },
    csmsPrices: o.csmsPrices,
    logger: o.logger,
  };
}

/** Writes the status file every `intervalMs` (0: never); returns the timer to clear at stop. */
export function startStatusFile(config: AgentConfig, core: StationCore, intervalMs: number, log: Logger): NodeJS.Timeout | undefined {
  if (intervalMs <= 0) return undefined;
  const startedAt = new Date().toISOString();
  const timer = setInterval(() => {
    try {
      writeStatus(config.dataDir, { ...core.snapshot(), stationId: config.station.id, pid: process.pid, writtenAt: new Date().toISOString(), startedAt });
    } catch (err) {
      log.warn({ err }, 'cannot write the status file');
    }
  }, intervalMs);
  timer.unref();
  return timer;
}
