// OCPP 2.0.1 / 2.1 adapter: combines the per-block handler files into the CSMS's request handlers and the core's CsmsLink; no rules here.

import type { Logger } from 'pino';
import type { Precheck } from '../../core/context.js';
import type { DeviceModel } from '../../core/device-model/device-model.js';
import type { WebPaymentState } from '../../core/payments/web-payment-state.js';
import type { CsmsPriceInfo } from '../../core/pricing/california-display.js';
import type { CsmsLink } from '../../core/station/csms-link.js';
import type { StationCore } from '../../core/station/station-core.js';
import type { DataTransferRequest, DataTransferResponse } from '../../core/types/v21.js';
import { refuseWhileRejected, type StationIdentity } from '../adapter-common.js';
import { DataTransferRouter } from '../data-transfer-router.js';
import type { RpcConnection } from '../rpc-connection.js';
import { v2Availability } from './availability.js';
import { v2MeterValues } from './meter-values.js';
import { v2Provisioning } from './provisioning.js';
import { v2TariffsAndCost } from './tariffs-and-cost.js';
import { v2Transactions } from './transactions.js';
import type { LinkPart, V2Handlers } from './v2-handlers.js';
import type { V2Protocol } from './tx-event-message.js';
import { v2WebPayments } from './web-payments.js';

export interface V2AdapterOptions {
  /** The connection; 2.0.1 and 2.1 share the message shapes this adapter uses, and every payload is schema-checked for the real protocol. */
  rpc: RpcConnection<'ocpp2.0.1'> | RpcConnection<'ocpp2.1'>;
  protocol: V2Protocol;
  core: StationCore;
  deviceModel: DeviceModel;
  identity: StationIdentity;
  logger: Logger;
  /** Timeout of a TransactionEvent CALL, ms (OCPPCommCtrlr.MessageTimeout). */
  messageTimeoutMs: () => number;
  /** SetVariables checks of the core's blocks. */
  precheck?: Precheck;
  /** Web payments (QR codes): NotifyWebPaymentStarted (2.1) and the whitepaper's DataTransfer messages. */
  payments?: WebPaymentState | undefined;
  /** California pricing on 2.0.1: costmsg DataTransfers, CostUpdated and the cost in TransactionEventResponse. */
  csmsPrices?: CsmsPriceInfo | undefined;
  /** 2.1 tariffs and cost. */
  tariffs?: V2Handlers['tariffs'];
}

/** The handler files, one per functional block; a new block adds its file here. */
const BLOCKS: ReadonlyArray<(h: V2Handlers) => LinkPart> = [v2Provisioning, v2Availability, v2Transactions, v2MeterValues, v2TariffsAndCost, v2WebPayments];

/** Registers the handlers on `rpc` and returns the link the core sends through. */
export function attachV2Adapter(o: V2AdapterOptions): CsmsLink {
  const h: V2Handlers = {
    rpc: o.rpc as RpcConnection<'ocpp2.1'>,
    protocol: o.protocol,
    core: o.core,
    identity: o.identity,
    logger: o.logger,
    gate: () => refuseWhileRejected(o.core),
    messageTimeoutMs: o.messageTimeoutMs,
    dataTransfer: new DataTransferRouter<DataTransferRequest, DataTransferResponse>(() => ({ status: 'UnknownVendorId' })),
    onTransactionEventResponse: [],
    deviceModel: o.deviceModel,
    ...(o.precheck ? { precheck: o.precheck } : {}),
    ...(o.payments ? { payments: o.payments } : {}),
    ...(o.csmsPrices ? { csmsPrices: o.csmsPrices } : {}),
    ...(o.tariffs ? { tariffs: o.tariffs } : {}),
  };
  const parts = BLOCKS.map((block) => block(h));
  h.rpc.handle('DataTransfer', (req) => {
    h.gate();
    return h.dataTransfer.handle(req);
  });
  const link = Object.assign({ protocol: o.protocol }, ...parts) as CsmsLink;
  o.logger.debug({ protocol: o.protocol }, 'OCPP 2.x adapter attached');
  return link;
}
