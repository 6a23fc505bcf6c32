// What every OCPP 2.x block handler file gets: the connection, the core, the gate, the DataTransfer router and the blocks' services.

import type { Logger } from 'pino';
import type { Precheck } from '../../core/context.js';
import type { DeviceModel } from '../../core/device-model/device-model.js';
import type { CostTracker } from '../../core/tariffs/cost-tracker.js';
import type { TariffStore } from '../../core/tariffs/tariff-store.js';
import type { WebPaymentState } from '../../core/payments/web-payment-state.js';
import type { CsmsPriceInfo } from '../../core/pricing/california-display.js';
import type { CsmsLink } from '../../core/station/csms-link.js';
import type { StationCore } from '../../core/station/station-core.js';
import type { TxEvent } from '../../core/transactions/tx-types.js';
import type { StationIdentity } from '../adapter-common.js';
import type { DataTransferRouter } from '../data-transfer-router.js';
import type { RpcConnection } from '../rpc-connection.js';
import type { DataTransferRequest, DataTransferResponse, TransactionEventResponse } from '../../core/types/v21.js';
import type { V2Protocol } from './tx-event-message.js';

export interface V2Handlers {
  /** 2.0.1 and 2.1 share the message shapes used here (2.1 only adds optional fields); payloads are schema-checked for the real protocol. */
  rpc: RpcConnection<'ocpp2.1'>;
  protocol: V2Protocol;
  core: StationCore;
  identity: StationIdentity;
  logger: Logger;
  /** Called first by every handler: refuses requests while the boot is Rejected. */
  gate(): void;
  /** Timeout of a TransactionEvent CALL, ms (OCPPCommCtrlr.MessageTimeout). */
  messageTimeoutMs(): number;
  dataTransfer: DataTransferRouter<DataTransferRequest, DataTransferResponse>;
  /** Listeners of every TransactionEventResponse (California pricing reads the cost in it). */
  onTransactionEventResponse: Array<(event: TxEvent, response: TransactionEventResponse) => void>;
  deviceModel: DeviceModel;
  /** SetVariables checks of the core's blocks. */
  precheck?: Precheck;
  payments?: WebPaymentState;
  csmsPrices?: CsmsPriceInfo;
  /** 2.1 tariffs and cost; onChanged refreshes what the display shows. */
  tariffs?: { store: TariffStore; costs: CostTracker; onChanged: () => void };
}

/** The part of the CsmsLink a block's handler file implements. */
export type LinkPart = Partial<Omit<CsmsLink, 'protocol'>>;
