// Starts the agent from a loaded config: store, device model, hardware, EVSEs, the core, and the CSMS connection.

import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { DeviceFactory } from '../../hal/factory.js';
import type { AgentConfig } from '../config/config-types.js';
import { DeviceModel } from '../core/device-model/device-model.js';
import { catalogFor, initialValuesFor } from './device-model-from-config.js';
import { parseVariableKey } from '../core/device-model/variable-key.js';
import { OutboxSender } from '../core/outbox/outbox-sender.js';
import type { BootReason } from '../core/station/csms-link.js';
import { StationCore, type ResetKind, type StationSnapshot } from '../core/station/station-core.js';
import { ReconnectingClient } from '../ocpp/reconnecting-client.js';
import { attachDeviceModelHandlers } from '../ocpp/v2/device-model-handlers.js';
import { attachV2Adapter, refuseWhileRejected } from '../ocpp/v2/v2-adapter.js';
import { attachV16Adapter } from '../ocpp/v16/v16-adapter.js';
import { Store } from '../store/store.js';
import { configDefaultTariff } from '../core/tariffs/config-tariff.js';
import { CostTracker } from '../core/tariffs/cost-tracker.js';
import { CsmsPriceInfo } from '../core/pricing/california-display.js';
import { PricingTriggers } from '../core/pricing/pricing-triggers.js';
import { meterSample } from '../core/transactions/meter-samples.js';
import { stationOffset } from '../core/tariffs/local-time.js';
import { priceText } from '../core/tariffs/price-text.js';
import { TARIFF_COST_CTRLR, tariffCostCatalog, tariffCostKey, tariffSettingsFrom, type HandleFailedTariff } from '../core/tariffs/tariff-cost-catalog.js';
import { displayPrice } from '../core/display/display-price.js';
import { receiveDriverTariff } from '../core/tariffs/driver-tariff.js';
import type { TariffType } from '../core/types/v21.js';
import { TariffStore } from '../core/tariffs/tariff-store.js';
import type { RpcConnection } from '../ocpp/rpc-connection.js';
import { attachTariffHandlers } from '../ocpp/v2/tariff-handlers.js';
import { webPaymentsCatalog } from '../core/payments/web-payments-catalog.js';
import { checkWebPaymentsValue, WEB_PAYMENTS_CTRLR } from '../core/payments/web-payment-settings.js';
import { startDisplay, type DisplayWiring } from './display-wiring.js';
import { assembleEvse, type AssembledEvse } from './assemble-evse.js';
import { backoffSettings, boolOf, evseSettings, intOf, messageTimeoutMs, outboxSettings, stationSettings, type ReadVariable } from './device-model-settings.js';
import { writeStatus } from './status-file.js';
import { StoreJournal } from './store-journal.js';
import { certificateCount, tlsOptionsFor } from './tls-options.js';

