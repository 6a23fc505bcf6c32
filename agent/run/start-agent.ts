// Starts the agent from a loaded config: constructs the store, device model, EVSEs, core and functional blocks, and wires them to the CSMS connection.

import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { DeviceFactory } from '../../hal/factory.js';
import type { AgentConfig } from '../config/config-types.js';
import { availabilityBlock } from '../core/availability/availability-block.js';
import { combineBlocks } from '../core/blocks/combine-blocks.js';
import type { FunctionalBlock, KeyValuePort, StationContext } from '../core/context.js';
import { DeviceModel } from '../core/device-model/device-model.js';
import { DM } from '../core/device-model/keys.js';
import { settingsOf } from '../core/device-model/settings.js';
import { OutboxSender } from '../core/outbox/outbox-sender.js';
import { webPaymentsBlock } from '../core/payments/web-payments-block.js';
import { webPaymentsCatalog } from '../core/payments/web-payments-catalog.js';
import { californiaPricingBlock } from '../core/pricing/california-pricing-block.js';
import { connectionBlock } from '../core/provisioning/connection-block.js';
import { provisioningBlock } from '../core/provisioning/provisioning-block.js';
import { StationCore, type ResetKind, type StationSnapshot } from '../core/station/station-core.js';
import { configDefaultTariff } from '../core/tariffs/config-tariff.js';
import { CostTracker } from '../core/tariffs/cost-tracker.js';
import { stationOffset } from '../core/tariffs/local-time.js';
import { tariffCostBlock } from '../core/tariffs/tariff-cost-block.js';
import { tariffCostCatalog, tariffSettingsFrom } from '../core/tariffs/tariff-cost-catalog.js';
import { TariffStore } from '../core/tariffs/tariff-store.js';
import { meterValuesBlock } from '../core/transactions/meter-values-block.js';
import { ReconnectingClient } from '../ocpp/reconnecting-client.js';
import { Store } from '../store/store.js';
import { assembleEvse, recoverEvses, stopEvses, type AssembledEvse } from './assemble-evse.js';
import { connectionPort, csmsClient, wireClient } from './csms-client.js';
import { catalogFor, initialValuesFor } from './device-model-from-config.js';
import { evseSettings, messageTimeoutMs, outboxSettings, stationSettings } from './device-model-settings.js';
import { drainBeforeExit } from './drain.js';
import { startDisplay, type DisplayWiring } from './display-wiring.js';
import { displayOptions, stationIdentity, startStatusFile } from './start-helpers.js';
import { StoreJournal } from './store-journal.js';

export interface StartOptions {
  logger: Logger;
  /** What a CSMS Reset does; default: stop the agent and exit (systemd restarts it). */
  onReset?: (kind: ResetKind) => void;
  /** Lower bound of every contactor's opening time, ms (each also has evses[].contactor.openLatencyMs and is measured; default 0). */
  contactorOpenLatencyMs?: number;
  /** How long a stop waits for the CSMS to acknowledge what was sent, ms (default DRAIN_MS, 8 s). */
  drainMs?: number;
  /** Status file refresh, ms (default 1000; 0 = none). */
  statusIntervalMs?: number;
}

export interface RunningAgent {
  core: StationCore;
  store: Store;
  deviceModel: DeviceModel;
  evses: AssembledEvse[];
  client: ReconnectingClient;
  /** Payment QR codes and the station display. */
  display: DisplayWiring;
  snapshot(): StationSnapshot;
  /** Opens every contactor, stops polling and the connection, closes the database. */
  stop(): Promise<void>;
}

