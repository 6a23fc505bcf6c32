// The RPC layer's types: the messages of each OCPP version, handler signatures, options, events and a CALL waiting for its answer.

import type pino from 'pino';
import type { V21Calls, V21Sends } from '../core/types/v21.js';
import type { OcppProtocol, RpcError } from './rpc-errors.js';
import type { SchemaValidator } from './schema-validator.js';
import type { CallResultErrorFrame, JsonObject } from './frames.js';
import type { V16Calls } from './types/v16.js';
import type { V201Calls } from './types/v201.js';

/** The CALL messages of each protocol version: action -> {request, response}. */
export interface ProtocolCalls {
  'ocpp1.6': V16Calls;
  'ocpp2.0.1': V201Calls;
  'ocpp2.1': V21Calls;
}

/** The SEND messages of each protocol version: action -> payload (2.1 only). */
export interface ProtocolSends {
  'ocpp1.6': Record<never, never>;
  'ocpp2.0.1': Record<never, never>;
  'ocpp2.1': V21Sends;
}

export type CallsOf<P extends OcppProtocol> = ProtocolCalls[P];
export type ActionOf<P extends OcppProtocol> = keyof ProtocolCalls[P] & string;
export type RequestOf<P extends OcppProtocol, A extends ActionOf<P>> = ProtocolCalls[P][A] extends { request: infer R }
  ? R
  : never;
export type ResponseOf<P extends OcppProtocol, A extends ActionOf<P>> = ProtocolCalls[P][A] extends { response: infer R }
  ? R
  : never;
export type SendActionOf<P extends OcppProtocol> = keyof ProtocolSends[P] & string;

/** Context of an incoming CALL given to its handler. */
export interface IncomingCallContext {
  /** MessageId of the CALL. */
  messageId: string;
  /** Protocol of the connection the CALL came on. */
  protocol: OcppProtocol;
}

/** Answers an incoming CALL: return the response payload, or throw an RpcError to answer with that CALLERROR. */
export type CallHandler<P extends OcppProtocol, A extends ActionOf<P>> = (
  payload: RequestOf<P, A>,
  ctx: IncomingCallContext,
) => ResponseOf<P, A> | Promise<ResponseOf<P, A>>;

/** Receives an incoming SEND (2.1); never answered. */
export type SendHandler<P extends OcppProtocol, A extends SendActionOf<P>> = (
  payload: ProtocolSends[P][A],
  ctx: IncomingCallContext,
) => void | Promise<void>;

export interface RpcConnectionOptions {
  /** Default timeout of an outgoing CALL, in ms from sending it (default 30000). */
  defaultTimeoutMs?: number;
  logger?: pino.Logger;
  /** Validator to use (default SchemaValidator.for(protocol)). */
  validator?: SchemaValidator;
  /** Message id generator (default crypto.randomUUID; ids must be unique and at most 36 characters). */
  newMessageId?: () => string;
  /**
   * How long close() waits for the peer's close frame before dropping the socket, ms (default 2000). The ws library
   * would wait 30 s, longer than the systemd unit's TimeoutStopSec=15.
   */
  closeTimeoutMs?: number;
}

/** Default of RpcConnectionOptions.closeTimeoutMs. */
export const CLOSE_TIMEOUT_MS = 2000;

export interface CallOptions {
  /** Timeout in ms, counted from sending the CALL (queue time not included). */
  timeoutMs?: number;
}

/** Why and how a connection closed. */
export interface RpcCloseInfo {
  /** WebSocket close code (1006 when the connection dropped without a close frame). */
  code: number;
  /** Close reason sent by the peer or set locally (may be empty). */
  reason: string;
}

export interface RpcConnectionEvents {
  /** The WebSocket closed; every pending call has been rejected with ConnectionClosed. */
  close: [info: RpcCloseInfo];
  /** 2.1: the peer could not process a CALLRESULT we sent. */
  callResultError: [frame: CallResultErrorFrame];
}

export interface PendingCall {
  action: string;
  payload: JsonObject;
  timeoutMs: number;
  resolve: (response: unknown) => void;
  reject: (error: RpcError) => void;
  messageId?: string;
  timer?: NodeJS.Timeout;
}

export type AnyCallHandler = (payload: unknown, ctx: IncomingCallContext) => unknown;
export type AnySendHandler = (payload: unknown, ctx: IncomingCallContext) => void | Promise<void>;
