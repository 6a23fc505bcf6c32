// Answers the CALLs a station sends to the CSMS simulator (BootNotification, TransactionEvent, ...) and records what they carry.

import type { TariffType } from '../../agent/core/types/v21.js';
import type pino from 'pino';
import type { AnyRpcConnection, RequestOf, ResponseOf, RpcConnection } from '../../agent/ocpp/rpc-connection.js';
import { RpcError } from '../../agent/ocpp/rpc-errors.js';
import type {
  IdTokenInfoType,
  IdTokenType,
  TransactionEventRequest,
  TransactionEventResponse,
  V21Calls,
} from '../../agent/core/types/v21.js';
import type { BootConfig, TransactionRecord } from './csms-types.js';
import type { StationSession } from './station-session.js';

/** What the handlers need from the simulator. */
export interface HandlerBackend {
  /** Answer B02.FR.09 / B03.FR.07 SecurityError to CALLs sent before the boot was Accepted. */
  readonly enforceBootState: boolean;
  /** undefined: every DataTransfer Accepted; else others get UnknownVendorId. */
  readonly knownVendorIds: readonly string[] | undefined;
  readonly logger: pino.Logger;
  /** The BootNotificationResponse status and interval for this boot (may consume a queued answer). */
  bootAnswer(session: StationSession): BootConfig;
  /** A driver-specific tariff to send with the Authorize answer (2.1), if any. */
  driverTariff?(idToken: string): TariffType | undefined;
  /** idTokenInfo for a token (Authorize, TransactionEvent). */
  tokenInfo(idToken: IdTokenType): IdTokenInfoType;
  /** The TransactionEventResponse for a recorded event (prepaid limits, settlement). */
  transactionEventResponse(session: StationSession, event: TransactionEventRequest, tx: TransactionRecord): TransactionEventResponse;
}

/** Station-to-CSMS CALLs whose response is an empty object: acknowledged and kept in the log. */
const ACKNOWLEDGED = [
  'MeterValues',
  'NotifyEvent',
  'SecurityEventNotification',
  'FirmwareStatusNotification',
  'LogStatusNotification',
  'NotifyMonitoringReport',
  'NotifyChargingLimit',
  'ClearedChargingLimit',
  'ReportChargingProfiles',
  'NotifyCustomerInformation',
  'NotifyDisplayMessages',
  'PublishFirmwareStatusNotification',
] as const;

type Station21 = RpcConnection<'ocpp2.1'>;

/** Registers the simulator's answers on a station's new connection. */
export function registerStationHandlers(connection: AnyRpcConnection, session: StationSession, backend: HandlerBackend): void {
  // Handlers are written with the 2.1 types; the payloads of 2.0.1 are a subset, and responses differ only in fields
  // the backend adds per protocol. The RpcConnection validates everything against the connection's own schemas.
  const conn = connection as unknown as Station21;
  const now = () => new Date().toISOString();

  /** B02.FR.09 / B03.FR.07: only BootNotification (and, while Pending, reports and triggered messages) before Accepted. */
  const gate = (action: string) => {
    if (!backend.enforceBootState || action === 'BootNotification') return;
    const status = session.bootStatus;
    // undefined: no BootNotification on this simulator yet (e.g. the station reconnected after a CSMS restart).
    if (status === undefined || status === 'Accepted') return;
    if (status === 'Pending' && session.pendingAllowed.has(action)) return;
    session.violations.push(action);
    throw new RpcError('SecurityError', `${action} is not allowed while the registration status is ${status} (send BootNotification first)`);
  };

  const handle = <A extends keyof V21Calls & string>(
    action: A,
    fn: (payload: RequestOf<'ocpp2.1', A>) => ResponseOf<'ocpp2.1', A> | Promise<ResponseOf<'ocpp2.1', A>>,
  ) => {
    conn.handle(action, (payload) => {
      gate(action);
      return fn(payload);
    });
  };

  handle('BootNotification', (req) => {
    session.bootRequest = req;
    const answer = backend.bootAnswer(session);
    session.bootStatus = answer.status;
    if (answer.status === 'Accepted') {
      session.pendingAllowed.clear();
      session.pendingAllowed.add('NotifyReport');
    }
    return { currentTime: now(), interval: answer.interval, status: answer.status };
  });

  handle('Heartbeat', () => {
    session.lastHeartbeat = now();
    return { currentTime: now() };
  });

  handle('StatusNotification', (req) => {
    session.recordStatus(req.evseId, req.connectorId, req.connectorStatus, req.timestamp);
    return {};
  });

  handle('NotifyReport', (req) => {
    session.recordReport(req);
    return {};
  });

  handle('Authorize', (req) => {
    const tariff = session.protocol === 'ocpp2.1' ? backend.driverTariff?.(req.idToken.idToken) : undefined;
    return { idTokenInfo: backend.tokenInfo(req.idToken), ...(tariff ? { tariff } : {}) };
  });

  handle('DataTransfer', (req) => {
    const known = backend.knownVendorIds;
    return { status: known === undefined || known.includes(req.vendorId) ? ('Accepted' as const) : ('UnknownVendorId' as const) };
  });

  handle('TransactionEvent', (req) => {
    const tx = session.recordTransactionEvent(req);
    return backend.transactionEventResponse(session, req, tx);
  });

  for (const action of ACKNOWLEDGED) handle(action, () => ({}));
}
