// Builds one EVSE from its config: meter, contactor and vehicle drivers, the safety supervisor, limits and the controller.

import type { Logger } from 'pino';
import type { Contactor } from '../../hal/contactor/contactor.js';
import type { DeviceFactory } from '../../hal/factory.js';
import type { Meter } from '../../hal/meter/meter.js';
import type { VehicleConnection } from '../../hal/vehicle/vehicle-connection.js';
import type { EvseConfig } from '../config/config-types.js';
import { EvseController } from '../core/evse/evse-controller.js';
import type { LimitFactory } from '../core/evse/evse-ports.js';
import type { EvseSettings } from '../core/evse/evse-settings.js';
import { LimitEnforcer } from '../core/limits/limit-enforcer.js';
import { EvseSafety } from '../core/safety/evse-safety.js';
import type { TxJournal } from '../core/transactions/tx-journal.js';
import type { TxLimits } from '../core/transactions/tx-types.js';
import type { CostPort } from '../core/tariffs/cost-tracker.js';

export interface AssembledEvse {
  config: EvseConfig;
  meter: Meter;
  contactor: Contactor;
  vehicle: VehicleConnection;
  safety: EvseSafety;
  controller: EvseController;
  /** Starts polling and supervision. */
  start(): void;
  stop(): void;
}

/** How often the contactor's feedback is supervised, ms. */
const CONTACTOR_SUPERVISION_MS = 1000;

function enforcerLimits(l: TxLimits): { maxEnergyWh?: number; maxTimeS?: number } {
  return {
    ...(l.maxEnergy !== undefined ? { maxEnergyWh: l.maxEnergy } : {}),
    ...(l.maxTime !== undefined ? { maxTimeS: l.maxTime } : {}),
  };
}

export function assembleEvse(
  config: EvseConfig,
  factory: DeviceFactory,
  journal: TxJournal,
  settings: EvseSettings,
  logger: Logger,
  openLatencyMs = 0,
  costs?: CostPort,
): AssembledEvse {
  const id = config.id;
  const meter = factory.createMeter(`evse${id}.meter`, config.meter);
  const contactor = factory.createContactor(`evse${id}.contactor`, config.contactor);
  const vehicle = factory.createVehicleConnection(`evse${id}.vehicle`, config.vehicle);
  const safety = new EvseSafety({ evseId: id, meter, contactor, logger });
  const limits: LimitFactory = (tx, onReached) => {
    let enforcer: LimitEnforcer | undefined;
    let maxCost: number | undefined;
    return {
      update(l: TxLimits) {
        const mapped = enforcerLimits(l);
        // maxCost becomes an energy budget under the tariff in force; a new maxCost needs a new budget.
        if (enforcer && l.maxCost === maxCost) {
          enforcer.update(mapped);
          return;
        }
        enforcer?.stop();
        enforcer = undefined;
        maxCost = l.maxCost;
        const budget = maxCost !== undefined ? costs?.budget(tx.transactionId, maxCost) : undefined;
        if (maxCost !== undefined && !budget) logger.warn({ tx: tx.transactionId, maxCost }, 'maxCost received but no tariff is in force: it cannot be enforced');
        if (Object.keys(mapped).length > 0 || budget) {
          enforcer = new LimitEnforcer({
            meter,
            startEnergyWh: tx.startEnergyWh,
            startedAt: tx.startedAt,
            limits: mapped,
            ...(budget ? { budgets: [budget] } : {}),
            onReached: (kind) => onReached(kind),
            logger,
            openLatencyMs,
            worstCasePowerW: config.maxPowerW,
          });
        }
      },
      stop() {
        enforcer?.stop();
      },
    };
  };
  const controller = new EvseController({
    evseId: id,
    connectorId: config.connectors[0]?.id ?? 1,
    meter,
    vehicle,
    safety,
    journal,
    settings,
    limits,
    ...(costs ? { costs } : {}),
    logger,
  });
  return {
    config,
    meter,
    contactor,
    vehicle,
    safety,
    controller,
    start() {
      meter.start(config.meter.pollMs);
      contactor.start(CONTACTOR_SUPERVISION_MS);
      vehicle.start(config.vehicle.pollMs);
    },
    stop() {
      controller.stop();
      meter.stop();
      contactor.stop();
      vehicle.stop();
      safety.dispose();
    },
  };
}
