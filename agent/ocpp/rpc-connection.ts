// OCPP-J RPC over one open WebSocket: outgoing CALLs one at a time, incoming CALLs to handlers, schema-checked both ways.
//
// Rules implemented (2.1 part 4 chapter 4; 2.0.1 part 4 chapter 4; OCPP-J 1.6 chapter 4):
// - Synchronicity (4.1.1): at most one outgoing CALL in flight; later calls wait in order. A CALL is done when its
//   CALLRESULT/CALLERROR arrives or its timeout (measured from sending) elapses. SEND (2.1) does not wait.
// - Message ids (4.1.4): random UUIDs, so they are unique across connections of the same station.
// - Incoming CALL: unknown action -> NotImplemented ("Requested Action is not known by receiver"); payload failing the
//   schema -> the code mapped by SchemaValidator; known action without a handler -> NotSupported ("Requested Action
//   is recognized but not supported by the receiver"); handler throws RpcError -> that CALLERROR; other throw ->
//   InternalError; handler response failing its schema -> InternalError (and logged). The handler never sees an
//   invalid payload.
// - CALLRESULT payloads are checked against the response schema; a failure rejects the call with the mapped code, and
//   in 2.1 a CALLRESULTERROR is sent back (4.2.3).
// - Unparseable frames get the reply frames.ts replyToInvalidFrame() prescribes.
import { redactFrame } from './redact-frame.js';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { WebSocket, type RawData } from 'ws';
import {
  parseFrame,
  replyToInvalidFrame,
  serializeFrame,
  type CallErrorFrame,
  type CallFrame,
  type Frame,
  type JsonObject,
  type SendFrame,
} from './frames.js';
import {
  clampDescription,
  parseWireErrorCode,
  RpcError,
  wireErrorCode,
  type OcppProtocol,
  type RpcErrorCode,
} from './rpc-errors.js';
import { SchemaValidator } from './schema-validator.js';
import { TypedEmitter } from './typed-emitter.js';
import {
  CLOSE_TIMEOUT_MS,
  type ActionOf,
  type AnyCallHandler,
  type AnySendHandler,
  type CallHandler,
  type CallOptions,
  type PendingCall,
  type ProtocolSends,
  type RequestOf,
  type ResponseOf,
  type RpcCloseInfo,
  type RpcConnectionEvents,
  type RpcConnectionOptions,
  type SendActionOf,
  type SendHandler,
} from './rpc-types.js';

export * from './rpc-types.js';


/** OCPP-J RPC endpoint over an open WebSocket speaking protocol P. */
export class RpcConnection<P extends OcppProtocol = OcppProtocol> extends TypedEmitter<RpcConnectionEvents> {
  readonly protocol: P;
  private readonly ws: WebSocket;
  private readonly log: pino.Logger;
  private readonly validator: SchemaValidator;
  private readonly defaultTimeoutMs: number;
  private readonly newMessageId: () => string;
  private readonly queue: PendingCall[] = [];
  private inFlight: PendingCall | undefined;
  private readonly handlers = new Map<string, AnyCallHandler>();
  private readonly sendHandlers = new Map<string, AnySendHandler>();
  private readonly handling = new Set<string>();
  private readonly idleWaiters: Array<() => void> = [];
  private closedInfo: RpcCloseInfo | undefined;
  private readonly closeTimeoutMs: number;
  /** Resolves when the socket itself is closed (handshake done, or dropped). */
  readonly socketClosed: Promise<void>;

