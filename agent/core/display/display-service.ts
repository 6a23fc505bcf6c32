// Produces each EVSE's display state from the core: connector status, the transaction, the payment QR rotation and web-payment state, the price.

import { EventEmitter } from 'node:events';
import type { Meter } from '../../../hal/meter/meter.js';
import type { EvseController } from '../evse/evse-controller.js';
import { limitsInUnits } from '../limits/transaction-limits.js';
import type { QrRotation } from '../payments/qr-rotation.js';
import type { CsmsPriceInfo } from '../pricing/california-display.js';
import type { WebPaymentState } from '../payments/web-payment-state.js';
import type { TxEvent, TxEventAck } from '../transactions/tx-types.js';
import type { DisplayPrice, DisplaySource, DisplaySummary, EvseDisplayState } from './display-state.js';

/** What a free EVSE says when there is no payment code to scan (no URLTemplate, or none yet): what the driver can do instead. */
export const NO_CODE_MESSAGE = 'Present your card or use the app to charge';

export interface DisplayEvse {
  controller: EvseController;
  meter: Meter;
  /** e.g. "EVSE 1 · Type 2" */
  name: string;
}

export interface DisplayServiceOptions {
  evses: DisplayEvse[];
  rotation?: QrRotation;
  payments?: WebPaymentState;
  /** The price to show before payment (from the tariff in force). */
  price: (evseId: number) => DisplayPrice | undefined;
  /** Running cost of a transaction, when the tariff engine knows it. */
  runningCost?: (evseId: number) => number | undefined;
  /** The CSMS's price texts and costs (California pricing, OCPP 1.6/2.0.1); preferred over `price` and `runningCost` when present. */
  csmsPrices?: CsmsPriceInfo;
  now?: () => number;
  /** How long the summary of an ended session stays on screen while the EV is still connected, ms (default 120 s). */
  summaryMs?: number;
  /** TariffCostCtrlr.TotalCostFallbackMessage: shown in the summary when no total cost is known. */
  totalCostFallback?: () => string | undefined;
}

interface Ended {
  transactionId: string;
  summary: DisplaySummary;
  until: number;
}

/** How often every EVSE's state is rebuilt (live figures, time-of-day prices). */
const TICK_MS = 1000;

