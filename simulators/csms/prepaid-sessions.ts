// Prepaid payments: "payment confirmed for N" -> an issued idToken, a remoteStartId and the energy the amount buys; matched to transactions.

import { randomInt } from 'node:crypto';
import type { TransactionEventRequest } from '../../agent/core/types/v21.js';
import { PAYMENT_METHODS, type PayRequest, type PrepaidPayment } from './csms-types.js';
import { energyForAmountWh, minorUnitDigits, roundToMinor } from './receipt.js';

/** Payment references: letters, digits, '-' and '_', at most 30 (so 'PAY-<ref>' fits 2.0.1's idToken string[36]). */
const REFERENCE = /^[A-Za-z0-9_-]{1,30}$/;

/** A reference in the style of the payment method (M-PESA: 10 letters/digits; UPI: 12-digit RRN; card/terminal: auth code). */
export function makeReference(method: PrepaidPayment['method']): string {
  const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
  switch (method) {
    case 'mpesa':
      return pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10);
    case 'upi':
      return pick('0123456789', 12);
    default:
      return `${method === 'card' ? 'CARD' : 'TERM'}-${pick('0123456789', 6)}`;
  }
}

/** The payments the simulator took, and which transaction each one paid for. */
export class PrepaidBook {
  /** Every payment, oldest first. */
  readonly payments: PrepaidPayment[] = [];
  private nextRemoteStartId = 1;

  constructor(
    private readonly pricePerKwh: number,
    private readonly currency: string,
  ) {
    energyForAmountWh(0, pricePerKwh); // validates the price
    minorUnitDigits(currency); // validates the currency
  }

  /** Records a confirmed payment and issues its idToken and remoteStartId; throws RangeError naming a bad field. */
  create(req: PayRequest): PrepaidPayment {
    if (typeof req.stationId !== 'string' || req.stationId === '') throw new RangeError('stationId is required');
    if (typeof req.amount !== 'number' || !Number.isFinite(req.amount) || req.amount <= 0) {
      throw new RangeError(`amount must be a number > 0, got ${JSON.stringify(req.amount)}`);
    }
    if (!PAYMENT_METHODS.includes(req.method)) {
      throw new RangeError(`method must be one of ${PAYMENT_METHODS.join(', ')}, got ${JSON.stringify(req.method)}`);
    }
    const currency = req.currency ?? this.currency;
    if (currency !== this.currency) throw new RangeError(`currency ${currency} is not accepted; this CSMS prices in ${this.currency}`);
    if (req.evseId !== undefined && (!Number.isInteger(req.evseId) || req.evseId < 1)) {
      throw new RangeError(`evseId must be an integer >= 1, got ${JSON.stringify(req.evseId)}`);
    }
    const reference = req.reference ?? makeReference(req.method);
    if (!REFERENCE.test(reference)) throw new RangeError(`reference must be 1-30 letters, digits, '-' or '_', got ${JSON.stringify(reference)}`);
    if (this.payments.some((p) => p.reference === reference)) throw new RangeError(`reference ${reference} was already used`);
    const paid = roundToMinor(req.amount, currency);
    if (paid <= 0) throw new RangeError(`amount ${req.amount} is less than the smallest unit of ${currency}`);
    const payment: PrepaidPayment = {
      stationId: req.stationId,
      ...(req.evseId !== undefined ? { evseId: req.evseId } : {}),
      method: req.method,
      ...(req.limitBy ? { limitBy: req.limitBy } : {}),
      reference,
      currency,
      paid,
      idToken: { idToken: `PAY-${reference}`, type: 'Central' },
      remoteStartId: this.nextRemoteStartId++,
      maxEnergyWh: energyForAmountWh(paid, this.pricePerKwh),
      state: 'pending',
    };
    this.payments.push(payment);
    return payment;
  }

  /** The payment whose idToken is `idToken` (case-insensitive, as idTokens are). */
  byIdToken(idToken: string): PrepaidPayment | undefined {
    const t = idToken.toLowerCase();
    return this.payments.find((p) => p.idToken.idToken.toLowerCase() === t);
  }

  /** The payment bound to a transaction. */
  byTransaction(transactionId: string): PrepaidPayment | undefined {
    return this.payments.find((p) => p.transactionId === transactionId && p.state !== 'failed');
  }

  /** Binds `payment` to the transaction it started. */
  bind(payment: PrepaidPayment, transactionId: string): void {
    payment.transactionId = transactionId;
    if (payment.state === 'pending') payment.state = 'charging';
  }

  /**
   * The payment a TransactionEvent belongs to: the one already bound to its transaction, or a pending payment of the
   * station whose remoteStartId (transactionInfo.remoteStartId) or idToken the event carries (then bound to it).
   */
  match(stationId: string, event: TransactionEventRequest): PrepaidPayment | undefined {
    const transactionId = event.transactionInfo.transactionId;
    const bound = this.byTransaction(transactionId);
    if (bound) return bound;
    const token = event.idToken?.idToken.toLowerCase();
    const remoteStartId = event.transactionInfo.remoteStartId;
    const pending = this.payments.find(
      (p) =>
        p.stationId === stationId &&
        p.state === 'pending' &&
        ((remoteStartId !== undefined && p.remoteStartId === remoteStartId) || (token !== undefined && p.idToken.idToken.toLowerCase() === token)),
    );
    if (pending) this.bind(pending, transactionId);
    return pending;
  }

  /** Adds `amount` to a running prepaid transaction; its limit rises in the next TransactionEventResponse. */
  topUp(transactionId: string, amount: number): PrepaidPayment {
    const payment = this.byTransaction(transactionId);
    if (!payment) throw new RangeError(`transaction ${transactionId} has no prepaid payment`);
    if (payment.state === 'settled') throw new RangeError(`transaction ${transactionId} has ended and was settled`);
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) throw new RangeError(`amount must be a number > 0, got ${JSON.stringify(amount)}`);
    payment.paid = roundToMinor(payment.paid + amount, payment.currency);
    payment.maxEnergyWh = energyForAmountWh(payment.paid, this.pricePerKwh);
    return payment;
  }
}
