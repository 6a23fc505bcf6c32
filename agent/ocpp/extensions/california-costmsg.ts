// Extension codec, OCA California pricing (vendorId org.openchargealliance.costmsg): SetUserPrice, RunningCost, FinalCost parsed and checked into the core's cost messages, and the answers, for every OCPP version.

/*
 * Sources (read, not copied):
 * - Open Charge Alliance, "OCPP & California Pricing Requirements" (application note / whitepaper, v3.0 of
 *   2024-02-22, announced at https://www.openchargealliance.org/news/new-publication-ocpp-en-california-pricing-requirements/;
 *   listed at https://openchargealliance.org/whitepapers/). Section 3 (OCPP 1.6) defines the DataTransfer messages
 *   with vendorId "org.openchargealliance.costmsg" and messageId SetUserPrice (table 2), FinalCost (table 3) and
 *   RunningCost (table 4) whose `data` is a JSON text; v3 added multi-language texts (priceTextExtra).
 *   Section 4 (OCPP 2.0.1) uses the native messages instead: the running cost in CostUpdatedRequest (totalCost,
 *   transactionId) or TransactionEventResponse (totalCost, updatedPersonalMessage), with the RunningCost fields that
 *   have no 2.0.1 field in customData under the same vendorId; the final cost in the TransactionEventResponse to the
 *   Ended event.
 * - Open implementations cross-checked for the field names and types: EVerest libocpp
 *   (doc/california_pricing_requirements.md, lib/ocpp/common/types.cpp RunningCost/TriggerMeterValue from_json,
 *   lib/ocpp/v2/functional_blocks/tariff_and_cost.cpp, tests/.../ocpp201 california pricing tests), MicroOcpp
 *   (src/MicroOcpp/Operations/DataTransfer{SetUserPrice,RunningCost,FinalCost}.cpp) and CitrineOS (the 1.6
 *   California pricing module's types).
 *
 * Interpretations (where the sources leave a choice):
 * - On OCPP 2.0.1 the same three messages are also accepted as a DataTransfer whose `data` is the message as a JSON
 *   object (or, for a CSMS reusing its 1.6 code, a JSON text). The whitepaper's native 2.0.1 forms are read by
 *   runningCostFromCostUpdated() and costFromTransactionEventResponse().
 * - transactionId: an integer in 1.6 (its transaction ids are integers), a string of at most 36 characters in 2.x;
 *   either form is accepted in every version and kept as text.
 * - Unknown top-level fields are ignored (the convention grew between versions); a known field with a wrong type or
 *   value is Rejected, naming the field.
 * - cost, prices, meterValue, graceMinutes and trigger values must not be negative.
 * - Texts (priceText, priceTextExtra[].content, qrCodeText) are at most 1024 characters (OCPP 2.1's MessageContent
 *   limit), so a display is never handed an unbounded string.
 */

import type {
  ChargingPrice,
  CostMessage,
  CostMsgRejection,
  CostMsgSink,
  CostMsgText,
  FinalCost,
  IdlePrice,
  NextPeriod,
  RunningCost,
  SetUserPrice,
  TriggerMeterValue,
} from '../../core/pricing/cost-messages.js';

/** A parsed message, or why it is rejected. */
export type CostMsgParse = { ok: true; message: CostMessage } | ({ ok: false } & CostMsgRejection);

/** DataTransfer vendorId (and customData vendorId on 2.0.1) of the convention. */
export const COSTMSG_VENDOR_ID = 'org.openchargealliance.costmsg';
export const SET_USER_PRICE = 'SetUserPrice';
export const RUNNING_COST = 'RunningCost';
export const FINAL_COST = 'FinalCost';
export type CostMsgId = typeof SET_USER_PRICE | typeof RUNNING_COST | typeof FINAL_COST;

export type CostMsgProtocol = 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1';

/** Longest text accepted in any text field, characters. */
export const MAX_COSTMSG_TEXT = 1024;

/** What to answer a DataTransfer with. */
export type CostMsgOutcome =
  | { status: 'Accepted'; message: CostMessage }
  | { status: 'UnknownVendorId' | 'UnknownMessageId' }
  | ({ status: 'Rejected' } & CostMsgRejection);

