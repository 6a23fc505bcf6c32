// Shared types of the CSMS simulator: options, the message log records, prepaid payments and receipts.

import type pino from 'pino';
import type { OcppProtocol } from '../../agent/ocpp/rpc-errors.js';
import type {
  AuthorizationStatusEnumType,
  RegistrationStatusEnumType,
  TransactionEventRequest,
} from '../../agent/core/types/v21.js';

/** The OCPP versions the simulator speaks (never 1.6). */
export type CsmsProtocol = Extract<OcppProtocol, 'ocpp2.0.1' | 'ocpp2.1'>;

/** What the simulator answers to a BootNotification. */
export interface BootConfig {
  status: RegistrationStatusEnumType;
  /** Heartbeat interval (Accepted) or retry interval (Pending/Rejected), in seconds (integer >= 0). */
  interval: number;
}

/** How a payment was made (the flow it stands for). */
export type PaymentMethod = 'mpesa' | 'upi' | 'card' | 'terminal';

export const PAYMENT_METHODS: readonly PaymentMethod[] = ['mpesa', 'upi', 'card', 'terminal'];

/** The simulator's TLS server settings (PEM). */
export interface CsmsTlsOptions {
  /** The CSMS certificate (chain) and its key. */
  cert: string | Buffer;
  key: string | Buffer;
  /** CA(s) a station's client certificate must chain to (profile 3). */
  ca?: string | Buffer;
  /**
   * Profile 3: a station must present a client certificate from `ca` (else the TLS handshake fails)
   * whose subject CN is its station id (else HTTP 401).
   */
  requireClientCert?: boolean;
}

export interface CsmsSimOptions {
  /** TCP port to listen on; 0 (default) picks a free port (listen() resolves with it). */
  port?: number;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /**
   * Subprotocols the simulator supports (default ['ocpp2.1', 'ocpp2.0.1']). The one used is the first of the
   * station's offered list that is in this set, in the station's order (2.1 part 4 section 3.1.2: the client lists
   * its versions "in order of preference").
   */
  protocols?: CsmsProtocol[];
  /**
   * HTTP Basic passwords by station id (security profile 1). When set, a station must present
   * `Authorization: Basic base64(<stationId>:<password>)`; a wrong, missing or unknown one gets HTTP 401.
   */
  passwords?: Record<string, string>;
  /** Serve wss:// (security profiles 2 and 3) instead of ws://. */
  tls?: CsmsTlsOptions;
  /** Answer to BootNotification (default Accepted, interval 300 s); change at run time with setBoot()/queueBoot(). */
  boot?: BootConfig;
  /** Price per kWh in `currency` (> 0), used for prepaid limits and receipts. */
  pricePerKwh: number;
  /** ISO 4217 currency code (e.g. 'KES', 'INR', 'EUR'); its minor unit decides how costs are rounded. */
  currency: string;
  /**
   * The "old way" of prepaid charging (for comparison benchmarks): send no transactionLimit; instead send
   * RequestStopTransaction when a MeterValuePeriodic TransactionEvent shows the paid energy was reached.
   */
  stopFromMeterValues?: boolean;
  /**
   * Vendor ids DataTransfer knows; a DataTransfer with another vendorId is answered UnknownVendorId.
   * Undefined (default): every DataTransfer is answered Accepted.
   */
  knownVendorIds?: string[];
  /**
   * Answer non-BootNotification CALLs with CALLERROR SecurityError while the station's boot is not Accepted
   * (B02.FR.09, B03.FR.07), except NotifyReport and messages the simulator triggered, while Pending. Default true.
   */
  enforceBootState?: boolean;
  /** Timeout of CALLs the simulator sends to a station, in ms (default 10000). */
  callTimeoutMs?: number;
  /** Logger (default: silent). */
  logger?: pino.Logger;
}

/** Kind of an OCPP-J frame in the log. */
export type FrameKind = 'CALL' | 'CALLRESULT' | 'CALLERROR' | 'CALLRESULTERROR' | 'SEND' | 'invalid';

/** One WebSocket text message to or from a station, as sent, with what could be parsed of it. */
export interface MessageRecord {
  /** Position in the station's log (0-based, across reconnections). */
  index: number;
  /** ISO 8601 time the frame was received or handed to the socket. */
  time: string;
  /** 'in': from the station; 'out': to the station. */
  direction: 'in' | 'out';
  /** The frame text exactly as on the wire. */
  raw: string;
  kind: FrameKind;
  /** MessageId ('' when unreadable). */
  messageId: string;
  /** The action: of the CALL/SEND itself, or of the CALL a CALLRESULT/CALLERROR answers ('' when unknown). */
  action: string;
  /** CALL/SEND/CALLRESULT payload; for errors {errorCode, errorDescription, errorDetails}. */
  payload: Record<string, unknown>;
  /** Which connection of this station carried it (1 for the first, counting reconnections). */
  connection: number;
}

