// Builds one EVSE from its config: meter, contactor and vehicle drivers, the safety supervisor, limits and the controller.

import type { Logger } from 'pino';
import type { Contactor } from '../../hal/contactor/contactor.js';
import type { DeviceFactory } from '../../hal/factory.js';
import type { Meter } from '../../hal/meter/meter.js';
import type { VehicleConnection } from '../../hal/vehicle/vehicle-connection.js';
import type { EvseConfig } from '../config/config-types.js';
import { EvseController } from '../core/evse/evse-controller.js';
import type { EvseSettings } from '../core/evse/evse-settings.js';
import { OpenLatency } from '../core/limits/open-latency.js';
import { txLimitFactory } from '../core/limits/tx-limit-factory.js';
import { EvseSafety } from '../core/safety/evse-safety.js';
import type { TxJournal } from '../core/transactions/tx-journal.js';
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
  const latency = new OpenLatency(Math.max(openLatencyMs, config.contactor.openLatencyMs ?? 0));
  const safety = new EvseSafety({ evseId: id, meter, contactor, logger, onOpenMeasured: (ms) => latency.measured(ms) });
  const limits = txLimitFactory({ meter, ...(costs ? { costs } : {}), openLatencyMs: () => latency.ms(), worstCasePowerW: config.maxPowerW, logger });
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

/** Power loss: each EVSE's contactor is opened and the transaction the database says is open is ended (or resumed), before anything else. */
export async function recoverEvses(evses: AssembledEvse[], journal: TxJournal, log: Logger): Promise<void> {
  const open = journal.openTransactions();
  for (const e of evses) {
    e.start();
    // Safe state first: whatever the coil was left at (a crash, a power cut of the controller alone), open it.
    await e.safety.open('start-up: safe state until a transaction is authorized').catch((err: unknown) =>
      log.error({ err, evse: e.config.id }, 'contactor did not confirm open at start-up'),
    );
    await e.controller.recover(open.find((t) => t.evseId === e.config.id));
  }
  for (const t of open) {
    if (!evses.some((e) => e.config.id === t.evseId)) log.error({ tx: t.transactionId, evse: t.evseId }, 'open transaction on an EVSE no longer configured');
  }
}

/** At stop: wait for each controller to settle, open every contactor, stop polling. */
export async function stopEvses(evses: AssembledEvse[], log: Logger): Promise<void> {
  await Promise.all(evses.map((e) => e.controller.idle()));
  for (const e of evses) {
    await e.safety.open('agent stopping').catch((err: unknown) => log.error({ err, evse: e.config.id }, 'contactor did not open at stop'));
    e.stop();
  }
}