/** Whether a vendorId is the convention's (DNS-style names compare case-insensitively). */
export function isCostMsgVendor(vendorId: unknown): boolean {
  return typeof vendorId === 'string' && vendorId.toLowerCase() === COSTMSG_VENDOR_ID;
}

// ---- field readers ---------------------------------------------------------------------------

class Invalid extends Error {
  constructor(
    readonly reasonCode: CostMsgRejection['reasonCode'],
    message: string,
  ) {
    super(message);
  }
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

function required<T>(o: Obj, key: string, where: string, read: (v: unknown, name: string) => T): T {
  if (o[key] === undefined || o[key] === null) throw new Invalid('MissingField', `${where}: '${key}' is required`);
  return read(o[key], `${where}.${key}`);
}

function optional<T>(o: Obj, key: string, where: string, read: (v: unknown, name: string) => T): T | undefined {
  return o[key] === undefined || o[key] === null ? undefined : read(o[key], `${where}.${key}`);
}

function amount(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Invalid('InvalidValue', `${name} must be a number, got ${show(v)}`);
  if (v < 0) throw new Invalid('InvalidValue', `${name} must not be negative, got ${v}`);
  return v;
}

function count(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Invalid('InvalidValue', `${name} must be an integer, got ${show(v)}`);
  if (v < 0) throw new Invalid('InvalidValue', `${name} must not be negative, got ${v}`);
  return v;
}

function text(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new Invalid('InvalidValue', `${name} must be a string, got ${show(v)}`);
  if (v.length > MAX_COSTMSG_TEXT) throw new Invalid('InvalidValue', `${name} is ${v.length} characters; at most ${MAX_COSTMSG_TEXT}`);
  return v;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

function dateTime(v: unknown, name: string): string {
  if (typeof v !== 'string' || !DATE_TIME.test(v) || Number.isNaN(Date.parse(v))) {
    throw new Invalid('InvalidValue', `${name} must be an ISO 8601 date-time with a UTC offset, got ${show(v)}`);
  }
  return v;
}

function transactionId(v: unknown, name: string): string {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Invalid('InvalidValue', `${name} must be an integer (1.6) or a string (2.x), got ${v}`);
    return String(v);
  }
  if (typeof v === 'string' && v.length > 0 && v.length <= 36) return v;
  throw new Invalid('InvalidValue', `${name} must be an integer (1.6) or a string of 1 to 36 characters (2.x), got ${show(v)}`);
}

function idToken(maxLength: number) {
  return (v: unknown, name: string): string => {
    if (typeof v !== 'string' || v.length === 0 || v.length > maxLength) {
      throw new Invalid('InvalidValue', `${name} must be a string of 1 to ${maxLength} characters, got ${show(v)}`);
    }
    return v;
  };
}

function object(v: unknown, name: string): Obj {
  if (!isObject(v)) throw new Invalid('InvalidValue', `${name} must be an object, got ${show(v)}`);
  return v;
}

const FORMATS = ['ASCII', 'HTML', 'URI', 'UTF8'];

function messageContent(v: unknown, name: string): CostMsgText {
  const o = object(v, name);
  const format = o.format === undefined ? 'UTF8' : o.format;
  if (typeof format !== 'string' || !FORMATS.includes(format)) throw new Invalid('InvalidValue', `${name}.format must be one of ${FORMATS.join(', ')}, got ${show(format)}`);
  const language = optional(o, 'language', name, (l, n) => {
    if (typeof l !== 'string' || l.length === 0 || l.length > 8) throw new Invalid('InvalidValue', `${n} must be an RFC 5646 code of at most 8 characters, got ${show(l)}`);
    return l;
  });
  const content = required(o, 'content', name, text);
  return { format: format as CostMsgText['format'], ...(language !== undefined ? { language } : {}), content };
}

function texts(v: unknown, name: string): CostMsgText[] {
  if (!Array.isArray(v)) throw new Invalid('InvalidValue', `${name} must be an array of message contents, got ${show(v)}`);
  return v.map((item, i) => messageContent(item, `${name}[${i}]`));
}

function chargingPrice(v: unknown, name: string): ChargingPrice {
  const o = object(v, name);
  const out: ChargingPrice = {};
  for (const key of ['kWhPrice', 'hourPrice', 'flatFee'] as const) {
    const p = optional(o, key, name, amount);
    if (p !== undefined) out[key] = p;
  }
  return out;
}

function idlePrice(v: unknown, name: string): IdlePrice {
  const o = object(v, name);
  const graceMinutes = optional(o, 'graceMinutes', name, count);
  const hourPrice = optional(o, 'hourPrice', name, amount);
  return { ...(graceMinutes !== undefined ? { graceMinutes } : {}), ...(hourPrice !== undefined ? { hourPrice } : {}) };
}

function nextPeriod(v: unknown, name: string): NextPeriod {
  const o = object(v, name);
  const cp = optional(o, 'chargingPrice', name, chargingPrice);
  const ip = optional(o, 'idlePrice', name, idlePrice);
  return { atTime: required(o, 'atTime', name, dateTime), ...(cp ? { chargingPrice: cp } : {}), ...(ip ? { idlePrice: ip } : {}) };
}

const CP_STATUSES = new Set([
  // OCPP 1.6 ChargePointStatus
  'Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted',
  // OCPP 2.x ConnectorStatusEnumType adds
  'Occupied',
]);

function triggerMeterValue(v: unknown, name: string): TriggerMeterValue {
  const o = object(v, name);
  const atTime = optional(o, 'atTime', name, dateTime);
  const atEnergykWh = optional(o, 'atEnergykWh', name, amount);
  const atPowerkW = optional(o, 'atPowerkW', name, amount);
  const atCPStatus = optional(o, 'atCPStatus', name, (s, n) => {
    if (!Array.isArray(s) || s.some((x) => typeof x !== 'string' || !CP_STATUSES.has(x))) {
      throw new Invalid('InvalidValue', `${n} must be an array of connector statuses, got ${show(s)}`);
    }
    return s as string[];
  });
  return {
    ...(atTime !== undefined ? { atTime } : {}),
    ...(atEnergykWh !== undefined ? { atEnergykWh } : {}),
    ...(atPowerkW !== undefined ? { atPowerkW } : {}),
    ...(atCPStatus !== undefined ? { atCPStatus } : {}),
  };
}

function state(v: unknown, name: string): 'Charging' | 'Idle' {
  if (v !== 'Charging' && v !== 'Idle') throw new Invalid('InvalidValue', `${name} must be "Charging" or "Idle", got ${show(v)}`);
  return v;
}

// ---- messages --------------------------------------------------------------------------------

function readSetUserPrice(d: Obj, protocol: CostMsgProtocol): SetUserPrice {
  const where = SET_USER_PRICE;
  return {
    kind: 'SetUserPrice',
    // 1.6 idTag is CiString20; 2.x IdTokenType.idToken is at most 36 characters.
    idToken: required(d, 'idToken', where, idToken(protocol === 'ocpp1.6' ? 20 : 36)),
    priceText: required(d, 'priceText', where, text),
    priceTextExtra: optional(d, 'priceTextExtra', where, texts) ?? [],
  };
}

/** The RunningCost fields other than transactionId and cost; `strict` makes the DataTransfer form's required ones required. */
function readRunningCostDetails(d: Obj, where: string, strict: boolean): Omit<RunningCost, 'kind' | 'transactionId' | 'cost'> {
  const get: <T>(o: Obj, key: string, where: string, read: (v: unknown, name: string) => T) => T | undefined = strict ? required : optional;
  const timestamp = get(d, 'timestamp', where, dateTime);
  const meterValueWh = get(d, 'meterValue', where, count);
  const st = get(d, 'state', where, state);
  const cp = get(d, 'chargingPrice', where, chargingPrice);
  const ip = optional(d, 'idlePrice', where, idlePrice);
  const np = optional(d, 'nextPeriod', where, nextPeriod);
  const tr = optional(d, 'triggerMeterValue', where, triggerMeterValue);
  const priceText = optional(d, 'priceText', where, text);
  const qrCodeText = optional(d, 'qrCodeText', where, text);
  return {
    ...(timestamp !== undefined ? { timestamp } : {}),
    ...(meterValueWh !== undefined ? { meterValueWh } : {}),
    ...(st !== undefined ? { state: st } : {}),
    ...(cp !== undefined ? { chargingPrice: cp } : {}),
    ...(ip !== undefined ? { idlePrice: ip } : {}),
    ...(np !== undefined ? { nextPeriod: np } : {}),
    ...(tr !== undefined ? { triggerMeterValue: tr } : {}),
    ...(priceText !== undefined ? { priceText } : {}),
    priceTextExtra: optional(d, 'priceTextExtra', where, texts) ?? [],
    ...(qrCodeText !== undefined ? { qrCodeText } : {}),
  };
}

function readRunningCost(d: Obj): RunningCost {
  const where = RUNNING_COST;
  const transaction = required(d, 'transactionId', where, transactionId);
  const cost = required(d, 'cost', where, amount);
  return { kind: 'RunningCost', transactionId: transaction, cost, ...readRunningCostDetails(d, where, true) };
}

function readFinalCost(d: Obj): FinalCost {
  const where = FINAL_COST;
  const qrCodeText = optional(d, 'qrCodeText', where, text);
  return {
    kind: 'FinalCost',
    transactionId: required(d, 'transactionId', where, transactionId),
    cost: required(d, 'cost', where, amount),
    priceText: required(d, 'priceText', where, text),
    priceTextExtra: optional(d, 'priceTextExtra', where, texts) ?? [],
    ...(qrCodeText !== undefined ? { qrCodeText } : {}),
  };
}

function attempt(read: () => CostMessage): CostMsgParse {
  try {
    return { ok: true, message: read() };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, reasonCode: err.reasonCode, additionalInfo: err.message };
    throw err;
  }
}

