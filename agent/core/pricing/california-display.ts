// What the CSMS said about price and cost (California pricing messages) per EVSE and transaction, as display overrides the display service prefers over the local tariff.

import { EventEmitter } from 'node:events';
import { pino, type Logger } from 'pino';
import type { DisplayPrice } from '../display/display-state.js';
import { formatMoney, formatUnitPrice } from '../tariffs/currency.js';
import {
  pickCostMsgText,
  type ChargingPrice,
  type CostMessage,
  type CostMsgRejection,
  type CostMsgSink,
  type FinalCost,
  type IdlePrice,
  type RunningCost,
  type SetUserPrice,
  type TriggerMeterValue,
} from './cost-messages.js';

/** A transaction as CsmsPriceInfo needs to know it. */
export interface CsmsTxRef {
  evseId: number;
  transactionId: string;
  /** The idToken that authorized it, when known (SetUserPrice is addressed by idToken). */
  idToken?: string;
}

export interface CsmsPriceInfoOptions {
  /** The transactions open now (one per EVSE at most). */
  transactions: () => CsmsTxRef[];
  /** ISO 4217 code of the CSMS's prices and costs (TariffCostCtrlr.Currency); the convention's messages carry none. */
  currency: () => string;
  /** Preferred display languages, best first (RFC 5646); default none: the main text. */
  languages?: () => readonly string[];
  /** Language of the main priceText (the station's default language), e.g. "en". */
  defaultLanguage?: () => string | undefined;
  now?: () => number;
  /** How long a SetUserPrice waits for a transaction of its idToken, ms (default 15 min). */
  userPriceTtlMs?: number;
  /** How many ended transactions are remembered (their EVSE, final cost), default 32. */
  remember?: number;
  /** A RunningCost asked for extra meter values (triggerMeterValue) for a transaction open on `evseId`. */
  onTriggers?: (evseId: number, transactionId: string, triggers: TriggerMeterValue) => void;
  logger?: Logger;
}

export type ApplyResult = { ok: true; evseId?: number } | ({ ok: false } & CostMsgRejection);

/** The CSMS's final cost of one transaction, ready to show. */
export interface CsmsFinalInfo {
  transactionId: string;
  evseId: number;
  /** Total cost in `currency`, taxes included. */
  cost: number;
  currency: string;
  /** The receipt text in the preferred language ('' when the CSMS gave none). */
  priceText: string;
  /** Text for a QR code (e.g. an invoice URL), when given. */
  qrCodeText?: string;
  /** ms since epoch when it arrived. */
  receivedAt: number;
  message: FinalCost;
}

interface UserPrice {
  message: SetUserPrice;
  receivedAt: number;
  /** The transaction it was shown for first (it stays with that one). */
  boundTo?: string;
}

interface Running {
  message: RunningCost;
  receivedAt: number;
}

/**
 * Holds the CSMS's SetUserPrice / RunningCost / FinalCost (1.6 and 2.0.1) and answers, per EVSE, the price and
 * running cost to show, and per transaction the final cost. Emits 'change' with the EVSE id whenever what an EVSE
 * should show changed. Costs are the CSMS's, shown as given (the station does not recompute them).
 */
