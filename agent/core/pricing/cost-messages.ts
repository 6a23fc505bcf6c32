// The CSMS's price and cost messages (OCA California pricing: SetUserPrice, RunningCost, FinalCost) as plain data the core acts on.

/** One text in one language (OCPP MessageContentType without 2.1's QRCODE). */
export interface CostMsgText {
  format: 'ASCII' | 'HTML' | 'URI' | 'UTF8';
  /** RFC 5646 language code, at most 8 characters; absent: the station's default language. */
  language?: string;
  content: string;
}

/** Prices while charging, in the CSMS's currency, taxes included. */
export interface ChargingPrice {
  /** Price per kWh. */
  kWhPrice?: number;
  /** Price per hour of charging. */
  hourPrice?: number;
  /** Fixed fee of the session. */
  flatFee?: number;
}

/** Prices while idle (connected, not charging). */
export interface IdlePrice {
  /** Minutes of idle time before the idle price applies (integer). */
  graceMinutes?: number;
  /** Price per hour of idle time after the grace period. */
  hourPrice?: number;
}

/** The prices that apply from `atTime` on. */
export interface NextPeriod {
  /** ISO 8601 date-time with offset. */
  atTime: string;
  chargingPrice?: ChargingPrice;
  idlePrice?: IdlePrice;
}

/** When the station should send an extra meter value (so the CSMS can price the change). */
export interface TriggerMeterValue {
  /** ISO 8601 date-time with offset. */
  atTime?: string;
  /** The meter's energy register reaching this value, kWh (the register RunningCost.meterValue is read from). */
  atEnergykWh?: number;
  /** Power crossing this value, kW. */
  atPowerkW?: number;
  /** Connector statuses (1.6 ChargePointStatus; 2.x ConnectorStatus). */
  atCPStatus?: string[];
}

/** A driver-specific price shown once the driver identified (table 2). */
export interface SetUserPrice {
  kind: 'SetUserPrice';
  /** The idToken (1.6 idTag) the price is for. */
  idToken: string;
  /** The price text in the station's default language. */
  priceText: string;
  /** The same text in other languages (v3 multi-language support). */
  priceTextExtra: CostMsgText[];
}

/** The running cost of a transaction (table 4; on 2.0.1 natively CostUpdated). */
export interface RunningCost {
  kind: 'RunningCost';
  transactionId: string;
  /** Cost so far, taxes included, in the CSMS's currency. */
  cost: number;
  /** Time of the meter value the cost is based on (ISO 8601). Required in the DataTransfer form. */
  timestamp?: string;
  /** Energy register the cost is based on, Wh (integer). Required in the DataTransfer form. */
  meterValueWh?: number;
  /** Whether the session is charging or idle. Required in the DataTransfer form. */
  state?: 'Charging' | 'Idle';
  /** The prices in force now. Required in the DataTransfer form. */
  chargingPrice?: ChargingPrice;
  idlePrice?: IdlePrice;
  nextPeriod?: NextPeriod;
  triggerMeterValue?: TriggerMeterValue;
  /** Optional text (e.g. a breakdown) to show with the cost. */
  priceText?: string;
  priceTextExtra: CostMsgText[];
  qrCodeText?: string;
}

/** The final cost of a transaction (table 3; on 2.0.1 natively the response to the Ended event). */
export interface FinalCost {
  kind: 'FinalCost';
  transactionId: string;
  /** Total cost, taxes included, in the CSMS's currency. */
  cost: number;
  /** The receipt text to show. */
  priceText: string;
  priceTextExtra: CostMsgText[];
  /** Text to show as a QR code, e.g. a receipt or invoice URL. */
  qrCodeText?: string;
}

export type CostMessage = SetUserPrice | RunningCost | FinalCost;

/** A rejection: a reason code (at most 20 characters, OCPP 2.x StatusInfo) and what exactly was wrong. */
export interface CostMsgRejection {
  reasonCode: 'InvalidData' | 'MissingField' | 'InvalidValue' | 'UnknownTransaction';
  additionalInfo: string;
}

/** Where parsed messages go (CsmsPriceInfo); it refuses, e.g., a cost for a transaction it does not know. */
export interface CostMsgSink {
  apply(message: CostMessage): { ok: true } | ({ ok: false } & CostMsgRejection);
}

/** The text to show: the first of `languages` present among the main text (in `defaultLanguage`) and the extras, else the main text. */
export function pickCostMsgText(
  main: string | undefined,
  extras: readonly CostMsgText[],
  languages: readonly string[] = [],
  defaultLanguage?: string,
): string | undefined {
  for (const lang of languages) {
    const l = lang.toLowerCase();
    if (main !== undefined && defaultLanguage?.toLowerCase() === l) return main;
    const m = extras.find((x) => x.language?.toLowerCase() === l);
    if (m) return m.content;
  }
  return main ?? extras[0]?.content;
}
