// Builds the device model's catalog and initial values from the agent's config (station layout, CSMS settings, ocppDefaults).

import type { AgentConfig } from '../config/config-types.js';
import { DM } from '../core/device-model/keys.js';
import { coreCatalog } from '../core/device-model/core-catalog.js';
import { stationComponents } from '../core/device-model/station-components.js';
import type { VariableDefinition } from '../core/device-model/types.js';

/** The core controllers plus ChargingStation, EVSE 1..n and their Connectors as configured. */
export function catalogFor(config: Pick<AgentConfig, 'station' | 'evses'>): VariableDefinition[] {
  return [
    ...coreCatalog(),
    ...stationComponents({
      vendor: config.station.vendor,
      model: config.station.model,
      ...(config.station.serialNumber !== undefined && { serialNumber: config.station.serialNumber }),
      evses: config.evses.map((e) => ({ id: e.id, maxPowerW: e.maxPowerW, phases: e.phases, connectors: e.connectors })),
    }),
  ];
}

/**
 * Initial values: the config's ocppDefaults, then the settings the config states directly
 * (identity, basic-auth password, ping interval), which win. Values the CSMS has set are
 * persisted and win over all of these.
 */
export function initialValuesFor(config: Pick<AgentConfig, 'station' | 'csms' | 'ocppDefaults'>): Record<string, string> {
  return {
    ...config.ocppDefaults,
    [DM.Identity]: config.station.id,
    [DM.SecurityProfile]: String(config.csms.securityProfile),
    [DM.WebSocketPingInterval]: String(config.csms.pingIntervalSec),
    ...(config.csms.basicAuthPassword !== undefined && { [DM.BasicAuthPassword]: config.csms.basicAuthPassword }),
  };
}