/**
 * The `data` of a costmsg DataTransfer with `messageId`, checked. 1.6 carries the message as a JSON text; 2.x as a
 * JSON object (a JSON text is accepted as well).
 */
export function parseCostMsgData(messageId: CostMsgId, data: unknown, protocol: CostMsgProtocol): CostMsgParse {
  let d: unknown = data;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d) as unknown;
    } catch {
      return { ok: false, reasonCode: 'InvalidData', additionalInfo: `${messageId}: 'data' is not valid JSON` };
    }
  } else if (protocol === 'ocpp1.6' && d !== undefined) {
    return { ok: false, reasonCode: 'InvalidData', additionalInfo: `${messageId}: 'data' must be a JSON text in OCPP 1.6` };
  }
  if (d === undefined || d === null) return { ok: false, reasonCode: 'InvalidData', additionalInfo: `${messageId}: 'data' is missing` };
  if (!isObject(d)) return { ok: false, reasonCode: 'InvalidData', additionalInfo: `${messageId}: 'data' must be a JSON object, got ${show(d)}` };
  const obj = d;
  if (messageId === SET_USER_PRICE) return attempt(() => readSetUserPrice(obj, protocol));
  if (messageId === RUNNING_COST) return attempt(() => readRunningCost(obj));
  return attempt(() => readFinalCost(obj));
}

