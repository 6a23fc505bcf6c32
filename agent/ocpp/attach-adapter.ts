// Attaches the adapter of the negotiated OCPP version to a new connection and returns the link the core sends through.

import type { Logger } from 'pino';
import type { KeyValuePort, Precheck } from '../core/context.js';
import type { DeviceModel } from '../core/device-model/device-model.js';
import type { WebPaymentState } from '../core/payments/web-payment-state.js';
import type { CsmsPriceInfo } from '../core/pricing/california-display.js';
import type { CsmsLink } from '../core/station/csms-link.js';
import type { StationCore } from '../core/station/station-core.js';
import type { AnyRpcConnection, RpcConnection } from './rpc-connection.js';
import type { StationIdentity } from './adapter-common.js';
import { attachV2Adapter, type V2AdapterOptions } from './v2/v2-adapter.js';
import { attachV16Adapter } from './v16/v16-adapter.js';

/** What the adapters translate to and from: the core, its blocks' services, and the station's identity. */
export interface AdapterDeps {
  core: StationCore;
  deviceModel: DeviceModel;
  identity: StationIdentity;
  logger: Logger;
  /** Durable kv table (the 1.6 transactionId mapping). */
  kv: KeyValuePort;
  messageTimeoutMs: () => number;
  /** SetVariables checks of the blocks. */
  precheck: Precheck;
  payments?: WebPaymentState;
  csmsPrices?: CsmsPriceInfo;
  /** A connector's 1.6 ChargePointStatus changed (California pricing atCPStatus). */
  onChargePointStatus?: (evseId: number, status: string) => void;
  /** 2.1 tariffs and cost. */
  tariffs?: V2AdapterOptions['tariffs'];
}

export function attachAdapter(rpc: AnyRpcConnection, protocol: string, d: AdapterDeps): CsmsLink {
  const common = { core: d.core, identity: d.identity, logger: d.logger, messageTimeoutMs: d.messageTimeoutMs, payments: d.payments, csmsPrices: d.csmsPrices };
  if (protocol === 'ocpp1.6') {
    return attachV16Adapter({
      ...common,
      rpc: rpc as RpcConnection<'ocpp1.6'>,
      deviceModel: d.deviceModel,
      ids: d.kv,
      ...(d.onChargePointStatus ? { onChargePointStatus: d.onChargePointStatus } : {}),
    });
  }
  return attachV2Adapter({
    ...common,
    rpc: rpc as RpcConnection<'ocpp2.1'>,
    protocol: protocol as 'ocpp2.0.1' | 'ocpp2.1',
    deviceModel: d.deviceModel,
    precheck: d.precheck,
    ...(d.tariffs ? { tariffs: d.tariffs } : {}),
  });
}
