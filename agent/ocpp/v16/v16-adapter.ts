// OCPP 1.6 (JSON; Core and Remote Trigger profiles, security whitepaper basic auth) adapter: routes the CSMS's requests to
// the version-neutral core and implements the core's CsmsLink over 1.6 messages; it translates, the core decides.
//
// Not offered (answered with CALLERROR NotSupported by the RPC layer): reservations, local auth lists, smart
// charging, firmware and diagnostics. A chargingProfile in RemoteStartTransaction is ignored (no Smart Charging
// profile). Transaction limits: the vendor DataTransfer in v16-limit.ts.

import type { Logger } from 'pino';
import type { DeviceModel } from '../../core/device-model/device-model.js';
import type { ConnectorStatus } from '../../core/evse/connector-status.js';
import { parseWebPaymentDataTransfer, v16DataTransferResponse } from '../extensions/web-payments-datatransfer.js';
import type { WebPaymentState } from '../../core/payments/web-payment-state.js';
import type { BootAnswer, CsmsLink } from '../../core/station/csms-link.js';
import type { StationCore } from '../../core/station/station-core.js';
import type { MeterSample, TxEvent, TxEventAck } from '../../core/transactions/tx-types.js';
import type { RpcConnection } from '../rpc-connection.js';
import type { DataTransferRequest, DataTransferResponse } from '../types/v16.js';
import { refuseWhileRejected, type StationIdentity } from '../v2/v2-adapter.js';
import { changeV16Configuration, getV16Configuration, type V16ConfigurationContext } from './v16-configuration.js';
import { isLimitVendor, parseV16LimitData, V16_LIMIT_MESSAGE_ID, v16LimitRejected } from '../extensions/transaction-limit-v16.js';
import { v16MeterValues } from './v16-meter-values.js';
import { V16StatusSync } from './v16-status-sync.js';
import { sendV16TxEvent, type V16TransactionsOptions } from './v16-transactions.js';
import { V16TxIds, type KeyValuePort } from './v16-tx-ids.js';
import type { CsmsPriceInfo } from '../../core/pricing/california-display.js';
import { costMsgV16Response, handleCostMsgDataTransfer, isCostMsgVendor } from '../extensions/california-costmsg.js';

export interface V16AdapterOptions {
  rpc: RpcConnection<'ocpp1.6'>;
  core: StationCore;
  deviceModel: DeviceModel;
  identity: StationIdentity;
  logger: Logger;
  /** Durable key-value store for the UUID ↔ 1.6 transactionId mapping (the store's kv table). */
  ids: KeyValuePort;
  /** Web payments (QR codes): the whitepaper's 1.6 DataTransfer forms of NotifyWebPaymentStarted/Failed. */
  payments?: WebPaymentState;
  /** CSMS price and cost messages (OCA California pricing, org.openchargealliance.costmsg). */
  csmsPrices?: CsmsPriceInfo;
  /** Timeout of a transaction CALL, ms (OCPPCommCtrlr.MessageTimeout). */
  messageTimeoutMs: () => number;
  /** A connector's 1.6 status changed (California pricing atCPStatus). */
  onChargePointStatus?: (evseId: number, status: string) => void;
}

/** 1.6 BootNotification field lengths (CiString20/25/50). */
const clip = (s: string, n: number) => s.slice(0, n);