/** A connector status reported with StatusNotification. */
export interface ConnectorStatusRecord {
  evseId: number;
  connectorId: number;
  status: string;
  /** The timestamp the station reported. */
  timestamp: string;
}

/** One transaction as the simulator saw it. */
export interface TransactionRecord {
  transactionId: string;
  /** Every TransactionEvent of it, in the order received (a resent event appears again). */
  events: TransactionEventRequest[];
  evseId?: number;
  connectorId?: number;
  /** The latest eventType received ('Ended' once it ended). */
  eventType: TransactionEventRequest['eventType'];
  chargingState?: string;
  stoppedReason?: string;
  idToken?: { idToken: string; type: string };
  remoteStartId?: number;
  /** Energy register (Energy.Active.Import.Register) at Transaction.Begin (or the first reading), in Wh. */
  beginWh?: number;
  /** Energy register at Transaction.End, in Wh. */
  endWh?: number;
  /** Latest energy register reading, in Wh. */
  lastWh?: number;
  /** Timestamp of the Started event (or the first event received). */
  startedAt: string;
  /** Timestamp of the Ended event. */
  endedAt?: string;
}

/** Result of checking a transaction's seqNo values. */
export interface SeqNoReport {
  /** seqNo values in arrival order. */
  seqNos: number[];
  /** seqNo values received more than once. */
  duplicates: number[];
  /** seqNo values missing between the lowest and the highest received. */
  gaps: number[];
}

export interface PayRequest {
  stationId: string;
  /** EVSE to start on; omitted: the station chooses. */
  evseId?: number;
  /** Amount paid, in `currency` (> 0). */
  amount: number;
  /** Defaults to the simulator's currency; must equal it (no conversion). */
  currency?: string;
  method: PaymentMethod;
  /**
   * How the paid amount limits the session: 'energy' (default) sends maxEnergy worth the amount at the
   * CSMS's price; 'cost' sends maxCost = the amount, and the station prices the session with its tariff.
   */
  limitBy?: 'energy' | 'cost';
  /** Payment reference (e.g. M-PESA receipt number, UPI transaction ref); generated when omitted. Letters, digits, '-', '_', at most 30. */
  reference?: string;
}

/** A payment the simulator turned into a remote start. */
export interface PrepaidPayment {
  stationId: string;
  evseId?: number;
  method: PaymentMethod;
  reference: string;
  currency: string;
  /** Total paid including top-ups. */
  paid: number;
  /** The idToken issued for it ('Central', 'PAY-<reference>'). */
  idToken: { idToken: string; type: 'Central' };
  remoteStartId: number;
  /** Energy the payment buys: floor(paid / pricePerKwh * 1000) Wh. */
  maxEnergyWh: number;
  /** The transaction it started, once known. */
  transactionId?: string;
  /** maxEnergy last sent to the station in a TransactionEventResponse (Wh). */
  limitSentWh?: number;
  /** 'cost': the limit sent is maxCost = paid. */
  limitBy?: 'energy' | 'cost';
  /** The maxCost last sent. */
  limitSentCost?: number;
  /** A time limit the CSMS also sets, s (e.g. a parking-time product); sent with the energy limit. */
  maxTimeS?: number;
  /** The maxTime last sent to the station, s. */
  limitSentTimeS?: number;
  /** maxEnergy the station reported in force (transactionInfo.transactionLimit / customData), in Wh. */
  limitConfirmedWh?: number;
  /** stopFromMeterValues: RequestStopTransaction was sent. */
  stopRequested?: boolean;
  /** 'pending' until the transaction is known, 'charging', 'settled', or 'failed' (start rejected / not sent). */
  state: 'pending' | 'charging' | 'settled' | 'failed';
  /** RequestStartTransaction status, or why it failed. */
  startStatus?: string;
  receipt?: Receipt;
}

/** What pay() resolves with. */
export interface PayResult {
  remoteStartId: number;
  idToken: string;
  maxEnergyWh: number;
  /** RequestStartTransactionResponse.status. */
  status: string;
  /** transactionId when the station already had a transaction (RequestStartTransactionResponse.transactionId). */
  transactionId?: string;
  reference: string;
}

/** The settlement of a prepaid session. */
export interface Receipt {
  stationId: string;
  /** Undefined when no transaction started (start rejected): the whole amount is refunded. */
  transactionId?: string;
  method: PaymentMethod;
  reference: string;
  idToken: string;
  currency: string;
  pricePerKwh: number;
  paid: number;
  /** Energy delivered, in Wh (Transaction.End minus Transaction.Begin register, or the meter values). */
  energyWh: number;
  /** energyWh / 1000 * pricePerKwh, rounded to the currency's minor unit. */
  cost: number;
  /** paid - cost, never negative. */
  refund: number;
  /** The energy limit the payment bought, in Wh. */
  limitWh: number;
  stoppedReason?: string;
  startedAt?: string;
  endedAt?: string;
}

/** Authorization status the simulator answers for an idToken (default for unknown tokens: Accepted). */
export type TokenStatus = AuthorizationStatusEnumType;