export interface StartOptions {
  logger: Logger;
  /** What a CSMS Reset does; default: stop the agent and exit (systemd restarts it). */
  onReset?: (kind: ResetKind) => void;
  /** Lower bound of every contactor's opening time, ms (each also has evses[].contactor.openLatencyMs and is measured; default 0). */
  contactorOpenLatencyMs?: number;
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

/** Store key of the reason for the next BootNotification (set just before a Reset restarts the agent). */
const BOOT_REASON_KEY = 'boot.reason';
const BOOT_REASONS: readonly BootReason[] = ['PowerUp', 'ApplicationReset', 'RemoteReset', 'ScheduledReset', 'Triggered', 'Unknown', 'Watchdog'];

/** Store key of an EVSE's operational state set by ChangeAvailability. */
const availabilityKey = (evseId: number) => `availability.evse.${evseId}`;

export async function startAgent(config: AgentConfig, o: StartOptions): Promise<RunningAgent> {
  const log = o.logger;
  mkdirSync(config.dataDir, { recursive: true });
  const store = Store.open(config.dataDir, { logger: log });
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

  const read: ReadVariable = (key) => {
    const { component, variable } = parseVariableKey(key);
    const r = deviceModel.get(component, variable);
    return r.status === 'Accepted' && r.value !== '' ? r.value : undefined;
  };
  const write = (key: string, value: string) => {
    const { component, variable } = parseVariableKey(key);
    deviceModel.set(component, variable, value);
  };

  // The EVSEs and the sender need the core, which needs them: they reach it through this holder.
  const ref: { core?: StationCore; display?: DisplayWiring } = {};
  const online = () => ref.core?.online() ?? false;
  const journal = new StoreJournal(store);
  const factory = new DeviceFactory({ logger: log });
  // Tariffs and cost: the CSMS's tariffs (2.1), else the config's default tariff; persisted in the kv table.
  const tariffs = new TariffStore({
    evseIds: config.evses.map((e) => e.id),
    settings: () => tariffSettingsFrom(read),
    persistence: { load: () => store.getKv('tariffs'), save: (json) => store.setKv('tariffs', json) },
    ...(config.tariff ? { configDefault: configDefaultTariff(config.tariff) } : {}),
    logger: log,
  });
  const utcOffset = stationOffset(() => read('ClockCtrlr.TimeZone'), (zone) => log.warn({ zone }, 'ClockCtrlr.TimeZone: unknown zone, using the system time zone'));
  const costs = new CostTracker(tariffs, { logger: log, utcOffset, enabled: () => boolOf(read, 'TariffCostCtrlr.Enabled[Cost]', true) });
  const evses = config.evses.map((e) =>
    assembleEvse(e, factory, journal, evseSettings(read, config.transactions.onPowerLoss, online), log, o.contactorOpenLatencyMs, costs),
  );
  // California pricing triggerMeterValue: extra MeterValues (context Other) when a RunningCost's trigger fires.
  const pricingTriggers = new PricingTriggers({
    logger: log,
    send: (evseId) => {
      const latest = evses.find((e) => e.config.id === evseId)?.meter.latest();
      if (!latest || latest.stale) return log.warn({ evse: evseId }, 'pricing trigger: no fresh meter reading to send');
      ref.core?.sendMeterValues(evseId, meterSample(latest.reading, ['Energy.Active.Import.Register', 'Power.Active.Import'], 'Other'));
    },
  });
  for (const e of evses) {
    e.meter.on('reading', (r) => pricingTriggers.reading(e.config.id, r));
    e.controller.on('event', (ev) => {
      if (ev.eventType === 'Ended') pricingTriggers.clearTransaction(ev.transactionId);
    });
  }
  const sender = new OutboxSender({
    outbox: store,
    settings: outboxSettings(read),
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
    settings: stationSettings(read, write),
    logger: log,
    persistAvailability: (evseId, operative) => store.setKv(availabilityKey(evseId), operative ? 'Operative' : 'Inoperative'),
    persistBootReason: (reason) => store.setKv(BOOT_REASON_KEY, reason),
    onDriverTariff: (idToken, tariff, evseId) => {
      const handling = (read(tariffCostKey('HandleFailedTariff', 'Tariff')) ?? 'UseDefaultTariff') as HandleFailedTariff;
      const r = receiveDriverTariff(tariffs, idToken.idToken, tariff as TariffType, evseId, handling);
      deviceModel.setActual({ name: TARIFF_COST_CTRLR }, { name: 'Problem' }, String(r.problem));
      if (r.problem) log.warn({ evse: evseId, status: r.status, statusInfo: r.statusInfo, handling }, 'driver-specific tariff cannot be processed');
      else log.info({ evse: evseId }, 'driver-specific tariff from the Authorize answer');
      return r.proceed;
    },
    onReset:
      o.onReset ??
      ((kind) => {
        log.warn({ kind }, 'Reset: stopping; the service manager restarts the agent');
        void agent.stop?.().then(() => process.exit(0));
      }),
  });
  ref.core = stationCore;
  // After a CSMS Reset the first BootNotification says so (TC_B_22_CS RemoteReset, TC_B_21_CS ScheduledReset).
  const storedReason = store.getKv(BOOT_REASON_KEY);
  if (storedReason !== undefined) {
    store.deleteKv(BOOT_REASON_KEY);
    if (BOOT_REASONS.includes(storedReason as BootReason)) stationCore.setBootReason(storedReason as BootReason);
  }
  stationCore.on('status', (evseId: number, status: string) => {
    deviceModel.setActual({ name: 'Connector', evse: { id: evseId, connectorId: 1 } }, { name: 'AvailabilityState' }, status);
    deviceModel.setActual({ name: 'EVSE', evse: { id: evseId } }, { name: 'AvailabilityState' }, status);
    // atCPStatus on 2.x names ConnectorStatus values; on 1.6 the adapter reports its ChargePointStatus instead
    if (stationCore.protocol !== 'ocpp1.6') pricingTriggers.status(evseId, status);
  });

  // Power loss: transactions the database says are open are ended (or resumed) before anything else.
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
  // G03.FR.08: an EVSE the CSMS made Inoperative stays so across restarts.
  for (const e of evses) {
    if (store.getKv(availabilityKey(e.config.id)) === 'Inoperative') await e.controller.setOperative(false);
  }
  for (const e of evses) e.controller.start();

  // California pricing (OCPP 1.6/2.0.1): the CSMS's user price, running and final cost, shown instead of the local tariff's.
  const csmsPrices = new CsmsPriceInfo({
    onTriggers: (evseId, transactionId, t) => pricingTriggers.set(evseId, transactionId, t),
    transactions: () =>
      evses.flatMap((e) => {
        const tx = e.controller.transaction();
        return tx ? [{ evseId: e.config.id, transactionId: tx.transactionId, ...(tx.idToken ? { idToken: tx.idToken.idToken } : {}) }] : [];
      }),
    currency: () => tariffSettingsFrom(read).currency ?? config.tariff?.currency ?? 'EUR',
    logger: log,
  });
  const display = await startDisplay({
    config,
    deviceModel,
    onAuthorize: (evseId, idToken, type) => stationCore.localAuthorize(evseId, { idToken, type }),
    evses: evses.map((e) => ({ controller: e.controller, meter: e.meter, name: `EVSE ${e.config.id} · ${e.config.connectors[0]?.type ?? ''}` })),
    price: (evseId) => {
      const t = tariffs.defaultTariffFor(evseId);
      const fallback = (name: string) => read(tariffCostKey(name));
      return displayPrice({
        tariffPrice: t ? priceText(t, { utcOffset }) : undefined, // the config's tariff is the store's last default
        currency: read(tariffCostKey('Currency')) ?? config.tariff?.currency ?? '',
        online: online(),
        tariffFallbackMessage: fallback('TariffFallbackMessage'),
        offlineTariffFallbackMessage: fallback('OfflineTariffFallbackMessage'),
      });
    },
    totalCostFallback: () => read(tariffCostKey('TotalCostFallbackMessage')),
    runningCost: (evseId) => {
      const tx = stationCore.evse(evseId)?.transaction();
      return tx ? costs.total(tx.transactionId) : undefined;
    },
    csmsPrices,
    logger: log,
  });
  ref.display = display;

  const password = (): string | undefined => {
    try {
      return deviceModel.str({ name: 'SecurityCtrlr' }, { name: 'BasicAuthPassword' });
    } catch {
      return config.csms.basicAuthPassword;
    }
  };
  // Profiles 1 and 2 authenticate the station with HTTP Basic auth, profile 3 with its TLS client certificate.
  const usesBasicAuth = config.csms.securityProfile === 1 || config.csms.securityProfile === 2;
  const tls = tlsOptionsFor(config.csms);
  deviceModel.setActual({ name: 'SecurityCtrlr' }, { name: 'CertificateEntries' }, String(certificateCount(tls)));
  const client = new ReconnectingClient({
    url: config.csms.url,
    stationId: config.station.id,
    protocols: config.csms.versions,
    ...(usesBasicAuth && password() ? { basicAuth: { password: password() as string } } : {}),
    ...(tls ? { tls } : {}),
    pingIntervalSec: intOf(read, 'OCPPCommCtrlr.WebSocketPingInterval', config.csms.pingIntervalSec),
    backoff: () => backoffSettings(read),
    logger: log,
  });
  const identity = {
    vendor: config.station.vendor,
    model: config.station.model,
    ...(config.station.serialNumber ? { serialNumber: config.station.serialNumber } : {}),
    ...(config.station.firmwareVersion ? { firmwareVersion: config.station.firmwareVersion } : {}),
  };
  client.on('open', (rpc, protocol) => {
    if (protocol === 'ocpp1.6') {
      log.info({ protocol }, 'connected to the CSMS');
      stationCore.attach(
        attachV16Adapter({
          rpc: rpc as RpcConnection<'ocpp1.6'>,
          core: stationCore,
          deviceModel,
          identity,
          logger: log,
          ids: { get: (k) => store.getKv(k), set: (k, v) => store.setKv(k, v), delete: (k) => void store.deleteKv(k) },
          payments: display.payments,
          csmsPrices,
          messageTimeoutMs: () => messageTimeoutMs(read),
          onChargePointStatus: (evseId, s) => pricingTriggers.status(evseId, s),
        }),
      );
      return;
    }
    log.info({ protocol }, 'connected to the CSMS');
    const v2rpc = rpc as Parameters<typeof attachV2Adapter>[0]['rpc'];
    attachDeviceModelHandlers({
      rpc: v2rpc,
      deviceModel,
      logger: log,
      gate: () => refuseWhileRejected(stationCore),
      precheck: (component, variable, value) =>
        component.name.toLowerCase() === WEB_PAYMENTS_CTRLR.toLowerCase() ? checkWebPaymentsValue(deviceModel, component, variable, value) : undefined,
      onChanged: (c, v) => {
        if (c === 'OCPPCommCtrlr' && v === 'HeartbeatInterval') stationCore.heartbeatIntervalChanged();
      },
    });
    if (protocol === 'ocpp2.1') {
      attachTariffHandlers({
        rpc: rpc as RpcConnection<'ocpp2.1'>,
        tariffs,
        costs,
        logger: log,
        gate: () => refuseWhileRejected(stationCore),
        onTariffsChanged: () => display.display.refreshAll(),
        onTransactionTariff: (txId, apply) => {
          const evse = stationCore.evses.find((e) => e.transaction()?.transactionId === txId);
          if (evse) evse.changeTariff(txId, apply);
          else apply();
        },
      });
    }
    const link = attachV2Adapter({
      rpc: v2rpc,
      protocol,
      core: stationCore,
      identity,
      logger: log,
      messageTimeoutMs: () => messageTimeoutMs(read),
      payments: display.payments,
      csmsPrices,
    });
    stationCore.attach(link);
  });
  client.on('close', (info) => {
    log.warn({ code: info.code, reason: info.reason }, 'CSMS connection closed');
    stationCore.detach();
  });
  client.on('connectFailed', (err, attempt) => log.warn({ kind: err.kind, attempt, err: err.message }, 'CSMS connection attempt failed'));
  // Connection settings the CSMS changes: the new ping interval applies to the next connection; a new
  // BasicAuthPassword (A01) is used at once: the station reconnects with it once the answer is sent.
  deviceModel.on('change', (key, value) => {
    if (key.startsWith('AlignedDataCtrlr.')) stationCore.alignedDataChanged();
    if (key === 'OCPPCommCtrlr.WebSocketPingInterval' && value !== undefined) client.updateOptions({ pingIntervalSec: Number(value) });
    if (key === 'SecurityCtrlr.BasicAuthPassword' && value !== undefined && usesBasicAuth) {
      client.updateOptions({ basicAuth: { password: value } });
      log.warn('BasicAuthPassword changed by the CSMS: reconnecting with the new password');
      setTimeout(() => client.connection?.close(1000, 'reconnecting with new credentials'), 1000).unref();
    }
  });
  client.start();
  stationCore.startClock();

  const startedAt = new Date().toISOString();
  const statusTimer =
    (o.statusIntervalMs ?? 1000) > 0
      ? setInterval(() => {
          try {
            writeStatus(config.dataDir, { ...stationCore.snapshot(), stationId: config.station.id, pid: process.pid, writtenAt: new Date().toISOString(), startedAt });
          } catch (err) {
            log.warn({ err }, 'cannot write the status file');
          }
        }, o.statusIntervalMs ?? 1000)
      : undefined;
  statusTimer?.unref();

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
      await client.stop();
      stationCore.detach();
      await Promise.all(evses.map((e) => e.controller.idle()));
      for (const e of evses) {
        await e.safety.open('agent stopping').catch((err: unknown) => log.error({ err, evse: e.config.id }, 'contactor did not open at stop'));
        e.stop();
      }
      await sender.stopped();
      await factory.close();
      store.close();
    },
  });
  return agent as RunningAgent;
}