export class DisplayService extends EventEmitter implements DisplaySource {
  private readonly ended = new Map<number, Ended>();
  private readonly states = new Map<number, EvseDisplayState>();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly o: DisplayServiceOptions) {
    super();
    this.now = o.now ?? Date.now;
    for (const e of o.evses) {
      const id = e.controller.evseId;
      e.controller.on('status', () => this.refresh(id));
      e.controller.on('event', (ev) => this.onTxEvent(ev));
    }
    o.rotation?.on('code', (id) => this.refresh(id));
    o.rotation?.on('off', (id) => this.refresh(id));
    o.payments?.on('change', (s) => this.refresh(s.evseId));
    o.csmsPrices?.on('change', (id) => this.refresh(id));
    // Every EVSE each second: session figures move, and the price can change (time of day, a new tariff); a change is emitted only when the state differs.
    this.timer = setInterval(() => this.refreshAll(), TICK_MS);
    this.timer.unref();
    for (const e of o.evses) this.refresh(e.controller.evseId);
  }

  current(): EvseDisplayState[] {
    return this.o.evses.map((e) => this.states.get(e.controller.evseId) ?? this.build(e));
  }

  override on(event: 'change', listener: (state: EvseDisplayState) => void): this {
    return super.on(event, listener);
  }

  override off(event: 'change', listener: (state: EvseDisplayState) => void): this {
    return super.off(event, listener);
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Rebuilds every EVSE's state now (e.g. after a tariff change). */
  refreshAll(): void {
    for (const e of this.o.evses) this.refresh(e.controller.evseId);
  }

  /** The CSMS's answer to a transaction event (a receipt link may come with the Ended one). */
  onAck(event: TxEvent, ack: TxEventAck): void {
    const ended = this.ended.get(event.evseId);
    if (event.eventType !== 'Ended' || !ended) return;
    if (ack.totalCost !== undefined) ended.summary.totalCost = ack.totalCost;
    if (ack.receiptUrl) ended.summary.receiptUrl = ack.receiptUrl;
    this.refresh(event.evseId);
  }

  private onTxEvent(ev: TxEvent): void {
    this.o.csmsPrices?.noteTransaction({ evseId: ev.evseId, transactionId: ev.transactionId, ...(ev.idToken ? { idToken: ev.idToken.idToken } : {}) });
    // The paid session starts when the transaction is authorized (not when a cable plugged in first opened it).
    if (ev.idToken !== undefined && ev.eventType !== 'Ended') {
      this.o.payments?.sessionStarted(ev.evseId);
    }
    if (ev.eventType === 'Ended') {
      const tx = this.o.evses.find((e) => e.controller.evseId === ev.evseId)?.controller.transaction();
      // the Transaction.End register (the Ended event may also carry TxEndedInterval samples before it)
      const registers = (ev.meterValue ?? []).flatMap((m) => m.sampledValue).filter((s) => s.measurand === 'Energy.Active.Import.Register' && s.phase === undefined);
      const endWh = (registers.find((s) => s.context === 'Transaction.End') ?? registers.at(-1))?.value;
      const summary: DisplaySummary = {
        energyWh: tx && endWh !== undefined ? Math.max(0, Math.round((endWh - tx.startEnergyWh) * 10) / 10) : 0,
        durationS: tx ? Math.round((Date.parse(ev.timestamp) - tx.startedAt) / 1000) : 0,
        ...(ev.stoppedReason ? { stoppedReason: ev.stoppedReason } : {}),
      };
      const cost = this.o.csmsPrices?.runningCostFor(ev.evseId) ?? this.o.runningCost?.(ev.evseId);
      if (cost !== undefined) summary.totalCost = cost;
      this.ended.set(ev.evseId, { transactionId: ev.transactionId, summary, until: this.now() + (this.o.summaryMs ?? 120_000) });
      this.o.payments?.sessionEnded(ev.evseId);
    }
    this.refresh(ev.evseId);
  }

  private refresh(evseId: number): void {
    const e = this.o.evses.find((x) => x.controller.evseId === evseId);
    if (!e) return;
    const next = this.build(e);
    const prev = this.states.get(evseId);
    this.states.set(evseId, next);
    if (!prev || JSON.stringify({ ...prev, updatedAt: 0 }) !== JSON.stringify({ ...next, updatedAt: 0 })) this.emit('change', next);
  }

  private build(e: DisplayEvse): EvseDisplayState {
    const c = e.controller;
    const id = c.evseId;
    const now = this.now();
    const status = c.status();
    const base = { evseId: id, connectorId: c.connectorId, name: e.name, updatedAt: now };
    const price = this.o.csmsPrices?.priceFor(id) ?? this.o.price(id);
    const withPrice = price ? { price } : {};
    if (status === 'Faulted') return { ...base, ...withPrice, phase: 'faulted', message: 'Out of order: a device needs attention' };
    const tx = c.transaction();
    // A transaction that is not authorized yet (plugged in first, TxStartPoint EVConnected) still waits for the payment.
    if (tx && !tx.ended && (tx.authorized || tx.stopReason !== undefined)) {
      const latest = e.meter.latest();
      const energyWh = Math.max(0, Math.round(((latest?.reading.energyImportWh ?? tx.lastEnergyWh) - tx.startEnergyWh) * 10) / 10);
      const elapsedS = Math.round((now - tx.startedAt) / 1000);
      const cost = this.o.csmsPrices?.runningCostFor(id) ?? this.o.runningCost?.(id);
      const limit = limitsInUnits(tx.limits);
      const remaining = {
        ...(limit.maxEnergyWh !== undefined ? { energyWh: Math.max(0, Math.round((limit.maxEnergyWh - energyWh) * 10) / 10) } : {}),
        ...(limit.maxTimeS !== undefined ? { timeS: Math.max(0, limit.maxTimeS - elapsedS) } : {}),
        ...(limit.maxCost !== undefined && cost !== undefined ? { cost: Math.max(0, limit.maxCost - cost) } : {}),
      };
      return {
        ...base,
        ...withPrice,
        phase: 'charging',
        session: {
          energyWh,
          elapsedS,
          ...(latest && !latest.stale ? { powerW: Math.round(Math.max(0, latest.reading.powerW)) } : {}),
          ...(Object.keys(limit).length > 0 ? { limit, remaining } : {}),
          ...(cost !== undefined ? { cost } : {}),
        },
        message: tx.chargingState === 'Charging' ? 'Charging' : tx.authorized ? 'Waiting for the vehicle' : 'Pay with the QR code to start',
      };
    }
    const ended = this.ended.get(id);
    if (ended && now < ended.until && status === 'Occupied') {
      // The CSMS's FinalCost (California pricing) replaces the local total; it may arrive after the Ended event.
      const fin = this.o.csmsPrices?.finalFor(ended.transactionId);
      let summary: DisplaySummary = fin
        ? { ...ended.summary, totalCost: fin.cost, ...(fin.qrCodeText ? { receiptUrl: fin.qrCodeText } : {}), ...(fin.priceText ? { priceText: fin.priceText } : {}) }
        : ended.summary;
      const fallback = summary.totalCost === undefined ? this.o.totalCostFallback?.()?.trim() : undefined;
      if (fallback) summary = { ...summary, priceText: fallback };
      return { ...base, ...withPrice, phase: 'finished', summary, message: 'Thank you' };
    }
    if (ended && (now >= ended.until || status !== 'Occupied')) this.ended.delete(id);
    if (status === 'Unavailable') return { ...base, ...withPrice, phase: 'unavailable', message: 'Not available' };
    const pay = this.o.payments?.state(id);
    if (pay?.phase === 'payment-in-progress') return { ...base, ...withPrice, phase: 'payment-in-progress', message: 'Payment in progress…' };
    const scannable = this.o.payments ? this.o.payments.scannable(id) : true;
    const qr = scannable ? this.o.rotation?.current(id) : undefined;
    const message = pay?.message ? pay.message : qr ? 'Scan to pay and charge' : NO_CODE_MESSAGE;
    return { ...base, ...withPrice, phase: 'available', ...(qr ? { qr } : {}), message };
  }
}
