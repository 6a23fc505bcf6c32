// One station as the CSMS simulator sees it: its connection, a raw log of every frame in and out, statuses, transactions, reports.

import type pino from 'pino';
import type { WebSocket, RawData } from 'ws';
import { parseFrame } from '../../agent/ocpp/frames.js';
import {
  createRpcConnection,
  type AnyRpcConnection,
  type CallOptions,
  type RequestOf,
  type ResponseOf,
  type RpcCloseInfo,
  type RpcConnection,
} from '../../agent/ocpp/rpc-connection.js';
import { RpcError } from '../../agent/ocpp/rpc-errors.js';
import { TypedEmitter } from '../../agent/ocpp/typed-emitter.js';
import type {
  BootNotificationRequest,
  NotifyReportRequest,
  RegistrationStatusEnumType,
  ReportDataType,
  TransactionEventRequest,
  V21Calls,
} from '../../agent/core/types/v21.js';
import type { ConnectorStatusRecord, CsmsProtocol, FrameKind, MessageRecord, SeqNoReport, TransactionRecord } from './csms-types.js';
import { energyReadings } from './receipt.js';

export interface StationSessionEvents {
  /** A WebSocket connection of this station was accepted. */
  connected: [];
  /** The station's connection closed. */
  disconnected: [info: RpcCloseInfo];
  /** A frame went in or out (see MessageRecord). */
  message: [record: MessageRecord];
  /** A TransactionEvent was received and recorded (before it is answered). */
  transactionEvent: [event: TransactionEventRequest, tx: TransactionRecord];
}

/** Options of StationSession.waitFor. */
export interface WaitOptions {
  /** Only consider log records from this index on (default 0: records already received count too). */
  fromIndex?: number;
  /** Words for the timeout error ("a StatusNotification Available"). */
  what?: string;
}

const KIND_NAMES: Record<number, FrameKind> = { 2: 'CALL', 3: 'CALLRESULT', 4: 'CALLERROR', 5: 'CALLRESULTERROR', 6: 'SEND' };

/** The message a TriggerMessage requestedMessage makes the station send. */
function triggeredAction(requested: string): string {
  return requested.startsWith('Sign') && requested.endsWith('Certificate') ? 'SignCertificate' : requested;
}

/** A CALL to send to a station: any action the simulator may send (typed with the 2.1 messages, a superset of 2.0.1's). */
export type CsmsAction = keyof V21Calls & string;

export class StationSession extends TypedEmitter<StationSessionEvents> {
  /** Station identity (last URL path segment, decoded). */
  readonly id: string;
  /** Subprotocol of the current (or last) connection. */
  protocol: CsmsProtocol | undefined;
  /** Number of connections accepted so far. */
  connections = 0;
  /** Status of the last BootNotificationResponse sent (undefined before the first BootNotification). */
  bootStatus: RegistrationStatusEnumType | undefined;
  /** The last BootNotificationRequest received. */
  bootRequest: BootNotificationRequest | undefined;
  /** Time of the last Heartbeat received. */
  lastHeartbeat: string | undefined;
  /** Every frame in and out, across reconnections. */
  readonly log: MessageRecord[] = [];
  /** Latest status per connector, key "evseId/connectorId". */
  readonly statuses = new Map<string, ConnectorStatusRecord>();
  /** Transactions by transactionId. */
  readonly transactions = new Map<string, TransactionRecord>();
  /** NotifyReport parts by requestId, in arrival order. */
  readonly reports = new Map<number, NotifyReportRequest[]>();
  /** Incoming CALLs answered with SecurityError because the boot was not Accepted (B02.FR.09 / B03.FR.07). */
  readonly violations: string[] = [];
  /** While Pending: actions the station may send because the simulator triggered them. */
  readonly pendingAllowed = new Set<string>(['NotifyReport']);

  private conn: AnyRpcConnection | undefined;
  private ws: WebSocket | undefined;
  private readonly log_: pino.Logger;
  private readonly callTimeoutMs: number;

  constructor(id: string, logger: pino.Logger, callTimeoutMs: number) {
    super();
    this.id = id;
    this.log_ = logger.child({ station: id });
    this.callTimeoutMs = callTimeoutMs;
  }

  /** True while a WebSocket connection of this station is open. */
  get connected(): boolean {
    return this.conn !== undefined && !this.conn.closed;
  }

  /** The RPC connection (undefined while disconnected). */
  get connection(): AnyRpcConnection | undefined {
    return this.connected ? this.conn : undefined;
  }

