// OCPP-J RPC framework error codes per protocol version, and the RpcError that carries one.
//
// Sources:
// - OCPP-J 1.6 section 4.2.3 table 7 "Valid Error Codes", with the OCPP-J 1.6 errata sheet 5.1/5.2 (known issues that
//   will NOT be fixed): 1.6 keeps the misspellings "FormationViolation" and "OccurenceConstraintViolation" on the wire.
//   1.6 has neither RpcFrameworkError nor MessageTypeNotSupported.
// - OCPP 2.0.1 part 4 section 4.3 table 8 and OCPP 2.1 part 4 section 4.3 table 9 (identical lists): FormatViolation,
//   GenericError, InternalError, MessageTypeNotSupported, NotImplemented, NotSupported, OccurrenceConstraintViolation,
//   PropertyConstraintViolation, ProtocolError, RpcFrameworkError, SecurityError, TypeConstraintViolation.
//
// Inside the agent every code uses the 2.x spelling (RpcErrorCode); wireErrorCode() / parseWireErrorCode() translate
// at the edge.

/** OCPP-J protocol versions this agent speaks, named by their WebSocket subprotocol (2.1 part 4 table 1). */
export type OcppProtocol = 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1';

export const OCPP_PROTOCOLS: readonly OcppProtocol[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

/** True for a string naming a protocol this agent speaks. */
export function isOcppProtocol(value: string): value is OcppProtocol {
  return (OCPP_PROTOCOLS as readonly string[]).includes(value);
}

/** The RPC framework error codes, in the OCPP 2.x spelling (part 4 section 4.3). */
export const RPC_ERROR_CODES = [
  'FormatViolation',
  'GenericError',
  'InternalError',
  'MessageTypeNotSupported',
  'NotImplemented',
  'NotSupported',
  'OccurrenceConstraintViolation',
  'PropertyConstraintViolation',
  'ProtocolError',
  'RpcFrameworkError',
  'SecurityError',
  'TypeConstraintViolation',
] as const;

export type RpcErrorCode = (typeof RPC_ERROR_CODES)[number];

/**
 * Failures that happen on this side without any CALLERROR on the wire: the CALL timed out, the connection closed
 * before the answer, or the agent tried to send a message its own schemas reject (a programming error).
 */
export type LocalRpcErrorCode = 'Timeout' | 'ConnectionClosed' | 'InvalidOutgoingMessage';

const WIRE_CODES_16: Record<RpcErrorCode, string> = {
  FormatViolation: 'FormationViolation',
  GenericError: 'GenericError',
  InternalError: 'InternalError',
  // Not in 1.6: an unknown message type is ignored there (OCPP-J 1.6 section 4.1.3), so this is never needed.
  MessageTypeNotSupported: 'GenericError',
  NotImplemented: 'NotImplemented',
  NotSupported: 'NotSupported',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  PropertyConstraintViolation: 'PropertyConstraintViolation',
  ProtocolError: 'ProtocolError',
  // Not in 1.6: FormationViolation is "syntactically incorrect or not conform the PDU structure", the nearest code.
  RpcFrameworkError: 'FormationViolation',
  SecurityError: 'SecurityError',
  TypeConstraintViolation: 'TypeConstraintViolation',
};

/** The errorCode string to put in a CALLERROR / CALLRESULTERROR for `code` on a connection speaking `protocol`. */
export function wireErrorCode(code: RpcErrorCode, protocol: OcppProtocol): string {
  return protocol === 'ocpp1.6' ? WIRE_CODES_16[code] : code;
}

/**
 * The agent's RpcErrorCode for an errorCode received on the wire. Accepts both the 1.6 and the 2.x spellings from
 * any peer (lenient in what we accept); an unknown string maps to GenericError.
 */
export function parseWireErrorCode(wire: string): RpcErrorCode {
  if (wire === 'FormationViolation') return 'FormatViolation';
  if (wire === 'OccurenceConstraintViolation') return 'OccurrenceConstraintViolation';
  return (RPC_ERROR_CODES as readonly string[]).includes(wire) ? (wire as RpcErrorCode) : 'GenericError';
}

/** The longest errorDescription the spec allows (2.x part 4 table 7: string[255]). */
export const MAX_ERROR_DESCRIPTION = 255;

/** `text` cut to at most MAX_ERROR_DESCRIPTION characters. */
export function clampDescription(text: string): string {
  return text.length <= MAX_ERROR_DESCRIPTION ? text : text.slice(0, MAX_ERROR_DESCRIPTION - 1) + '…';
}

/** An OCPP-J RPC failure: a CALLERROR received or to be sent, or a local failure of a CALL (LocalRpcErrorCode). */
export class RpcError extends Error {
  /** The code in the 2.x spelling, or a local code that never goes on the wire. */
  readonly code: RpcErrorCode | LocalRpcErrorCode;
  /** errorDescription (at most 255 characters when sent). */
  readonly description: string;
  /** errorDetails: a JSON object, {} when there are none. */
  readonly details: Record<string, unknown>;
  /** The errorCode exactly as received on the wire, when this error came from the peer. */
  readonly wireCode: string | undefined;

  constructor(
    code: RpcErrorCode | LocalRpcErrorCode,
    description: string,
    details: Record<string, unknown> = {},
    wireCode?: string,
  ) {
    super(`${code}: ${description}`);
    this.name = 'RpcError';
    this.code = code;
    this.description = description;
    this.details = details;
    this.wireCode = wireCode;
  }

  /** True when the code is one of the RPC framework codes (can be sent in a CALLERROR). */
  get isWireCode(): boolean {
    return (RPC_ERROR_CODES as readonly string[]).includes(this.code);
  }
}