/** Registers the 1.6 handlers on `rpc` and returns the link the core sends through; detaches itself when the connection closes. */
export function attachV16Adapter(o: V16AdapterOptions): CsmsLink {
  const { rpc, core } = o;
  const log = o.logger.child({ ocpp: 'ocpp1.6' });
  const gate = () => refuseWhileRejected(core);
  const ids = new V16TxIds(o.ids, log);
  const status = new V16StatusSync({ rpc, core, logger: log, ...(o.onChargePointStatus ? { onStatus: o.onChargePointStatus } : {}) });
  status.start();
  rpc.on('close', () => status.stop());
  const config: V16ConfigurationContext = { deviceModel: o.deviceModel, connectors: core.evses.length };

  const txOptions: V16TransactionsOptions = {
    rpc,
    ids,
    logger: log,
    messageTimeoutMs: o.messageTimeoutMs,
    startOf: (uuid) => {
      const evse = core.evseWithTransaction(uuid);
      const tx = evse?.transaction();
      return evse && tx ? { meterStartWh: tx.startEnergyWh, startedAt: new Date(tx.startedAt).toISOString(), evseId: evse.evseId } : undefined;
    },
  };

  // ---- CSMS → station ----

  rpc.handle('RemoteStartTransaction', async (req) => {
    gate();
    if (req.chargingProfile) log.warn('RemoteStartTransaction carries a chargingProfile; ignored (no Smart Charging profile)');
    const r = await core.requestStart(req.connectorId, { idToken: req.idTag, type: 'Central' }, 0);
    if (r.status !== 'Accepted') log.info({ connectorId: req.connectorId, reason: r.reason }, 'RemoteStartTransaction rejected');
    return { status: r.status };
  });

  rpc.handle('RemoteStopTransaction', async (req) => {
    gate();
    const uuid = ids.uuidOf(req.transactionId);
    if (uuid === undefined) return { status: 'Rejected' as const };
    return { status: await core.requestStop(uuid) };
  });

  rpc.handle('ChangeAvailability', async (req) => {
    gate();
    const operative = req.type === 'Operative';
    const result = await core.changeAvailability(req.connectorId === 0 ? undefined : req.connectorId, undefined, operative);
    if (core.online()) status.sendStation().catch((err: unknown) => log.warn({ err }, 'StatusNotification (connector 0) failed'));
    return { status: result };
  });

  rpc.handle('Reset', (req) => {
    gate();
    // Both are a restart of the agent; the type is kept for the StopTransaction reason (HardReset/SoftReset).
    ids.setResetType(req.type);
    const r = core.reset('Immediate');
    return { status: r === 'Rejected' ? ('Rejected' as const) : ('Accepted' as const) };
  });

  rpc.handle('TriggerMessage', async (req) => {
    gate();
    const what = req.requestedMessage;
    if (what !== 'BootNotification' && what !== 'Heartbeat' && what !== 'StatusNotification' && what !== 'MeterValues') {
      return { status: 'NotImplemented' as const };
    }
    // StatusNotification: connectorId 0 asks for the Charge Point's own status, none for it and every connector (1.6 §5.17)
    if (what === 'StatusNotification' && (req.connectorId === 0 || req.connectorId === undefined)) {
      if (!core.online()) return { status: 'Rejected' as const };
      setImmediate(() => void status.sendStation(true).catch((err: unknown) => log.warn({ err }, 'StatusNotification (connector 0) failed')));
      if (req.connectorId === 0) return { status: 'Accepted' as const };
    }
    const evseId = req.connectorId === undefined || req.connectorId === 0 ? undefined : req.connectorId;
    if (what === 'StatusNotification') status.force(evseId === undefined ? core.evses.map((e) => e.evseId) : [evseId]);
    const ok = await core.trigger(what, evseId);
    return { status: ok ? ('Accepted' as const) : ('Rejected' as const) };
  });

  rpc.handle('UnlockConnector', (req) => {
    gate();
    const evse = core.evse(req.connectorId);
    // 1.6: NotSupported = "no connector lock, or ConnectorId is unknown".
    if (!evse) return { status: 'NotSupported' as const };
    const r = core.unlockConnector(evse.evseId, evse.connectorId);
    if (r.status === 'Unlocked') return { status: 'Unlocked' as const };
    if (r.status === 'UnknownConnector' || r.reason === 'NoLock') return { status: 'NotSupported' as const };
    return { status: 'UnlockFailed' as const };
  });

  rpc.handle('ClearCache', () => {
    gate();
    // No authorization cache is kept, so there is nothing left in it.
    return { status: 'Accepted' as const };
  });

  rpc.handle('GetConfiguration', (req) => {
    gate();
    return getV16Configuration(req.key, config);
  });

  rpc.handle('ChangeConfiguration', (req) => {
    gate();
    const r = changeV16Configuration(req.key, req.value, config);
    // Never log the value: it may be a secret (AuthorizationKey, SharedSecret).
    log.info({ key: req.key, status: r.status, ...(r.reason ? { reason: r.reason } : {}) }, 'ChangeConfiguration');
    if (r.changed?.component === 'SecurityCtrlr' && r.changed.variable === 'BasicAuthPassword') log.warn('AuthorizationKey changed; used from the next connection after a restart');
    return { status: r.status };
  });

  rpc.handle('DataTransfer', (req) => {
    gate();
    return dataTransfer(req);
  });

  function dataTransfer(req: DataTransferRequest): DataTransferResponse {
    if (isLimitVendor(req.vendorId)) {
      if (req.messageId !== V16_LIMIT_MESSAGE_ID) return { status: 'UnknownMessageId' };
      const parsed = parseV16LimitData(req.data);
      if (!parsed.ok) return v16LimitRejected(parsed.reasonCode, parsed.additionalInfo);
      const uuid = ids.uuidOf(parsed.transactionId);
      const evse = uuid === undefined ? undefined : core.evseWithTransaction(uuid, { ongoing: true });
      if (!evse || uuid === undefined) return v16LimitRejected('UnknownTransaction', `no ongoing transaction ${parsed.transactionId}`);
      evse.applyAck(uuid, { limits: parsed.limits });
      log.info({ tx: uuid, transactionId: parsed.transactionId, limits: parsed.limits }, 'transaction limit set by DataTransfer');
      return { status: 'Accepted' };
    }
    if (o.csmsPrices && isCostMsgVendor(req.vendorId)) {
      const prices = o.csmsPrices;
      // The 1.6 messages name the CSMS's integer transactionId: map it to the agent's own id.
      return costMsgV16Response(
        handleCostMsgDataTransfer(req, 'ocpp1.6', {
          apply: (m) => prices.apply(m.kind === 'SetUserPrice' ? m : { ...m, transactionId: ids.uuidOf(Number(m.transactionId)) ?? m.transactionId }),
        }),
      );
    }
    if (!o.payments) return { status: 'UnknownVendorId' };
    const outcome = parseWebPaymentDataTransfer(req, 'ocpp1.6', (id) => core.evse(id) !== undefined);
    if (outcome.status === 'Accepted') o.payments.apply(outcome.notification);
    return v16DataTransferResponse(outcome);
  }

  // ---- station → CSMS ----

  const link: CsmsLink = {
    protocol: 'ocpp1.6',
    async bootNotification(): Promise<BootAnswer> {
      // 1.6 BootNotification has no reason.
      const id = o.identity;
      const r = await rpc.call('BootNotification', {
        chargePointVendor: clip(id.vendor, 20),
        chargePointModel: clip(id.model, 20),
        ...(id.serialNumber ? { chargePointSerialNumber: clip(id.serialNumber, 25) } : {}),
        ...(id.firmwareVersion ? { firmwareVersion: clip(id.firmwareVersion, 50) } : {}),
      });
      return { status: r.status, intervalS: r.interval, currentTime: r.currentTime };
    },
    async authorize(idToken) {
      // 1.6 idTag: CiString20.
      const r = await rpc.call('Authorize', { idTag: idToken.idToken.slice(0, 20) });
      return { status: r.idTagInfo.status };
    },
    async heartbeat() {
      return rpc.call('Heartbeat', {});
    },
    async statusNotification(evseId: number, _connectorId: number, _status: ConnectorStatus) {
      // connectorId on 1.6 = the EVSE id (one connector per EVSE); the status is computed when sent.
      // The Charge Point's own status (connector 0) goes with the first one on a connection and after changes.
      await Promise.all([status.send(evseId), status.sendStation()]);
    },
    transactionEvent(event: TxEvent): Promise<TxEventAck> {
      return sendV16TxEvent(txOptions, event);
    },
    async meterValues(evseId: number, sample: MeterSample) {
      const meterValue = v16MeterValues([sample]);
      if (meterValue.length === 0) return;
      // With the ongoing 1.6 transaction's id when there is one.
      const tx = core.evse(evseId)?.transaction();
      const transactionId = tx && !tx.ended ? ids.record(tx.transactionId)?.transactionId : undefined;
      await rpc.call('MeterValues', { connectorId: evseId, ...(transactionId !== undefined ? { transactionId } : {}), meterValue: meterValue as [never, ...never[]] });
    },
  };
  log.debug('OCPP 1.6 adapter attached');
  return link;
}
