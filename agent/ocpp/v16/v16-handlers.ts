// What every OCPP 1.6 block handler file gets: the connection, the core, the gate, the transaction ids, the status sync and the DataTransfer router.

import type { Logger } from 'pino';
import type { DeviceModel } from '../../core/device-model/device-model.js';
import type { WebPaymentState } from '../../core/payments/web-payment-state.js';
import type { CsmsPriceInfo } from '../../core/pricing/california-display.js';
import type { CsmsLink } from '../../core/station/csms-link.js';
import type { StationCore } from '../../core/station/station-core.js';
import type { StationIdentity } from '../adapter-common.js';
import type { DataTransferRouter } from '../data-transfer-router.js';
import type { RpcConnection } from '../rpc-connection.js';
import type { DataTransferRequest, DataTransferResponse } from '../types/v16.js';
import type { V16StatusSync } from './v16-status-sync.js';
import type { V16TxIds } from './v16-tx-ids.js';

export interface V16Handlers {
  rpc: RpcConnection<'ocpp1.6'>;
  core: StationCore;
  deviceModel: DeviceModel;
  identity: StationIdentity;
  logger: Logger;
  /** Called first by every handler: refuses requests while the boot is Rejected. */
  gate(): void;
  /** The agent's transaction UUIDs ↔ the CSMS's integer 1.6 transactionIds. */
  ids: V16TxIds;
  /** The 1.6 statuses (ChargePointStatus per connector and connector 0). */
  status: V16StatusSync;
  /** Timeout of a transaction CALL, ms (OCPPCommCtrlr.MessageTimeout). */
  messageTimeoutMs(): number;
  dataTransfer: DataTransferRouter<DataTransferRequest, DataTransferResponse>;
  payments?: WebPaymentState;
  csmsPrices?: CsmsPriceInfo;
}

/** The part of the CsmsLink a block's handler file implements. */
export type LinkPart = Partial<Omit<CsmsLink, 'protocol'>>;
