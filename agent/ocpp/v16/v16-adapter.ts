// OCPP 1.6 (JSON; Core and Remote Trigger profiles, security whitepaper basic auth) adapter: combines the per-block handler
// files into the CSMS's request handlers and the core's CsmsLink over 1.6 messages; it translates, the core decides.
//
// Not offered (answered with CALLERROR NotSupported by the RPC layer): reservations, local auth lists, smart
// charging, firmware and diagnostics. A chargingProfile in RemoteStartTransaction is ignored (no Smart Charging
// profile). Transaction limits: the vendor DataTransfer in limits.ts.

import type { Logger } from 'pino';
import type { DeviceModel } from '../../core/device-model/device-model.js';
import type { WebPaymentState } from '../../core/payments/web-payment-state.js';
import type { CsmsPriceInfo } from '../../core/pricing/california-display.js';
import type { CsmsLink } from '../../core/station/csms-link.js';
import type { StationCore } from '../../core/station/station-core.js';
import { refuseWhileRejected, type StationIdentity } from '../adapter-common.js';
import { DataTransferRouter } from '../data-transfer-router.js';
import type { RpcConnection } from '../rpc-connection.js';
import type { DataTransferRequest, DataTransferResponse } from '../types/v16.js';
import { v16Availability } from './availability.js';
import { v16Limits } from './limits.js';
import { v16MeterValuesBlock } from './meter-values.js';
import { v16Provisioning } from './provisioning.js';
import { v16TariffsAndCost } from './tariffs-and-cost.js';
import { v16Transactions } from './transactions.js';
import type { LinkPart, V16Handlers } from './v16-handlers.js';
import { V16StatusSync } from './v16-status-sync.js';
import { V16TxIds, type KeyValuePort } from './v16-tx-ids.js';
import { v16WebPayments } from './web-payments.js';

export interface V16AdapterOptions {
  rpc: RpcConnection<'ocpp1.6'>;
  core: StationCore;
  deviceModel: DeviceModel;
  identity: StationIdentity;
  logger: Logger;
  /** Durable key-value store for the UUID ↔ 1.6 transactionId mapping (the store's kv table). */
  ids: KeyValuePort;
  /** Web payments (QR codes): the whitepaper's 1.6 DataTransfer forms of NotifyWebPaymentStarted/Failed. */
  payments?: WebPaymentState | undefined;
  /** CSMS price and cost messages (OCA California pricing, org.openchargealliance.costmsg). */
  csmsPrices?: CsmsPriceInfo | undefined;
  /** Timeout of a transaction CALL, ms (OCPPCommCtrlr.MessageTimeout). */
  messageTimeoutMs: () => number;
  /** A connector's 1.6 status changed (California pricing atCPStatus). */
  onChargePointStatus?: (evseId: number, status: string) => void;
}

/** The handler files, one per functional block; a new block adds its file here. */
const BLOCKS: ReadonlyArray<(h: V16Handlers) => LinkPart> = [
  v16Provisioning,
  v16Availability,
  v16Transactions,
  v16MeterValuesBlock,
  v16Limits,
  v16TariffsAndCost,
  v16WebPayments,
];

/** Registers the 1.6 handlers on `rpc` and returns the link the core sends through; detaches itself when the connection closes. */
export function attachV16Adapter(o: V16AdapterOptions): CsmsLink {
  const { rpc, core } = o;
  const log = o.logger.child({ ocpp: 'ocpp1.6' });
  const status = new V16StatusSync({ rpc, core, logger: log, ...(o.onChargePointStatus ? { onStatus: o.onChargePointStatus } : {}) });
  status.start();
  rpc.on('close', () => status.stop());
  const h: V16Handlers = {
    rpc,
    core,
    deviceModel: o.deviceModel,
    identity: o.identity,
    logger: log,
    gate: () => refuseWhileRejected(core),
    ids: new V16TxIds(o.ids, log),
    status,
    messageTimeoutMs: o.messageTimeoutMs,
    dataTransfer: new DataTransferRouter<DataTransferRequest, DataTransferResponse>(() => ({ status: 'UnknownVendorId' })),
    ...(o.payments ? { payments: o.payments } : {}),
    ...(o.csmsPrices ? { csmsPrices: o.csmsPrices } : {}),
  };
  const parts = BLOCKS.map((block) => block(h));
  rpc.handle('DataTransfer', (req) => {
    h.gate();
    return h.dataTransfer.handle(req);
  });
  const link = Object.assign({ protocol: 'ocpp1.6' as const }, ...parts) as CsmsLink;
  log.debug('OCPP 1.6 adapter attached');
  return link;
}