  constructor(ws: WebSocket, protocol: P, options: RpcConnectionOptions = {}) {
    super();
    if (ws.readyState !== WebSocket.OPEN) throw new Error('RpcConnection needs an open WebSocket');
    this.ws = ws;
    this.protocol = protocol;
    this.log = (options.logger ?? pino({ level: 'silent' })).child({ ocpp: protocol });
    this.validator = options.validator ?? SchemaValidator.for(protocol);
    if (this.validator.protocol !== protocol) throw new Error(`validator is for ${this.validator.protocol}, not ${protocol}`);
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;
    this.newMessageId = options.newMessageId ?? randomUUID;
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(data, isBinary));
    this.closeTimeoutMs = Math.max(0, options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS);
    this.socketClosed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('close', (code: number, reason: Buffer) => this.teardown({ code, reason: reason.toString('utf8') }));
    ws.on('error', (err: Error) => this.log.warn({ err }, 'ocpp websocket error'));
  }

  /** True once the WebSocket has closed (or close() was called); calls then reject with ConnectionClosed. */
  get closed(): boolean {
    return this.closedInfo !== undefined;
  }

  /** Resolves when no incoming CALL is being handled: every request received so far has had its answer written. */
  idle(): Promise<void> {
    if (this.handling.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Number of outgoing CALLs waiting behind the one in flight. */
  get queuedCalls(): number {
    return this.queue.length;
  }

  /**
   * Sends a CALL and resolves with the CALLRESULT payload. Rejects with RpcError: InvalidOutgoingMessage (unknown
   * action or payload failing the request schema: nothing is sent), the peer's CALLERROR code, a schema code when the
   * response fails the response schema, Timeout, or ConnectionClosed.
   */
  call<A extends ActionOf<P>>(action: A, payload: RequestOf<P, A>, options: CallOptions = {}): Promise<ResponseOf<P, A>> {
    return new Promise<ResponseOf<P, A>>((resolve, reject) => {
      if (this.closedInfo) {
        reject(new RpcError('ConnectionClosed', `cannot send ${action}: connection closed`));
        return;
      }
      const error = this.checkOutgoing(action, 'request', payload);
      if (error) {
        reject(error);
        return;
      }
      this.queue.push({
        action,
        payload: payload as JsonObject,
        timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
        resolve: resolve as (r: unknown) => void,
        reject,
      });
      this.pump();
    });
  }

  /** Sends a SEND message (2.1, message type 6): no response; resolves when written to the socket. */
  send<A extends SendActionOf<P>>(action: A, payload: ProtocolSends[P][A]): Promise<void> {
    if (this.closedInfo) return Promise.reject(new RpcError('ConnectionClosed', `cannot send ${action}: connection closed`));
    const error = this.checkOutgoing(action, 'send', payload);
    if (error) return Promise.reject(error);
    const frame: SendFrame = { type: 6, messageId: this.newMessageId(), action, payload: payload as JsonObject };
    return this.write(frame);
  }

  /** Registers the handler answering incoming CALLs of `action` (replaces an earlier one). */
  handle<A extends ActionOf<P>>(action: A, handler: CallHandler<P, A>): this {
    this.handlers.set(action, handler as unknown as AnyCallHandler);
    return this;
  }

  /** Registers the handler of incoming SEND messages of `action` (2.1). */
  onSend<A extends SendActionOf<P>>(action: A, handler: SendHandler<P, A>): this {
    this.sendHandlers.set(action, handler as unknown as AnySendHandler);
    return this;
  }

  /** Removes the handler of `action`; later CALLs of it are answered NotSupported. */
  removeHandler(action: ActionOf<P>): this {
    this.handlers.delete(action);
    return this;
  }

  /**
   * Closes the WebSocket (normal closure by default); pending calls reject with ConnectionClosed at once. A peer that
   * does not answer the close frame within closeTimeoutMs has the socket dropped (`socketClosed` resolves then).
   */
  close(code = 1000, reason = ''): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason);
      const fallback = setTimeout(() => {
        if (this.ws.readyState === WebSocket.CLOSED) return;
        this.log.warn({ closeTimeoutMs: this.closeTimeoutMs }, 'the CSMS did not answer the close frame: dropping the connection');
        this.ws.terminate();
      }, this.closeTimeoutMs);
      void this.socketClosed.then(() => clearTimeout(fallback));
    }
    this.teardown({ code, reason: reason || 'closed locally' });
  }

  /**
   * Drops the connection at once without a closing handshake (for a dead peer: no pong). Pending calls reject with
   * ConnectionClosed and 'close' is emitted with code 1006 and `reason`.
   */
  terminate(reason: string): void {
    this.teardown({ code: 1006, reason });
    this.ws.terminate();
  }

  protected override onListenerError(event: string, error: unknown): void {
    this.log.error({ err: error, event }, 'RpcConnection event listener threw');
  }

  private checkOutgoing(action: string, kind: 'request' | 'send', payload: unknown): RpcError | undefined {
    if (!this.validator.has(action, kind)) {
      const what = kind === 'send' ? 'SEND message' : 'CALL action';
      this.log.error({ action }, `refusing to send: ${this.protocol} has no ${what} '${action}'`);
      return new RpcError('InvalidOutgoingMessage', `${this.protocol} has no ${what} '${action}'`);
    }
    const result = this.validator.validate(action, kind, payload);
    if (!result.ok) {
      this.log.error({ action, problem: result.description }, 'refusing to send a payload that fails its schema');
      return new RpcError('InvalidOutgoingMessage', `not sent, ${result.description}`, {
        schemaErrorCode: result.errorCode,
        instancePath: result.instancePath,
      });
    }
    return undefined;
  }

  private pump(): void {
    if (this.inFlight || this.closedInfo) return;
    const next = this.queue.shift();
    if (!next) return;
    next.messageId = this.newMessageId();
    this.inFlight = next;
    const messageId = next.messageId;
    next.timer = setTimeout(() => {
      if (this.inFlight !== next) return;
      this.inFlight = undefined;
      this.log.warn({ action: next.action, messageId, timeoutMs: next.timeoutMs }, 'CALL timed out');
      next.reject(new RpcError('Timeout', `${next.action} got no response within ${next.timeoutMs} ms`, { messageId }));
      this.pump();
    }, next.timeoutMs);
    this.write({ type: 2, messageId, action: next.action, payload: next.payload }).catch((err: unknown) => {
      if (this.inFlight !== next) return;
      this.finishInFlight();
      next.reject(new RpcError('ConnectionClosed', `${next.action} could not be sent: ${String(err)}`));
      this.pump();
    });
  }

  private finishInFlight(): PendingCall | undefined {
    const call = this.inFlight;
    if (call?.timer) clearTimeout(call.timer);
    this.inFlight = undefined;
    return call;
  }

  private write(frame: Frame): Promise<void> {
    const text = serializeFrame(frame);
    return new Promise<void>((resolve, reject) => {
      if (this.ws.readyState !== WebSocket.OPEN) {
        reject(new RpcError('ConnectionClosed', 'WebSocket is not open'));
        return;
      }
      if (this.log.isLevelEnabled('debug')) this.log.debug({ dir: 'out', frame: redactFrame(text) }, 'ocpp frame');
      this.ws.send(text, (err) => (err ? reject(err) : resolve()));
    });
  }

  private reply(frame: Frame): void {
    if (this.closedInfo) {
      this.log.warn({ messageId: frame.messageId }, 'connection closed before the reply could be sent; dropped');
      return;
    }
    this.write(frame).catch((err: unknown) => this.log.warn({ err, messageId: frame.messageId }, 'reply not sent'));
  }

  private callError(messageId: string, code: RpcErrorCode, description: string, details: JsonObject = {}): CallErrorFrame {
    return {
      type: 4,
      messageId,
      errorCode: wireErrorCode(code, this.protocol),
      errorDescription: clampDescription(description),
      errorDetails: details,
    };
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8');
    if (this.log.isLevelEnabled('debug')) this.log.debug({ dir: 'in', frame: redactFrame(text), ...(isBinary ? { binary: true } : {}) }, 'ocpp frame');
    if (isBinary) this.log.warn('binary WebSocket message received; OCPP-J uses text messages, parsing it as UTF-8');
    const parsed = parseFrame(text, this.protocol);
    if (!parsed.ok) {
      const reply = replyToInvalidFrame(parsed.error, this.protocol);
      this.log.warn({ problem: parsed.error.problem, reply: reply ? 'sent' : 'none' }, `invalid frame: ${parsed.error.description}`);
      // A broken response to our CALL still ends that CALL.
      if (
        this.inFlight &&
        parsed.error.messageId === this.inFlight.messageId &&
        (parsed.error.messageTypeId === 3 || parsed.error.messageTypeId === 4)
      ) {
        const call = this.finishInFlight();
        call?.reject(new RpcError('FormatViolation', `malformed response to ${call.action}: ${parsed.error.description}`));
        this.pump();
      }
      if (reply) this.reply(reply);
      return;
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case 2:
        void this.onCall(frame);
        break;
      case 3:
        this.onCallResult(frame.messageId, frame.payload);
        break;
      case 4:
        this.onCallError(frame);
        break;
      case 5:
        this.log.warn({ messageId: frame.messageId, errorCode: frame.errorCode }, `peer could not process our CALLRESULT: ${frame.errorDescription}`);
        this.emit('callResultError', frame);
        break;
      case 6:
        void this.onSendFrame(frame);
        break;
    }
  }

  private onCallResult(messageId: string, payload: JsonObject): void {
    const call = this.inFlight;
    if (!call || call.messageId !== messageId) {
      this.log.warn({ messageId }, 'CALLRESULT for no CALL in flight (late, duplicate or unknown message id); ignored');
      return;
    }
    this.finishInFlight();
    const result = this.validator.validateResponse(call.action, payload);
    if (result.ok) {
      call.resolve(payload);
    } else {
      this.log.warn({ action: call.action, messageId, problem: result.description }, 'CALLRESULT fails its schema');
      call.reject(new RpcError(result.errorCode, result.description, { instancePath: result.instancePath }));
      if (this.protocol === 'ocpp2.1') {
        this.reply({ ...this.callError(messageId, result.errorCode, result.description), type: 5 });
      }
    }
    this.pump();
  }

  private onCallError(frame: CallErrorFrame): void {
    const call = this.inFlight;
    // "-1": the peer could not read our message id; with one CALL in flight it can only be that one.
    if (!call || (call.messageId !== frame.messageId && frame.messageId !== '-1')) {
      this.log.warn({ messageId: frame.messageId, errorCode: frame.errorCode }, 'CALLERROR for no CALL in flight; ignored');
      return;
    }
    this.finishInFlight();
    call.reject(new RpcError(parseWireErrorCode(frame.errorCode), frame.errorDescription, frame.errorDetails, frame.errorCode));
    this.pump();
  }

  private async onCall(frame: CallFrame): Promise<void> {
    const { messageId, action, payload } = frame;
    if (this.handling.has(messageId)) {
      this.reply(this.callError(messageId, 'RpcFrameworkError', `a CALL with MessageId ${messageId} is already being handled`));
      return;
    }
    if (!this.validator.has(action, 'request')) {
      this.reply(this.callError(messageId, 'NotImplemented', `Action ${action} is not known in ${this.protocol}`));
      return;
    }
    const check = this.validator.validateRequest(action, payload);
    if (!check.ok) {
      this.reply(this.callError(messageId, check.errorCode, check.description, { instancePath: check.instancePath, keyword: check.keyword }));
      return;
    }
    const handler = this.handlers.get(action);
    if (!handler) {
      this.reply(this.callError(messageId, 'NotSupported', `${action} is not supported`));
      return;
    }
    this.handling.add(messageId);
    try {
      await this.answer(messageId, action, handler, payload);
    } finally {
      this.handling.delete(messageId);
      if (this.handling.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Runs the handler of an incoming CALL and writes its CALLRESULT or CALLERROR. */
  private async answer(messageId: string, action: string, handler: AnyCallHandler, payload: JsonObject): Promise<void> {
    let response: unknown;
    try {
      response = await handler(payload, { messageId, protocol: this.protocol });
    } catch (err) {
      if (err instanceof RpcError && err.isWireCode) {
        this.reply(this.callError(messageId, err.code as RpcErrorCode, err.description, err.details));
      } else {
        this.log.error({ err, action, messageId }, 'handler of an incoming CALL failed');
        this.reply(this.callError(messageId, 'InternalError', `${action} could not be processed`));
      }
      return;
    }
    const out = this.validator.validateResponse(action, response);
    if (!out.ok) {
      this.log.error({ action, messageId, problem: out.description }, 'handler returned a response that fails its schema; answering InternalError');
      this.reply(this.callError(messageId, 'InternalError', `${action} response could not be built`));
      return;
    }
    this.reply({ type: 3, messageId, payload: response as JsonObject });
  }

  private async onSendFrame(frame: SendFrame): Promise<void> {
    const { action, payload, messageId } = frame;
    if (!this.validator.has(action, 'send')) {
      this.log.warn({ action, messageId }, 'SEND of an unknown message; ignored (SEND is never answered)');
      return;
    }
    const check = this.validator.validateSend(action, payload);
    if (!check.ok) {
      this.log.warn({ action, messageId, problem: check.description }, 'SEND fails its schema; ignored');
      return;
    }
    const handler = this.sendHandlers.get(action);
    if (!handler) {
      this.log.debug({ action, messageId }, 'no handler for SEND; ignored');
      return;
    }
    try {
      await handler(payload, { messageId, protocol: this.protocol });
    } catch (err) {
      this.log.error({ err, action, messageId }, 'handler of an incoming SEND failed');
    }
  }

  private teardown(info: RpcCloseInfo): void {
    if (this.closedInfo) return;
    this.closedInfo = info;
    const pending = [...(this.inFlight ? [this.finishInFlight()!] : []), ...this.queue.splice(0)];
    for (const call of pending) {
      call.reject(new RpcError('ConnectionClosed', `${call.action}: connection closed (${info.code} ${info.reason})`.trim()));
    }
    this.log.info({ code: info.code, reason: info.reason, rejectedCalls: pending.length }, 'ocpp connection closed');
    this.emit('close', info);
  }
}

/** An RpcConnection of whichever version was negotiated; narrow with `conn.protocol === 'ocpp2.1'`. */
export type AnyRpcConnection = RpcConnection<'ocpp1.6'> | RpcConnection<'ocpp2.0.1'> | RpcConnection<'ocpp2.1'>;

/** An RpcConnection for a protocol known only at run time. */
export function createRpcConnection(ws: WebSocket, protocol: OcppProtocol, options?: RpcConnectionOptions): AnyRpcConnection {
  return new RpcConnection(ws, protocol, options) as AnyRpcConnection;
}
