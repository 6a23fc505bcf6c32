// Per-EVSE web-payment state (NotifyWebPaymentStarted/Failed, session start/end): whether a scannable code may be shown. Version-neutral.

import { EventEmitter } from 'node:events';
import { pino, type Logger } from 'pino';
import type { RotationTimers } from './qr-rotation.js';
import { pickMessageText, type WebPaymentNotification } from './web-payment-notification.js';

/** Whitepaper: the NotifyWebPaymentStarted timeout "Should be <= 5 minutes"; its DataTransfer forms reject more. */
export const MAX_PAYMENT_TIMEOUT_S = 300;

/**
 * - ready: free; a scannable payment code may be shown;
 * - payment-in-progress: a driver is paying (NotifyWebPaymentStarted); no scannable code, local starts and reservations blocked;
 * - session: a session runs on the EVSE; no payment code.
 */
export type WebPaymentPhase = 'ready' | 'payment-in-progress' | 'session';

/** Why the state changed. */
export type WebPaymentChange = 'payment-started' | 'payment-revoked' | 'payment-timeout' | 'payment-failed' | 'session-started' | 'session-ended' | 'message-expired';

export interface WebPaymentEvseState {
  evseId: number;
  phase: WebPaymentPhase;
  /** payment-in-progress: when the payment is considered abandoned, ms since the epoch. */
  paymentUntil?: number;
  /** A message to show for a while (the failure message, or that the payment timed out). */
  message?: string;
  /** When `message` stops being shown, ms since the epoch. */
  messageUntil?: number;
}

export interface WebPaymentStateOptions {
  evseIds: number[];
  now?: () => number;
  timers?: RotationTimers;
  /** How long a failure or timeout message is shown, s (default 10). */
  messageS?: number;
  /** Shown when the payment timeout passes without a session (whitepaper: "this shall again be indicated"). */
  timeoutMessage?: string;
  logger?: Logger;
}

export interface WebPaymentStateEvents {
  change: [state: WebPaymentEvseState, why: WebPaymentChange];
}

interface Entry {
  state: WebPaymentEvseState;
  paymentTimer: unknown;
  messageTimer: unknown;
}

const DEFAULT_TIMERS: RotationTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The web-payment state of every EVSE. The protocol adapters call it (2.1 NotifyWebPaymentStarted;
 * 2.0.1/1.6 DataTransfer, see ocpp/extensions/web-payments-datatransfer.ts); the display and the authorization logic read it.
 */
export class WebPaymentState extends EventEmitter<WebPaymentStateEvents> {
  private readonly entries = new Map<number, Entry>();
  private readonly now: () => number;
  private readonly timers: RotationTimers;
  private readonly messageMs: number;
  private readonly timeoutMessage: string;
  private readonly log: Logger;

  constructor(o: WebPaymentStateOptions) {
    super();
    this.now = o.now ?? Date.now;
    this.timers = o.timers ?? DEFAULT_TIMERS;
    this.messageMs = (o.messageS ?? 10) * 1000;
    this.timeoutMessage = o.timeoutMessage ?? 'Payment not completed in time. Scan the code to try again.';
    this.log = o.logger ?? pino({ level: 'silent' });
    for (const evseId of o.evseIds) this.entries.set(evseId, { state: { evseId, phase: 'ready' }, paymentTimer: undefined, messageTimer: undefined });
  }

  /**
   * NotifyWebPaymentStarted: no scannable code on `evseId` until the session starts, a failure
   * arrives or `timeoutS` passes. Sent again, it updates the timeout; 0 revokes it silently
   * (whitepaper). Ignored (returns false) while a session runs.
   */
  paymentStarted(evseId: number, timeoutS: number): boolean {
    if (!Number.isInteger(timeoutS) || timeoutS < 0 || timeoutS > MAX_PAYMENT_TIMEOUT_S) {
      throw new RangeError(`timeoutS must be an integer 0..${MAX_PAYMENT_TIMEOUT_S}, got ${String(timeoutS)}`);
    }
    const e = this.entry(evseId);
    if (e.state.phase === 'session') return false;
    this.clearTimers(e);
    if (timeoutS === 0) {
      if (e.state.phase !== 'payment-in-progress') return true;
      this.set(e, { evseId, phase: 'ready' }, 'payment-revoked');
      return true;
    }
    const until = this.now() + timeoutS * 1000;
    e.paymentTimer = this.timers.setTimeout(() => {
      e.paymentTimer = undefined;
      if (e.state.phase !== 'payment-in-progress') return;
      this.log.info({ evseId }, 'web payment timed out without a session');
      this.showMessage(e, this.timeoutMessage, 'payment-timeout');
    }, timeoutS * 1000);
    this.set(e, { evseId, phase: 'payment-in-progress', paymentUntil: until }, 'payment-started');
    return true;
  }