/** A DataTransfer request checked: UnknownVendorId for another vendor, UnknownMessageId for another message, else the parsed message or the rejection. */
export function parseCostMsgDataTransfer(req: { vendorId?: unknown; messageId?: unknown; data?: unknown }, protocol: CostMsgProtocol): CostMsgOutcome {
  if (!isCostMsgVendor(req.vendorId)) return { status: 'UnknownVendorId' };
  const id = req.messageId;
  if (id !== SET_USER_PRICE && id !== RUNNING_COST && id !== FINAL_COST) return { status: 'UnknownMessageId' };
  const parsed = parseCostMsgData(id, req.data, protocol);
  return parsed.ok ? { status: 'Accepted', message: parsed.message } : { status: 'Rejected', reasonCode: parsed.reasonCode, additionalInfo: parsed.additionalInfo };
}

/** Parses a costmsg DataTransfer and hands an accepted message to `sink`; the sink may still refuse it (e.g. an unknown transaction). */
export function handleCostMsgDataTransfer(
  req: { vendorId?: unknown; messageId?: unknown; data?: unknown },
  protocol: CostMsgProtocol,
  sink: CostMsgSink,
): CostMsgOutcome {
  const outcome = parseCostMsgDataTransfer(req, protocol);
  if (outcome.status !== 'Accepted') return outcome;
  const applied = sink.apply(outcome.message);
  return applied.ok ? outcome : { status: 'Rejected', reasonCode: applied.reasonCode, additionalInfo: applied.additionalInfo };
}

