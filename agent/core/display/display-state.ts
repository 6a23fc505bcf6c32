// What the station display shows per EVSE, as plain data: the contract between the core (producer) and the display drivers (kiosk page, PNG, terminal).

/** The phase of one EVSE as a driver sees it. */
export type DisplayPhase =
  /** Free: show the price and a scannable payment QR code. */
  | 'available'
  /** A driver started paying (NotifyWebPaymentStarted): no scannable code until the session starts or the timeout passes. */
  | 'payment-in-progress'
  /** A session is running: energy, time, the limit and what is left of it. */
  | 'charging'
  /** The session ended: totals and, where the CSMS gave one, a receipt link. */
  | 'finished'
  | 'unavailable'
  | 'faulted';

/** QR error-correction level (WebPaymentsCtrlr.QRCodeQuality). */
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export interface DisplayQr {
  /** The URL to encode (with the current TOTP). */
  url: string;
  errorCorrection: QrErrorCorrection;
  /** When this code stops being current, ms since epoch (the next slot boundary). */
  validUntil: number;
}

export interface DisplayPrice {
  currency: string;
  /** e.g. "25.00 KES/kWh" */
  perKwh?: string;
  /** e.g. "1.00 KES/min after 30 min idle" */
  time?: string;
  /** e.g. "10.00 KES per session" */
  sessionFee?: string;
  /** Free text from the tariff (e.g. the tariff's description), shown under the price. */
  text?: string;
}

export interface DisplaySession {
  energyWh: number;
  elapsedS: number;
  powerW?: number;
  limit?: { maxEnergyWh?: number; maxTimeS?: number; maxCost?: number };
  /** What is left of the limit. */
  remaining?: { energyWh?: number; timeS?: number; cost?: number };
  /** Running cost, in the price's currency, when known. */
  cost?: number;
}

export interface DisplaySummary {
  energyWh: number;
  durationS: number;
  totalCost?: number;
  /** A receipt link the CSMS provided, shown as a QR code. */
  receiptUrl?: string;
  /** The CSMS's receipt text (California pricing FinalCost priceText), shown under the total. */
  priceText?: string;
  stoppedReason?: string;
}

export interface EvseDisplayState {
  evseId: number;
  connectorId: number;
  /** e.g. "EVSE 1 · Type 2" */
  name: string;
  phase: DisplayPhase;
  /** Present only while a scannable payment code should be shown. */
  qr?: DisplayQr;
  price?: DisplayPrice;
  session?: DisplaySession;
  summary?: DisplaySummary;
  /** A one-line message, e.g. "Payment in progress…" or the fault. */
  message?: string;
  /** ms since epoch of this state. */
  updatedAt: number;
}

/** The producer side: the current state of every EVSE, and a change notification. */
export interface DisplaySource {
  current(): EvseDisplayState[];
  on(event: 'change', listener: (state: EvseDisplayState) => void): unknown;
  off(event: 'change', listener: (state: EvseDisplayState) => void): unknown;
}
