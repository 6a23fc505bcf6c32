// OCPP-J frames: parse a WebSocket text message into a typed frame (or a precise error and the reply it needs), serialize.
//
// Wire formats (2.1 part 4 section 4.2; 2.0.1 part 4 section 4.2; OCPP-J 1.6 section 4.2):
//   CALL            [2, "<MessageId>", "<Action>", {<Payload>}]
//   CALLRESULT      [3, "<MessageId>", {<Payload>}]
//   CALLERROR       [4, "<MessageId>", "<errorCode>", "<errorDescription>", {<errorDetails>}]
//   CALLRESULTERROR [5, "<MessageId>", "<errorCode>", "<errorDescription>", {<errorDetails>}]   (2.1 only)
//   SEND            [6, "<MessageId>", "<Action>", {<Payload>}]                                 (2.1 only)
// MessageId: string of at most 36 characters (4.1.4).
import { clampDescription, wireErrorCode, type OcppProtocol, type RpcErrorCode } from './rpc-errors.js';

export const MessageTypeId = { CALL: 2, CALLRESULT: 3, CALLERROR: 4, CALLRESULTERROR: 5, SEND: 6 } as const;

/** Longest message id the spec allows (part 4 section 4.1.4: string[36]). */
export const MAX_MESSAGE_ID_LENGTH = 36;

/** A JSON object payload. */
export type JsonObject = Record<string, unknown>;

export interface CallFrame {
  type: 2;
  messageId: string;
  action: string;
  payload: JsonObject;
}
export interface CallResultFrame {
  type: 3;
  messageId: string;
  payload: JsonObject;
}
export interface CallErrorFrame {
  type: 4;
  messageId: string;
  /** errorCode as on the wire (1.6 or 2.x spelling). */
  errorCode: string;
  errorDescription: string;
  errorDetails: JsonObject;
}
export interface CallResultErrorFrame {
  type: 5;
  messageId: string;
  errorCode: string;
  errorDescription: string;
  errorDetails: JsonObject;
}
export interface SendFrame {
  type: 6;
  messageId: string;
  action: string;
  payload: JsonObject;
}
export type Frame = CallFrame | CallResultFrame | CallErrorFrame | CallResultErrorFrame | SendFrame;

/** What was wrong with a frame that could not be parsed. */
export type FrameProblem =
  | 'not-json'
  | 'not-array'
  | 'bad-message-type' // element 0 missing or not an integer
  | 'unknown-message-type' // an integer that is not a message type of this protocol version
  | 'bad-message-id' // element 1 missing or not a string
  | 'message-id-too-long'
  | 'wrong-element-count'
  | 'bad-action' // CALL/SEND element 2 not a non-empty string
  | 'bad-payload' // payload not a JSON object
  | 'bad-error-fields'; // CALLERROR/CALLRESULTERROR code/description/details of the wrong type

/** A frame that could not be parsed, with what is known of it. */
export interface FrameError {
  problem: FrameProblem;
  /** Human-readable explanation naming the element at fault. */
  description: string;
  /** The message type id, when element 0 was an integer. */
  messageTypeId: number | undefined;
  /** The message id, when element 1 was a readable string of at most 36 characters. */
  messageId: string | undefined;
}

export type ParseResult = { ok: true; frame: Frame } | { ok: false; error: FrameError };

