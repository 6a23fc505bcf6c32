// CsmsSim: a small OCPP 2.0.1 / 2.1 CSMS for the demo and the tests: accepts stations, answers them, runs prepaid sessions.

import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import pino from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RequestOf, ResponseOf, RpcCloseInfo } from '../../agent/ocpp/rpc-connection.js';
import { RpcError } from '../../agent/ocpp/rpc-errors.js';
import type {
  GetBaseReportRequest,
  IdTokenInfoType,
  IdTokenType,
  ReportDataType,
  RequestStopTransactionResponse,
  TransactionEventRequest,
  TransactionEventResponse,
  TariffType,
} from '../../agent/core/types/v21.js';
import { TypedEmitter } from '../../agent/ocpp/typed-emitter.js';
import { registerStationHandlers, type HandlerBackend } from './csms-handlers.js';
import type {
  BootConfig,
  CsmsProtocol,
  CsmsSimOptions,
  MessageRecord,
  PayRequest,
  PayResult,
  PrepaidPayment,
  Receipt,
  TokenStatus,
  TransactionRecord,
} from './csms-types.js';
import { csmsState } from './csms-state.js';
import { applyPrepaidLimit, requestPaidStart } from './prepaid-ops.js';
import { PrepaidBook } from './prepaid-sessions.js';
import { makeReceipt } from './receipt.js';
import { StationSession, type CsmsAction, type WaitOptions } from './station-session.js';
import { admit, createStationServer, refuse, stationIdFromPath } from './station-upgrade.js';
import { nextEvent, waitForBoot, waitForMessage, waitForResponse, waitForStatus, waitForTransactionEvent } from './csms-waits.js';

export interface CsmsSimEvents {
  connected: [session: StationSession];
  disconnected: [session: StationSession, info: RpcCloseInfo];
  /** Every frame in or out of any station. */
  message: [stationId: string, record: MessageRecord];
  /** A TransactionEvent was recorded (before it is answered). */
  transactionEvent: [stationId: string, event: TransactionEventRequest, tx: TransactionRecord];
  /** A payment was confirmed (before RequestStartTransaction is sent). */
  payment: [payment: PrepaidPayment];
  /** A prepaid session was settled (transaction ended, or the start failed: full refund). */
  receipt: [receipt: Receipt];
  /** A connection attempt was refused (HTTP status) or closed for want of a common subprotocol. */
  refused: [info: { stationId: string | undefined; status: number; reason: string }];
}

const SUPPORTED: readonly CsmsProtocol[] = ['ocpp2.1', 'ocpp2.0.1'];

export { parseBasicAuth, stationIdFromPath } from './station-upgrade.js';

/** The CSMS simulator. Create, listen(), let stations connect, drive it (pay, call), close(). */
export class CsmsSim extends TypedEmitter<CsmsSimEvents> implements HandlerBackend {
  readonly pricePerKwh: number;
  readonly currency: string;
  readonly stopFromMeterValues: boolean;
  readonly enforceBootState: boolean;
  readonly knownVendorIds: readonly string[] | undefined;
  readonly logger: pino.Logger;
  /** Every prepaid payment. */
  readonly book: PrepaidBook;
  /** Every receipt, in settlement order. */
  readonly receipts: Receipt[] = [];

  private readonly host: string;
  private readonly requestedPort: number;
  private readonly protocols: ReadonlySet<CsmsProtocol>;
  private readonly passwords: Record<string, string> | undefined;
  private readonly callTimeoutMs: number;
  private boot: BootConfig;
  private readonly bootQueue: BootConfig[] = [];
  private readonly tokenStatuses = new Map<string, TokenStatus>();
  private readonly driverTariffs = new Map<string, TariffType>();
  private readonly sessions = new Map<string, StationSession>();
  private readonly server: Server;
  private readonly requireClientCert: boolean;
  /** Profile 3: the subject CN of each station's client certificate, as presented on its last connection. */
  readonly clientCertificates = new Map<string, string>();
  private readonly wss: WebSocketServer;
  private boundPort: number | undefined;
  private nextReportId = 1;