  /**
   * Takes over an accepted WebSocket: logs every frame raw, creates the RpcConnection (handlers are registered by
   * the caller on the returned connection). A previous connection of the station is closed first.
   */
  attach(ws: WebSocket, protocol: CsmsProtocol, logger: pino.Logger): AnyRpcConnection {
    if (this.connected) {
      this.log_.warn('station connected again; closing its previous connection');
      this.conn?.close(1000, 'replaced by a new connection');
    }
    this.connections++;
    const connection = this.connections;
    this.protocol = protocol;
    this.ws = ws;
    const inCalls = new Map<string, string>(); // messageId -> action of CALLs from the station
    const outCalls = new Map<string, string>(); // messageId -> action of CALLs to the station
    // Our listener goes first, so an incoming frame is logged before the RpcConnection acts on it.
    ws.on('message', (data: RawData) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      this.record('in', text, connection, protocol, inCalls, outCalls);
    });
    // Frames out: wrap this socket's send, so the log holds them exactly as written.
    const send = ws.send.bind(ws) as (data: unknown, cb?: (err?: Error) => void) => void;
    (ws as unknown as { send: (data: unknown, cb?: (err?: Error) => void) => void }).send = (data, cb) => {
      if (typeof data === 'string') this.record('out', data, connection, protocol, inCalls, outCalls);
      send(data, cb);
    };
    const conn = createRpcConnection(ws, protocol, { logger, defaultTimeoutMs: this.callTimeoutMs });
    this.conn = conn;
    conn.on('close', (info) => {
      if (this.conn === conn) this.conn = undefined;
      this.emit('disconnected', info);
    });
    this.emit('connected');
    return conn;
  }

  private record(
    direction: 'in' | 'out',
    raw: string,
    connection: number,
    protocol: CsmsProtocol,
    inCalls: Map<string, string>,
    outCalls: Map<string, string>,
  ): void {
    const parsed = parseFrame(raw, protocol);
    let kind: FrameKind = 'invalid';
    let messageId = '';
    let action = '';
    let payload: Record<string, unknown> = {};
    if (parsed.ok) {
      const f = parsed.frame;
      kind = KIND_NAMES[f.type] ?? 'invalid';
      messageId = f.messageId;
      if (f.type === 2 || f.type === 6) {
        action = f.action;
        payload = f.payload;
        if (f.type === 2) (direction === 'in' ? inCalls : outCalls).set(f.messageId, f.action);
      } else {
        // A response answers a CALL that went the other way.
        const calls = direction === 'in' ? outCalls : inCalls;
        action = calls.get(f.messageId) ?? '';
        calls.delete(f.messageId);
        payload = f.type === 3 ? f.payload : { errorCode: f.errorCode, errorDescription: f.errorDescription, errorDetails: f.errorDetails };
      }
    } else {
      messageId = parsed.error.messageId ?? '';
      payload = { problem: parsed.error.problem, description: parsed.error.description };
    }
    const rec: MessageRecord = { index: this.log.length, time: new Date().toISOString(), direction, raw, kind, messageId, action, payload, connection };
    this.log.push(rec);
    this.emit('message', rec);
  }

  /**
   * Sends a CALL to the station and resolves with its CALLRESULT payload; rejects with RpcError (the station's
   * CALLERROR, Timeout, ConnectionClosed, or InvalidOutgoingMessage when the payload fails the station's protocol's
   * schema). Payloads are typed with the 2.1 messages; on a 2.0.1 connection send only 2.0.1 fields.
   */
  call<A extends CsmsAction>(action: A, payload: RequestOf<'ocpp2.1', A>, options: CallOptions = {}): Promise<ResponseOf<'ocpp2.1', A>> {
    const conn = this.connection;
    if (!conn) return Promise.reject(new RpcError('ConnectionClosed', `station ${this.id} is not connected; ${action} not sent`));
    if (action === 'TriggerMessage') {
      const requested = (payload as V21Calls['TriggerMessage']['request']).requestedMessage;
      this.pendingAllowed.add(triggeredAction(requested));
    }
    return (conn as unknown as RpcConnection<'ocpp2.1'>).call(action, payload, options);
  }

  /**
   * Resolves with the first log record matching `predicate` (already logged ones count, from opts.fromIndex), or
   * rejects after `timeoutMs`.
   */
  waitFor(predicate: (record: MessageRecord) => boolean, timeoutMs = 5000, opts: WaitOptions = {}): Promise<MessageRecord> {
    for (const rec of this.log.slice(opts.fromIndex ?? 0)) if (predicate(rec)) return Promise.resolve(rec);
    return new Promise<MessageRecord>((resolve, reject) => {
      const listener = (rec: MessageRecord) => {
        if (rec.index < (opts.fromIndex ?? 0) || !predicate(rec)) return;
        clearTimeout(timer);
        this.off('message', listener);
        resolve(rec);
      };
      const timer = setTimeout(() => {
        this.off('message', listener);
        reject(new Error(`station ${this.id}: timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'a matching message'}`));
      }, timeoutMs);
      this.on('message', listener);
    });
  }

  /** Resolves with the payload of the first incoming CALL of `action` matching `predicate` (see waitFor). */
  async waitForCall<A extends CsmsAction>(
    action: A,
    predicate: (payload: RequestOf<'ocpp2.1', A>) => boolean = () => true,
    timeoutMs = 5000,
    opts: WaitOptions = {},
  ): Promise<RequestOf<'ocpp2.1', A>> {
    const rec = await this.waitFor(
      (r) => r.direction === 'in' && r.kind === 'CALL' && r.action === action && predicate(r.payload as RequestOf<'ocpp2.1', A>),
      timeoutMs,
      { what: `a ${action}`, ...opts },
    );
    return rec.payload as RequestOf<'ocpp2.1', A>;
  }

  /** Index the next log record will get: pass as fromIndex to wait only for what comes after now. */
  mark(): number {
    return this.log.length;
  }

  /** Log records of incoming (or outgoing) CALLs of `action`, in order. */
  calls(action: string, direction: 'in' | 'out' = 'in'): MessageRecord[] {
    return this.log.filter((r) => r.kind === 'CALL' && r.direction === direction && r.action === action);
  }

  /** Latest status of a connector (undefined before its first StatusNotification). */
  status(evseId: number, connectorId = 1): string | undefined {
    return this.statuses.get(`${evseId}/${connectorId}`)?.status;
  }

  /** The transaction with this id. */
  transaction(transactionId: string): TransactionRecord | undefined {
    return this.transactions.get(transactionId);
  }

  /** seqNo values of a transaction's events, with duplicates and gaps (seqNo continuity check). */
  seqNoReport(transactionId: string): SeqNoReport {
    const seqNos = (this.transactions.get(transactionId)?.events ?? []).map((e) => e.seqNo);
    const seen = new Set<number>();
    const duplicates = new Set<number>();
    for (const s of seqNos) (seen.has(s) ? duplicates : seen).add(s);
    const gaps: number[] = [];
    if (seen.size > 0) {
      const min = Math.min(...seen);
      const max = Math.max(...seen);
      for (let s = min; s <= max; s++) if (!seen.has(s)) gaps.push(s);
    }
    return { seqNos, duplicates: [...duplicates], gaps };
  }

  /**
   * The report data of a NotifyReport requestId, all parts in seqNo order; undefined until it is complete: the last
   * part (tbc false) and every part before it (seqNo 0..last) arrived.
   */
  report(requestId: number): ReportDataType[] | undefined {
    const parts = this.reports.get(requestId) ?? [];
    const last = parts.find((p) => !p.tbc);
    if (!last) return undefined;
    const seqNos = new Set(parts.map((p) => p.seqNo));
    for (let i = 0; i <= last.seqNo; i++) if (!seqNos.has(i)) return undefined;
    return [...parts].sort((a, b) => a.seqNo - b.seqNo).flatMap((p) => p.reportData ?? []);
  }

  /** Records a StatusNotification. */
  recordStatus(evseId: number, connectorId: number, status: string, timestamp: string): void {
    this.statuses.set(`${evseId}/${connectorId}`, { evseId, connectorId, status, timestamp });
  }

  /** Records a NotifyReport part. */
  recordReport(req: NotifyReportRequest): void {
    const parts = this.reports.get(req.requestId) ?? [];
    parts.push(req);
    this.reports.set(req.requestId, parts);
  }

  /** Records a TransactionEvent into its TransactionRecord (created on first sight) and returns the record. */
  recordTransactionEvent(req: TransactionEventRequest): TransactionRecord {
    const info = req.transactionInfo;
    let tx = this.transactions.get(info.transactionId);
    if (!tx) {
      tx = { transactionId: info.transactionId, events: [], eventType: req.eventType, startedAt: req.timestamp };
      this.transactions.set(info.transactionId, tx);
    }
    tx.events.push(req);
    tx.eventType = req.eventType;
    if (req.eventType === 'Started') tx.startedAt = req.timestamp;
    if (req.eventType === 'Ended') tx.endedAt = req.timestamp;
    if (req.evse) {
      tx.evseId = req.evse.id;
      if (req.evse.connectorId !== undefined) tx.connectorId = req.evse.connectorId;
    }
    if (info.chargingState !== undefined) tx.chargingState = info.chargingState;
    if (info.stoppedReason !== undefined) tx.stoppedReason = info.stoppedReason;
    if (info.remoteStartId !== undefined) tx.remoteStartId = info.remoteStartId;
    if (req.idToken) tx.idToken = { idToken: req.idToken.idToken, type: req.idToken.type };
    if (req.eventType === 'Ended' && tx.stoppedReason === undefined) tx.stoppedReason = 'Local'; // the spec default when omitted
    for (const r of energyReadings(req.meterValue)) {
      // Transaction.Begin is the start register; without one, the first reading stands in for it.
      if (r.context === 'Transaction.Begin' || tx.beginWh === undefined) tx.beginWh = r.wh;
      if (r.context === 'Transaction.End') tx.endWh = r.wh;
      tx.lastWh = r.wh;
    }
    this.emit('transactionEvent', req, tx);
    return tx;
  }

  /** Closes the station's connection, if open. */
  disconnect(code = 1000, reason = 'closed by the CSMS simulator'): void {
    this.conn?.close(code, reason);
  }

  /** Drops the station's TCP connection at once, without a close handshake (a network failure). */
  terminate(): void {
    this.ws?.terminate();
  }

  protected override onListenerError(event: string, error: unknown): void {
    this.log_.error({ err: error, event }, 'station session listener threw');
  }
}