/** The message types each protocol version defines (1.6/2.0.1: 2-4; 2.1 adds 5 and 6). */
export function messageTypesOf(protocol: OcppProtocol): readonly number[] {
  return protocol === 'ocpp2.1' ? [2, 3, 4, 5, 6] : [2, 3, 4];
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function preview(raw: string): string {
  return raw.length > 60 ? JSON.stringify(raw.slice(0, 60)) + '…' : JSON.stringify(raw);
}

/**
 * Parses one WebSocket text message of a connection speaking `protocol`. A null payload is read as {} (the specs
 * allow null for "no payload" though {} is good practice: 1.6 section 4.2.1, 2.x section 4.1.5).
 */
export function parseFrame(raw: string, protocol: OcppProtocol): ParseResult {
  const fail = (problem: FrameProblem, description: string, messageTypeId?: number, messageId?: string): ParseResult => ({
    ok: false,
    error: { problem, description, messageTypeId, messageId },
  });
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return fail('not-json', `frame is not valid JSON (${e instanceof Error ? e.message : String(e)}): ${preview(raw)}`);
  }
  if (!Array.isArray(value)) return fail('not-array', `frame is not a JSON array: ${preview(raw)}`);
  const arr = value as unknown[];
  const typeId = arr[0];
  if (typeof typeId !== 'number' || !Number.isInteger(typeId)) {
    return fail('bad-message-type', `frame element 0 (MessageTypeId) is not an integer: ${JSON.stringify(typeId) ?? 'missing'}`);
  }
  const id = arr[1];
  const readableId = typeof id === 'string' && id.length <= MAX_MESSAGE_ID_LENGTH ? id : undefined;
  if (!messageTypesOf(protocol).includes(typeId)) {
    return fail('unknown-message-type', `MessageTypeId ${typeId} is not defined in ${protocol}`, typeId, readableId);
  }
  if (typeof id !== 'string') {
    return fail('bad-message-id', `frame element 1 (MessageId) is not a string: ${JSON.stringify(id) ?? 'missing'}`, typeId);
  }
  if (id.length > MAX_MESSAGE_ID_LENGTH) {
    return fail('message-id-too-long', `MessageId is ${id.length} characters, the maximum is ${MAX_MESSAGE_ID_LENGTH}`, typeId);
  }
  const expected = typeId === 3 ? 3 : typeId === 4 || typeId === 5 ? 5 : 4;
  const name = ['', '', 'CALL', 'CALLRESULT', 'CALLERROR', 'CALLRESULTERROR', 'SEND'][typeId] ?? String(typeId);
  if (arr.length !== expected) {
    return fail('wrong-element-count', `${name} must have ${expected} elements, got ${arr.length}`, typeId, id);
  }
  switch (typeId) {
    case 2:
    case 6: {
      const action = arr[2];
      if (typeof action !== 'string' || action === '') {
        return fail('bad-action', `${name} element 2 (Action) is not a non-empty string`, typeId, id);
      }
      const payload = arr[3] === null ? {} : arr[3];
      if (!isObject(payload)) return fail('bad-payload', `${name} ${action} payload is not a JSON object`, typeId, id);
      return { ok: true, frame: { type: typeId, messageId: id, action, payload } };
    }
    case 3: {
      const payload = arr[2] === null ? {} : arr[2];
      if (!isObject(payload)) return fail('bad-payload', 'CALLRESULT payload is not a JSON object', typeId, id);
      return { ok: true, frame: { type: 3, messageId: id, payload } };
    }
    default: {
      // 4 or 5
      const [, , code, description, details] = arr;
      if (typeof code !== 'string' || typeof description !== 'string' || !(details === null || isObject(details))) {
        return fail(
          'bad-error-fields',
          `${name} needs a string errorCode, a string errorDescription and an errorDetails object`,
          typeId,
          id,
        );
      }
      return {
        ok: true,
        frame: { type: typeId as 4 | 5, messageId: id, errorCode: code, errorDescription: description, errorDetails: details ?? {} },
      };
    }
  }
}

/**
 * The reply the spec asks for on receipt of an unparseable frame, or undefined to ignore it (log only):
 * - MessageId unreadable (not JSON, not an array, no integer type, id not a string or > 36 characters) on what is or
 *   may be a CALL: CALLERROR with MessageId "-1" and RpcFrameworkError (2.x part 4 sections 4.2.3 and 4.3: "When
 *   also the MessageId cannot be read, the CALLERROR SHALL contain "-1""; RpcFrameworkError: "Content of the call is
 *   not a valid RPC Request, for example: MessageId could not be read"). 1.6 has no such rule or code; the same
 *   reply is sent with FormationViolation.
 * - Unknown message type: 2.0.1 SHALL respond CALLERROR MessageTypeNotSupported (2.0.1 part 4 section 4.4);
 *   1.6 and 2.1 SHALL ignore the message (1.6 section 4.1.3; 2.1 sections 4.1.3 and 4.4).
 * - A CALL with a readable id but a malformed structure: CALLERROR with that id, RpcFrameworkError (1.6:
 *   FormationViolation); a payload that is not an object: FormatViolation (1.6: FormationViolation).
 * - A malformed CALLRESULT in 2.1 with a readable id: CALLRESULTERROR FormatViolation (2.1 part 4 section 4.2.3).
 * - Any other malformed response, or a malformed SEND (never answered, 2.1 section 4.2.4): ignored.
 */
export function replyToInvalidFrame(error: FrameError, protocol: OcppProtocol): CallErrorFrame | CallResultErrorFrame | undefined {
  const callError = (messageId: string, code: RpcErrorCode): CallErrorFrame => ({
    type: 4,
    messageId,
    errorCode: wireErrorCode(code, protocol),
    errorDescription: clampDescription(error.description),
    errorDetails: {},
  });
  switch (error.problem) {
    case 'not-json':
    case 'not-array':
    case 'bad-message-type':
      return callError('-1', 'RpcFrameworkError');
    case 'unknown-message-type':
      return protocol === 'ocpp2.0.1' ? callError(error.messageId ?? '-1', 'MessageTypeNotSupported') : undefined;
    case 'bad-message-id':
    case 'message-id-too-long':
      return error.messageTypeId === 2 ? callError('-1', 'RpcFrameworkError') : undefined;
    default:
      break;
  }
  const id = error.messageId ?? '-1';
  if (error.messageTypeId === 2) {
    return callError(id, error.problem === 'bad-payload' ? 'FormatViolation' : 'RpcFrameworkError');
  }
  if (error.messageTypeId === 3 && protocol === 'ocpp2.1' && error.messageId !== undefined) {
    return { ...callError(id, 'FormatViolation'), type: 5 };
  }
  return undefined;
}

/** The JSON text of a frame, ready to send as one WebSocket text message. */
export function serializeFrame(frame: Frame): string {
  switch (frame.type) {
    case 2:
    case 6:
      return JSON.stringify([frame.type, frame.messageId, frame.action, frame.payload]);
    case 3:
      return JSON.stringify([3, frame.messageId, frame.payload]);
    case 4:
    case 5:
      return JSON.stringify([
        frame.type,
        frame.messageId,
        frame.errorCode,
        clampDescription(frame.errorDescription),
        frame.errorDetails,
      ]);
  }
}