  /** NotifyWebPaymentFailed: back to a scannable code, with `message` shown for a while. Ignored (false) while a session runs. */
  paymentFailed(evseId: number, message?: string): boolean {
    const e = this.entry(evseId);
    if (e.state.phase === 'session') return false;
    this.clearTimers(e);
    if (message) this.showMessage(e, message, 'payment-failed');
    else this.set(e, { evseId, phase: 'ready' }, 'payment-failed');
    return true;
  }

  /** A NotifyWebPaymentStarted/Failed as any OCPP version carries it (2.1 message, 2.0.1/1.6 DataTransfer). */
  apply(n: WebPaymentNotification): boolean {
    this.log.info({ evse: n.evseId, kind: n.kind }, 'web payment notification');
    return n.kind === 'started' ? this.paymentStarted(n.evseId, n.timeoutS) : this.paymentFailed(n.evseId, pickMessageText(n.errorMessage));
  }

  /** A session started on `evseId` (the paid RequestStartTransaction, or any other). */
  sessionStarted(evseId: number): void {
    const e = this.entry(evseId);
    this.clearTimers(e);
    if (e.state.phase !== 'session') this.set(e, { evseId, phase: 'session' }, 'session-started');
  }

  /** The session on `evseId` ended: a code may be shown again. */
  sessionEnded(evseId: number): void {
    const e = this.entry(evseId);
    if (e.state.phase !== 'session') return;
    this.clearTimers(e);
    this.set(e, { evseId, phase: 'ready' }, 'session-ended');
  }

  /** Whether a scannable payment code may be shown on `evseId`. */
  scannable(evseId: number): boolean {
    return this.entry(evseId).state.phase === 'ready';
  }

  /** Whether local starts (RFID, button) and reservations are blocked on `evseId` by a payment in progress (whitepaper). */
  blocksLocalStart(evseId: number): boolean {
    return this.entry(evseId).state.phase === 'payment-in-progress';
  }

  state(evseId: number): WebPaymentEvseState {
    return { ...this.entry(evseId).state };
  }

  /** Cancels all timers (at shutdown). */
  close(): void {
    for (const e of this.entries.values()) this.clearTimers(e);
  }

  private entry(evseId: number): Entry {
    const e = this.entries.get(evseId);
    if (!e) throw new RangeError(`evseId ${evseId} is not one of the EVSEs ${[...this.entries.keys()].join(', ')}`);
    return e;
  }

  private showMessage(e: Entry, message: string, why: WebPaymentChange): void {
    const evseId = e.state.evseId;
    if (e.messageTimer !== undefined) this.timers.clearTimeout(e.messageTimer);
    e.messageTimer = this.timers.setTimeout(() => {
      e.messageTimer = undefined;
      if (e.state.message === undefined) return;
      this.set(e, { evseId, phase: e.state.phase, ...(e.state.paymentUntil !== undefined && { paymentUntil: e.state.paymentUntil }) }, 'message-expired');
    }, this.messageMs);
    this.set(e, { evseId, phase: 'ready', message, messageUntil: this.now() + this.messageMs }, why);
  }

  private clearTimers(e: Entry): void {
    if (e.paymentTimer !== undefined) this.timers.clearTimeout(e.paymentTimer);
    if (e.messageTimer !== undefined) this.timers.clearTimeout(e.messageTimer);
    e.paymentTimer = undefined;
    e.messageTimer = undefined;
  }

  private set(e: Entry, state: WebPaymentEvseState, why: WebPaymentChange): void {
    e.state = state;
    this.emit('change', { ...state }, why);
  }
}