export class CsmsPriceInfo extends EventEmitter implements CostMsgSink {
  /** SetUserPrice by idToken (lower case: 1.6 idTags compare case-insensitively). */
  private readonly userPrices = new Map<string, UserPrice>();
  private readonly running = new Map<string, Running>();
  private readonly finals = new Map<string, CsmsFinalInfo>();
  /** transactionId -> EVSE, for transactions seen (kept after they end, bounded). */
  private readonly known = new Map<string, CsmsTxRef>();
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly o: CsmsPriceInfoOptions) {
    super();
    this.now = o.now ?? Date.now;
    this.log = o.logger ?? pino({ level: 'silent' });
  }

  override on(event: 'change', listener: (evseId: number) => void): this {
    return super.on(event, listener);
  }

  override off(event: 'change', listener: (evseId: number) => void): this {
    return super.off(event, listener);
  }

  /** Records a transaction (its EVSE and idToken), e.g. from every transaction event, so a FinalCost after its end still finds it. */
  noteTransaction(ref: CsmsTxRef): void {
    const prev = this.known.get(ref.transactionId);
    this.known.delete(ref.transactionId);
    this.known.set(ref.transactionId, { ...prev, ...ref, ...(ref.idToken === undefined && prev?.idToken ? { idToken: prev.idToken } : {}) });
    const max = this.o.remember ?? 32;
    const open = new Set(this.o.transactions().map((t) => t.transactionId));
    for (const id of this.known.keys()) {
      if (this.known.size <= max + open.size) break;
      if (!open.has(id)) {
        this.known.delete(id);
        this.running.delete(id);
      }
    }
  }

  apply(message: CostMessage): ApplyResult {
    if (message.kind === 'SetUserPrice') return this.onSetUserPrice(message);
    if (message.kind === 'RunningCost') return this.onRunningCost(message);
    return this.onFinalCost(message);
  }

  /**
   * A driver-specific price. Accepted whether or not a transaction of that idToken is open: it may come right after
   * Authorize, before the transaction knows its idToken; it then waits userPriceTtlMs for it. A new one for the same
   * idToken replaces the old.
   */
  onSetUserPrice(m: SetUserPrice): ApplyResult {
    this.prune();
    const tx = this.o.transactions().find((t) => t.idToken?.toLowerCase() === m.idToken.toLowerCase());
    this.userPrices.set(m.idToken.toLowerCase(), { message: m, receivedAt: this.now(), ...(tx ? { boundTo: tx.transactionId } : {}) });
    this.log.info({ evse: tx?.evseId }, 'CSMS user price received');
    if (tx) this.emit('change', tx.evseId);
    return tx ? { ok: true, evseId: tx.evseId } : { ok: true };
  }

  /** The running cost of a transaction on this station; Rejected (UnknownTransaction) for any other. */
  onRunningCost(m: RunningCost): ApplyResult {
    const tx = this.find(m.transactionId);
    if (!tx) return { ok: false, reasonCode: 'UnknownTransaction', additionalInfo: `RunningCost: no transaction '${m.transactionId}' on this station` };
    this.running.set(m.transactionId, { message: m, receivedAt: this.now() });
    this.log.info({ evse: tx.evseId, tx: m.transactionId, cost: m.cost }, 'CSMS running cost received');
    if (m.triggerMeterValue && this.o.transactions().some((t) => t.transactionId === m.transactionId)) this.o.onTriggers?.(tx.evseId, m.transactionId, m.triggerMeterValue);
    this.emit('change', tx.evseId);
    return { ok: true, evseId: tx.evseId };
  }

  /** The final cost of a transaction on this station (open or ended); Rejected (UnknownTransaction) for any other. */
  onFinalCost(m: FinalCost): ApplyResult {
    const tx = this.find(m.transactionId);
    if (!tx) return { ok: false, reasonCode: 'UnknownTransaction', additionalInfo: `FinalCost: no transaction '${m.transactionId}' on this station` };
    const text = pickCostMsgText(m.priceText, m.priceTextExtra, this.o.languages?.() ?? [], this.o.defaultLanguage?.()) ?? '';
    this.finals.delete(m.transactionId);
    this.finals.set(m.transactionId, {
      transactionId: m.transactionId,
      evseId: tx.evseId,
      cost: m.cost,
      currency: this.o.currency(),
      priceText: text,
      ...(m.qrCodeText !== undefined && m.qrCodeText !== '' ? { qrCodeText: m.qrCodeText } : {}),
      receivedAt: this.now(),
      message: m,
    });
    while (this.finals.size > (this.o.remember ?? 32)) this.finals.delete(this.finals.keys().next().value as string);
    this.running.delete(m.transactionId);
    this.log.info({ evse: tx.evseId, tx: m.transactionId, cost: m.cost }, 'CSMS final cost received');
    this.emit('change', tx.evseId);
    return { ok: true, evseId: tx.evseId };
  }

  /**
   * The price the CSMS gave for what runs on `evseId` now: the latest RunningCost's prices and text, else the
   * SetUserPrice of the transaction's idToken. Undefined when the CSMS gave none (show the local tariff's).
   */
  priceFor(evseId: number): DisplayPrice | undefined {
    const tx = this.o.transactions().find((t) => t.evseId === evseId);
    if (!tx) return undefined;
    this.noteTransaction(tx);
    const currency = this.o.currency();
    const languages = this.o.languages?.() ?? [];
    const def = this.o.defaultLanguage?.();
    const run = this.running.get(tx.transactionId)?.message;
    const user = this.userPriceOf(tx)?.message;
    const runText = run ? pickCostMsgText(run.priceText, run.priceTextExtra, languages, def) : undefined;
    const userText = user ? pickCostMsgText(user.priceText, user.priceTextExtra, languages, def) : undefined;
    // nextPeriod: from its atTime on, its prices are the ones in force (until the CSMS sends the next RunningCost)
    const next = run?.nextPeriod && this.now() >= Date.parse(run.nextPeriod.atTime) ? run.nextPeriod : undefined;
    const fromPrices = run ? priceLines(next?.chargingPrice ?? run.chargingPrice, next ? (next.idlePrice ?? run.idlePrice) : run.idlePrice, currency) : {};
    const textLine = runText ?? userText;
    if (Object.keys(fromPrices).length === 0 && textLine === undefined) return undefined;
    return { currency, ...fromPrices, ...(textLine !== undefined ? { text: textLine } : {}) };
  }

  /** The CSMS's running cost of the transaction open on `evseId`, in its currency; undefined when it sent none. */
  runningCostFor(evseId: number): number | undefined {
    const tx = this.o.transactions().find((t) => t.evseId === evseId);
    if (!tx) return undefined;
    return this.running.get(tx.transactionId)?.message.cost;
  }

  /** The latest RunningCost of a transaction, as received. */
  runningCostOf(transactionId: string): RunningCost | undefined {
    return this.running.get(transactionId)?.message;
  }

  /** The CSMS's final cost of a transaction, when it sent one. */
  finalFor(transactionId: string): CsmsFinalInfo | undefined {
    return this.finals.get(transactionId);
  }

  /** Forgets everything (e.g. after the connection moved to OCPP 2.1, whose tariffs replace the convention). */
  clear(): void {
    const evses = new Set([...this.known.values()].map((t) => t.evseId));
    this.userPrices.clear();
    this.running.clear();
    this.finals.clear();
    for (const e of evses) this.emit('change', e);
  }

  private find(transactionId: string): CsmsTxRef | undefined {
    const open = this.o.transactions().find((t) => t.transactionId === transactionId);
    if (open) {
      this.noteTransaction(open);
      return open;
    }
    return this.known.get(transactionId);
  }

  /**
   * The user price for transaction `tx`: bound to the first transaction of its idToken seen within userPriceTtlMs
   * of its arrival, and shown for that transaction only (a later transaction of the same driver gets a new one).
   */
  private userPriceOf(tx: CsmsTxRef): UserPrice | undefined {
    if (tx.idToken === undefined) return undefined;
    const u = this.userPrices.get(tx.idToken.toLowerCase());
    if (!u) return undefined;
    if (u.boundTo === undefined && this.now() - u.receivedAt <= (this.o.userPriceTtlMs ?? 15 * 60_000)) u.boundTo = tx.transactionId;
    return u.boundTo === tx.transactionId ? u : undefined;
  }

  /** Drops user prices that expired unbound or whose transaction is no longer open. */
  private prune(): void {
    const ttl = this.o.userPriceTtlMs ?? 15 * 60_000;
    const open = new Set(this.o.transactions().map((t) => t.transactionId));
    for (const [k, u] of this.userPrices) {
      const expired = u.boundTo === undefined ? this.now() - u.receivedAt > ttl : !open.has(u.boundTo);
      if (expired) this.userPrices.delete(k);
    }
  }
}

/** The display lines of the convention's prices: "0.12 USD/kWh", "2.00 USD/h charging · 1.00 USD/h idle after 30 min", "0.50 USD per session". */
export function priceLines(charging: ChargingPrice | undefined, idle: IdlePrice | undefined, currency: string): Omit<DisplayPrice, 'currency' | 'text'> {
  const out: Omit<DisplayPrice, 'currency' | 'text'> = {};
  if (charging?.kWhPrice !== undefined) out.perKwh = `${formatUnitPrice(charging.kWhPrice, currency)} ${currency}/kWh`;
  const times: string[] = [];
  if (charging?.hourPrice) times.push(`${formatUnitPrice(charging.hourPrice, currency)} ${currency}/h charging`);
  if (idle?.hourPrice) {
    const grace = idle.graceMinutes ? ` after ${idle.graceMinutes} min` : '';
    times.push(`${formatUnitPrice(idle.hourPrice, currency)} ${currency}/h idle${grace}`);
  }
  if (times.length > 0) out.time = times.join(' · ');
  if (charging?.flatFee) out.sessionFee = `${formatMoney(charging.flatFee, currency)} ${currency} per session`;
  return out;
}