  constructor(options: CsmsSimOptions) {
    super();
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.pricePerKwh = options.pricePerKwh;
    this.currency = options.currency;
    this.book = new PrepaidBook(options.pricePerKwh, options.currency); // validates price and currency
    this.stopFromMeterValues = options.stopFromMeterValues ?? false;
    this.enforceBootState = options.enforceBootState ?? true;
    this.knownVendorIds = options.knownVendorIds;
    this.host = options.host ?? '127.0.0.1';
    this.requestedPort = options.port ?? 0;
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
    const protocols = options.protocols ?? [...SUPPORTED];
    for (const p of protocols) if (!SUPPORTED.includes(p)) throw new RangeError(`protocol ${String(p)} is not supported by the CSMS simulator (${SUPPORTED.join(', ')})`);
    if (protocols.length === 0) throw new RangeError('protocols must name at least one of ' + SUPPORTED.join(', '));
    this.protocols = new Set(protocols);
    this.passwords = options.passwords;
    this.boot = options.boot ?? { status: 'Accepted', interval: 300 };
    this.checkBoot(this.boot);
    this.wss = new WebSocketServer({
      noServer: true,
      // RFC 7692 compression: "Required" for a CSMS (2.0.1 part 4 section 3.3).
      perMessageDeflate: true,
      handleProtocols: (offered: Set<string>) => {
        for (const p of offered) if (this.protocols.has(p as CsmsProtocol)) return p;
        return false;
      },
    });
    const tls = options.tls;
    this.requireClientCert = tls?.requireClientCert === true;
    this.server = createStationServer(tls);
    if (tls) this.server.on('tlsClientError', (err: Error) => this.emit('refused', { stationId: undefined, status: 0, reason: `TLS handshake failed: ${err.message}` }));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  // ---------------------------------------------------------------- lifecycle

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.requestedPort, this.host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        this.boundPort = typeof addr === 'object' && addr ? addr.port : this.requestedPort;
        this.logger.info({ host: this.host, port: this.boundPort }, 'CSMS simulator listening');
        resolve(this.boundPort);
      });
    });
  }

  /** The bound port (after listen()). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('CsmsSim is not listening; call listen() first');
    return this.boundPort;
  }

  /** The OCPP-J endpoint URL stations append their id to: ws://host:port/ocpp. */
  get url(): string {
    return `ws://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}/ocpp`;
  }

  /** Closes every station connection and the server. */
  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    if (this.server.listening) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
  }

  // ---------------------------------------------------------------- configuration at run time

  /** Sets the BootNotification answer for every later boot. */
  setBoot(boot: BootConfig): void {
    this.checkBoot(boot);
    this.boot = boot;
  }

  /** Queues one-shot BootNotification answers, used (in order, by any station) before falling back to setBoot's. */
  queueBoot(...answers: BootConfig[]): void {
    for (const a of answers) this.checkBoot(a);
    this.bootQueue.push(...answers);
  }

  /** Sends `tariff` with the Authorize answer for `idToken` (2.1 driver-specific tariff, I08). */
  setDriverTariff(idToken: string, tariff: TariffType): void {
    this.driverTariffs.set(idToken.toLowerCase(), tariff);
  }

  /** @internal */
  driverTariff(idToken: string): TariffType | undefined {
    return this.driverTariffs.get(idToken.toLowerCase());
  }

  /** Sets the status answered for an idToken (Authorize, TransactionEvent); unknown tokens are Accepted. */
  setTokenStatus(idToken: string, status: TokenStatus): void {
    this.tokenStatuses.set(idToken.toLowerCase(), status);
  }

  private checkBoot(b: BootConfig): void {
    if (!['Accepted', 'Pending', 'Rejected'].includes(b.status)) throw new RangeError(`boot status must be Accepted, Pending or Rejected, got ${String(b.status)}`);
    if (!Number.isInteger(b.interval) || b.interval < 0) throw new RangeError(`boot interval must be an integer >= 0 seconds, got ${b.interval}`);
  }

  // ---------------------------------------------------------------- stations

  /** The session of a station that has connected at least once. */
  station(id: string): StationSession | undefined {
    return this.sessions.get(id);
  }

  /** Every station seen, in order of first connection. */
  stations(): StationSession[] {
    return [...this.sessions.values()];
  }

  /** The session of a connected station; throws naming the station otherwise. */
  connectedStation(id: string): StationSession {
    const s = this.sessions.get(id);
    if (!s?.connected) throw new RpcError('ConnectionClosed', `station ${id} is not connected`);
    return s;
  }

  /** Sends a CALL to a connected station (see StationSession.call). */
  call<A extends CsmsAction>(stationId: string, action: A, payload: RequestOf<'ocpp2.1', A>): Promise<ResponseOf<'ocpp2.1', A>> {
    const s = this.sessions.get(stationId);
    if (!s) return Promise.reject(new RpcError('ConnectionClosed', `station ${stationId} has never connected; ${action} not sent`));
    return s.call(action, payload);
  }

  /** Resolves with the station's session once it is connected (at once if it is). */
  waitForStation(id: string, timeoutMs = 5000): Promise<StationSession> {
    const s = this.sessions.get(id);
    if (s?.connected) return Promise.resolve(s);
    const subscribe = (l: (session: StationSession) => void) => (this.on('connected', l), () => this.off('connected', l));
    return nextEvent(subscribe, (session) => session.id === id, timeoutMs, `station ${id} to connect`);
  }

  /** Waits (one timeout for both) for the station to connect and then for a log record matching `predicate`. */
  waitForMessage(stationId: string, predicate: (r: MessageRecord) => boolean, timeoutMs = 5000, opts: WaitOptions = {}): Promise<MessageRecord> {
    return waitForMessage(this, stationId, predicate, timeoutMs, opts);
  }

  /** Resolves with the station's first BootNotificationRequest answered (with `status`, if given). */
  waitForBoot(stationId: string, status?: BootConfig['status'], timeoutMs = 5000, opts: WaitOptions = {}): Promise<MessageRecord> {
    return waitForBoot(this, stationId, status, timeoutMs, opts);
  }

  /** Resolves with the first TransactionEvent from the station matching `predicate` (logged ones count; see WaitOptions). */
  waitForTransactionEvent(
    stationId: string,
    predicate: (event: TransactionEventRequest) => boolean = () => true,
    timeoutMs = 5000,
    opts: WaitOptions = {},
  ): Promise<TransactionEventRequest> {
    return waitForTransactionEvent(this, stationId, predicate, timeoutMs, opts);
  }

  /** Resolves with the response the simulator sent to an incoming CALL (by its MessageId). */
  waitForResponse(stationId: string, messageId: string, timeoutMs = 5000): Promise<MessageRecord> {
    return waitForResponse(this, stationId, messageId, timeoutMs);
  }

  /** Resolves once the connector's latest StatusNotification says `status`. */
  waitForStatus(stationId: string, evseId: number, connectorId: number, status: string, timeoutMs = 5000): Promise<void> {
    return waitForStatus(this, stationId, evseId, connectorId, status, timeoutMs);
  }

  /** Resolves with the first receipt matching `predicate` (receipts already issued count). */
  waitForReceipt(predicate: (r: Receipt) => boolean = () => true, timeoutMs = 5000): Promise<Receipt> {
    const found = this.receipts.find(predicate);
    if (found) return Promise.resolve(found);
    const subscribe = (l: (r: Receipt) => void) => (this.on('receipt', l), () => this.off('receipt', l));
    return nextEvent(subscribe, predicate, timeoutMs, 'a receipt');
  }

  /** The station that has a transaction with this id. */
  stationOfTransaction(transactionId: string): StationSession | undefined {
    return this.stations().find((s) => s.transactions.has(transactionId));
  }

  /**
   * Sends GetBaseReport (new requestId) and resolves with the report data once the last NotifyReport part arrived.
   * Rejects when the station does not accept the request or the report does not complete within `timeoutMs`.
   */
  async getBaseReport(stationId: string, reportBase: GetBaseReportRequest['reportBase'] = 'FullInventory', timeoutMs = 10_000): Promise<ReportDataType[]> {
    const session = this.connectedStation(stationId);
    const requestId = this.nextReportId++;
    const from = session.mark();
    const res = await session.call('GetBaseReport', { requestId, reportBase });
    if (res.status !== 'Accepted') throw new Error(`station ${stationId} answered GetBaseReport ${reportBase} with ${res.status}`);
    // A part is recorded by its handler after the frame is logged: wait for our answer to the part (an 'out' record).
    await session.waitFor(
      (r) => r.direction === 'out' && r.action === 'NotifyReport' && session.report(requestId) !== undefined,
      timeoutMs,
      { fromIndex: from, what: `the last NotifyReport of request ${requestId}` },
    );
    return session.report(requestId) ?? [];
  }

  // ---------------------------------------------------------------- prepaid sessions

  /**
   * "Payment confirmed": issues an idToken (Central, 'PAY-<reference>'), sends RequestStartTransaction with a new
   * remoteStartId, and remembers the energy limit the amount buys. When the station rejects the start (or the CALL
   * fails) the payment is settled at once with a full refund (a receipt is emitted); a failed CALL also rejects.
   * Throws RangeError for bad input and RpcError ConnectionClosed when the station is not connected.
   */
  async pay(req: PayRequest): Promise<PayResult> {
    const session = this.connectedStation(req.stationId);
    const payment = this.book.create(req);
    this.logger.info({ station: req.stationId, reference: payment.reference, paid: payment.paid, maxEnergyWh: payment.maxEnergyWh }, 'payment confirmed');
    this.emit('payment', payment);
    return requestPaidStart(session, payment, this.book, (p) => this.failPayment(p));
  }

  /** Adds to a running prepaid transaction (incremental pre-authorisation): the next TransactionEventResponse raises the limit. */
  topUp(transactionId: string, amount: number): PrepaidPayment {
    const p = this.book.topUp(transactionId, amount);
    this.logger.info({ transactionId, paid: p.paid, maxEnergyWh: p.maxEnergyWh }, 'prepaid top-up');
    return p;
  }

  /** Sends RequestStopTransaction for a transaction to the station that has it. */
  async stop(transactionId: string): Promise<RequestStopTransactionResponse> {
    const station = this.stationOfTransaction(transactionId) ?? this.stations().find((s) => this.book.byTransaction(transactionId)?.stationId === s.id);
    if (!station) throw new RangeError(`no station has transaction ${transactionId}`);
    return station.call('RequestStopTransaction', { transactionId });
  }

  private failPayment(payment: PrepaidPayment): void {
    payment.state = 'failed';
    this.settle(payment, undefined);
  }

  private settle(payment: PrepaidPayment, tx: TransactionRecord | undefined): Receipt {
    const receipt = makeReceipt(payment, this.pricePerKwh, tx);
    if (payment.state !== 'failed') payment.state = 'settled';
    payment.receipt = receipt;
    this.receipts.push(receipt);
    this.logger.info({ receipt }, 'prepaid session settled');
    this.emit('receipt', receipt);
    return receipt;
  }

  // ---------------------------------------------------------------- HandlerBackend

  /** @internal */
  bootAnswer(_session: StationSession): BootConfig {
    return this.bootQueue.shift() ?? this.boot;
  }

  /** @internal */
  tokenInfo(idToken: IdTokenType): IdTokenInfoType {
    const set = this.tokenStatuses.get(idToken.idToken.toLowerCase());
    if (set) return { status: set };
    const payment = this.book.byIdToken(idToken.idToken);
    // A prepaid token is good for its own session only.
    if (payment && (payment.state === 'settled' || payment.state === 'failed')) return { status: 'Expired' };
    return { status: 'Accepted' };
  }

  /** @internal */
  transactionEventResponse(session: StationSession, event: TransactionEventRequest, tx: TransactionRecord): TransactionEventResponse {
    const response: TransactionEventResponse = {};
    if (event.idToken) response.idTokenInfo = this.tokenInfo(event.idToken);
    const payment = this.book.match(session.id, event);
    if (!payment || payment.state === 'settled') return response;
    applyPrepaidLimit(response, payment, session, event, tx, { stopFromMeterValues: this.stopFromMeterValues, logger: this.logger });
    if (event.eventType === 'Ended') {
      const receipt = this.settle(payment, tx);
      response.totalCost = receipt.cost;
    }
    return response;
  }

  // ---------------------------------------------------------------- state

  /** A JSON-able snapshot of stations, transactions, payments and receipts (the control API's GET /state). */
  state(): Record<string, unknown> {
    const { pricePerKwh, currency, receipts } = this;
    return csmsState({ pricePerKwh, currency, stations: this.stations(), payments: this.book.payments, receipts });
  }

  // ---------------------------------------------------------------- connections

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (err) => this.logger.debug({ err }, 'upgrade socket error'));
    const stationId = stationIdFromPath(req.url);
    const refused = (status: number, reason: string, headers?: Record<string, string>) => {
      this.logger.warn({ stationId, status, reason, url: req.url }, 'station connection refused');
      refuse(socket, status, reason, headers);
      this.emit('refused', { stationId, status, reason });
    };
    if (stationId === undefined || stationId === '') return refused(404, 'Not Found: no station id in the path');
    const { refusal, clientCn } = admit(req, stationId, this.requireClientCert, this.passwords);
    if (clientCn !== undefined) this.clientCertificates.set(stationId, clientCn);
    if (refusal) return refused(refusal.status, refusal.reason, refusal.headers);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, stationId, req));
  }

  private onConnection(ws: WebSocket, stationId: string, req: IncomingMessage): void {
    const protocol = ws.protocol as CsmsProtocol | '';
    if (protocol === '') {
      // "complete the WebSocket handshake with a response without a Sec-WebSocket-Protocol header and then
      // immediately close the WebSocket connection" (2.x part 4 section 3.2 / 3.3).
      const offered = req.headers['sec-websocket-protocol'] ?? '(none)';
      this.logger.warn({ stationId, offered }, 'no common OCPP subprotocol; closing');
      this.emit('refused', { stationId, status: 101, reason: `no supported subprotocol in ${offered}` });
      ws.close(1002, 'no supported OCPP subprotocol');
      return;
    }
    let session = this.sessions.get(stationId);
    if (!session) {
      const s = new StationSession(stationId, this.logger, this.callTimeoutMs);
      s.on('message', (rec) => this.emit('message', stationId, rec));
      s.on('transactionEvent', (ev, tx) => this.emit('transactionEvent', stationId, ev, tx));
      s.on('disconnected', (info) => this.emit('disconnected', s, info));
      this.sessions.set(stationId, s);
      session = s;
    }
    const conn = session.attach(ws, protocol, this.logger.child({ station: stationId }));
    registerStationHandlers(conn, session, this);
    this.logger.info({ stationId, protocol }, 'station connected');
    this.emit('connected', session);
  }

  protected override onListenerError(event: string, error: unknown): void {
    this.logger.error({ err: error, event }, 'CsmsSim listener threw');
  }
}