export async function startAgent(config: AgentConfig, o: StartOptions): Promise<RunningAgent> {
  const log = o.logger;
  mkdirSync(config.dataDir, { recursive: true });
  const store = Store.open(config.dataDir, { logger: log });
  const kv: KeyValuePort = { get: (k) => store.getKv(k), set: (k, v) => store.setKv(k, v), delete: (k) => void store.deleteKv(k) };
  const deviceModel = new DeviceModel({
    definitions: [
      ...catalogFor(config),
      ...webPaymentsCatalog({ displays: config.display.qrDisplays, evseIds: config.evses.map((e) => e.id) }),
      ...tariffCostCatalog({ currency: config.tariff?.currency ?? 'EUR' }),
    ],
    persistence: store,
    overrides: initialValuesFor(config),
    logger: log,
  });
  for (const p of deviceModel.overrideProblems()) log.warn({ key: p.key }, `ocppDefaults: ${p.message}`);
  const settings = settingsOf(deviceModel);

  // The EVSEs, the sender and the blocks need the core, which needs them: they reach it through this holder.
  const ref: { core?: StationCore; display?: DisplayWiring; client?: ReconnectingClient } = {};
  const online = () => ref.core?.online() ?? false;
  const journal = new StoreJournal(store);
  const factory = new DeviceFactory({ logger: log });
  // Tariffs and cost: the CSMS's tariffs (2.1), else the config's default tariff; persisted in the kv table.
  const tariffs = new TariffStore({
    evseIds: config.evses.map((e) => e.id),
    settings: () => tariffSettingsFrom(settings.raw),
    persistence: { load: () => store.getKv('tariffs'), save: (json) => store.setKv('tariffs', json) },
    ...(config.tariff ? { configDefault: configDefaultTariff(config.tariff) } : {}),
    logger: log,
  });
  // Tariff times of day are the station's local time: ClockCtrlr.TimeZone, else the system zone.
  const utcOffset = stationOffset(() => settings.raw(DM.TimeZone), (zone) => log.warn({ zone }, 'ClockCtrlr.TimeZone: unknown zone, using the system time zone'));
  const costs = new CostTracker(tariffs, { logger: log, utcOffset, enabled: () => settings.bool(DM.CostEnabled) });
  const evses = config.evses.map((e) =>
    assembleEvse(e, factory, journal, evseSettings(settings, config.transactions.onPowerLoss, online), log, o.contactorOpenLatencyMs, costs),
  );

  const connection = connectionPort(config, () => ref.client);
  const ctx: StationContext = {
    deviceModel,
    settings,
    kv,
    evses: evses.map((e) => ({ id: e.config.id, controller: e.controller, meter: e.meter })),
    get core(): StationCore {
      if (!ref.core) throw new Error('the station core is not built yet');
      return ref.core;
    },
    connection,
    logger: log,
    now: () => Date.now(),
  };
  // The functional blocks: a new block is one more entry here.
  const california = californiaPricingBlock(ctx);
  const blocks: FunctionalBlock[] = [
    provisioningBlock(ctx),
    connectionBlock(ctx),
    availabilityBlock(ctx),
    meterValuesBlock(ctx),
    tariffCostBlock(ctx, tariffs),
    webPaymentsBlock(ctx),
    california,
  ];
  const wired = combineBlocks(deviceModel, blocks, log);

  const sender = new OutboxSender({
    outbox: store,
    settings: outboxSettings(settings),
    logger: log,
    onAck: (event, ack) => {
      ref.core?.evse(event.evseId)?.applyAck(event.transactionId, ack);
      ref.display?.display.onAck(event, ack);
    },
  });
  let stopping = false;
  const agent: Partial<RunningAgent> = {};
  const stationCore = new StationCore({
    evses: evses.map((e) => e.controller),
    sender,
    settings: stationSettings(settings),
    logger: log,
    ...wired.hooks,
    onReset:
      o.onReset ??
      ((kind) => {
        log.warn({ kind }, 'Reset: stopping; the service manager restarts the agent');
        void agent.stop?.().then(() => process.exit(0));
      }),
  });
  ref.core = stationCore;

  await recoverEvses(evses, journal, log);
  await wired.start();
  for (const e of evses) e.controller.start();

  const display = await startDisplay(displayOptions({ config, deviceModel, settings, core: stationCore, evses, tariffs, costs, utcOffset, csmsPrices: california.prices, logger: log }));
  ref.display = display;

  const client = csmsClient(config, deviceModel, settings, log);
  ref.client = client;
  wireClient(
    client,
    {
      core: stationCore,
      deviceModel,
      identity: stationIdentity(config),
      logger: log,
      kv,
      messageTimeoutMs: () => messageTimeoutMs(settings),
      precheck: wired.precheck,
      payments: display.payments,
      csmsPrices: california.prices,
      onChargePointStatus: (evseId, s) => california.chargePointStatus(evseId, s),
      tariffs: { store: tariffs, costs, onChanged: () => display.display.refreshAll() },
    },
    log,
  );
  client.start();
  stationCore.startClock();
  const statusTimer = startStatusFile(config, stationCore, o.statusIntervalMs ?? 1000, log);

  Object.assign(agent, {
    core: stationCore,
    store,
    deviceModel,
    evses,
    client,
    display,
    snapshot: () => stationCore.snapshot(),
    stop: async () => {
      if (stopping) return;
      stopping = true;
      clearInterval(statusTimer);
      await display.close();
      stationCore.stopClock();
      await drainBeforeExit({ core: stationCore, sender, client, logger: log }, o.drainMs);
      await client.stop();
      stationCore.detach();
      await stopEvses(evses, log);
      await sender.stopped();
      await factory.close();
      store.close();
    },
  });
  return agent as RunningAgent;
}