/** The OCPP 2.0.1/2.1 DataTransferResponse: a rejection's reason in statusInfo. */
export function costMsgV2Response(o: CostMsgOutcome): { status: 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId'; statusInfo?: { reasonCode: string; additionalInfo: string } } {
  if (o.status !== 'Rejected') return { status: o.status };
  return { status: 'Rejected', statusInfo: { reasonCode: o.reasonCode.slice(0, 20), additionalInfo: o.additionalInfo.slice(0, 512) } };
}

/** The OCPP 1.6 DataTransfer.conf: a rejection's reason as a JSON text in `data`. */
export function costMsgV16Response(o: CostMsgOutcome): { status: 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId'; data?: string } {
  if (o.status !== 'Rejected') return { status: o.status };
  return { status: 'Rejected', data: JSON.stringify({ reasonCode: o.reasonCode, additionalInfo: o.additionalInfo }) };
}

// ---- the whitepaper's native OCPP 2.0.1 forms ------------------------------------------------

/**
 * A 2.0.1 CostUpdatedRequest as a RunningCost: totalCost and transactionId from the message, the other RunningCost
 * fields from customData when its vendorId is the convention's (all optional there). Already schema-checked by the
 * RPC layer; a bad customData field is a rejection (CostUpdated has no negative answer: log it and keep the cost).
 */
export function runningCostFromCostUpdated(req: { totalCost: number; transactionId: string; customData?: unknown }): CostMsgParse {
  return attempt(() => {
    const cost = amount(req.totalCost, 'CostUpdated.totalCost');
    const base: RunningCost = { kind: 'RunningCost', transactionId: req.transactionId, cost, priceTextExtra: [] };
    const c = req.customData;
    if (!isObject(c) || !isCostMsgVendor(c.vendorId)) return base;
    return { ...base, ...readRunningCostDetails(c, 'CostUpdated.customData', false) };
  });
}

/**
 * The cost in a 2.0.1 TransactionEventResponse: totalCost with updatedPersonalMessage (the price text) and, in
 * customData, qrCodeText and updatedPersonalMessageExtra (other languages). The answer to an Ended event is the
 * FinalCost, to any other event a RunningCost. Undefined when the response carries no totalCost.
 */
export function costFromTransactionEventResponse(
  eventType: 'Started' | 'Updated' | 'Ended',
  transactionId: string,
  response: { totalCost?: number; updatedPersonalMessage?: unknown; customData?: unknown },
): CostMsgParse | undefined {
  if (response.totalCost === undefined) return undefined;
  const totalCost = response.totalCost;
  return attempt(() => {
    const cost = amount(totalCost, 'TransactionEventResponse.totalCost');
    const personal = response.updatedPersonalMessage === undefined ? undefined : messageContent(response.updatedPersonalMessage, 'TransactionEventResponse.updatedPersonalMessage');
    const c = isObject(response.customData) ? response.customData : {};
    const extra = optional(c, 'updatedPersonalMessageExtra', 'TransactionEventResponse.customData', texts) ?? [];
    const qrCodeText = optional(c, 'qrCodeText', 'TransactionEventResponse.customData', text);
    if (eventType === 'Ended') {
      return { kind: 'FinalCost', transactionId, cost, priceText: personal?.content ?? '', priceTextExtra: extra, ...(qrCodeText !== undefined ? { qrCodeText } : {}) };
    }
    return {
      kind: 'RunningCost',
      transactionId,
      cost,
      ...(personal ? { priceText: personal.content } : {}),
      priceTextExtra: extra,
      ...(qrCodeText !== undefined ? { qrCodeText } : {}),
    };
  });
}
