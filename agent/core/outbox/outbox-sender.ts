// Sends the stored transaction events to the CSMS in order, one at a time, paced, retried, and deleted only once acknowledged.

import type { Logger } from 'pino';
import type { TxEvent, TxEventAck } from '../transactions/tx-types.js';

/** The queue as the sender sees it (agent/store implements it over SQLite). */
export interface OutboxPort {
  peek(): { id: number; payload: unknown; attempts: number } | undefined;
  ack(id: number): void;
  /** Records one failed attempt and returns the attempts made so far. */
  recordAttempt(id: number, error?: string): number;
  /** Moves a message that exhausted its attempts aside, so the next one can go. */
  markDead(id: number, reason: string): void;
  depth(): number;
}

/** Sends one TransactionEvent; rejects on CALLERROR, timeout or a dropped connection. */
export type SendTxEvent = (event: TxEvent) => Promise<TxEventAck>;

export interface OutboxSettings {
  /** OCPPCommCtrlr.MessageAttempts (TransactionEvent instance): attempts before a message is given up. */
  messageAttempts(): number;
  /** OCPPCommCtrlr.MessageAttemptInterval (TransactionEvent instance), s: the wait after attempt n is n × this. */
  messageAttemptIntervalS(): number;
  /** Gap between messages while replaying a backlog, ms (so a reconnect is not a burst). */
  replayGapMs(): number;
}

export interface OutboxSenderOptions {
  outbox: OutboxPort;
  settings: OutboxSettings;
  logger: Logger;
  /** Called with every acknowledged event and the CSMS's answer. */
  onAck: (event: TxEvent, ack: TxEventAck) => void;
}

/** Waits `ms`, or less when `signal` aborts; leaves no listener behind either way. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

export class OutboxSender {
  private send: SendTxEvent | undefined;
  private running: Promise<void> | undefined;
  private abort = new AbortController();
  private wake: (() => void) | undefined;
  private drainWaiters: Array<() => void> = [];
  /** Events acknowledged since the link came up (for pacing decisions and status). */
  sentSinceConnect = 0;

  constructor(private readonly o: OutboxSenderOptions) {}

  /** The link is up: start draining the queue with `send`. */
  online(send: SendTxEvent): void {
    this.send = send;
    this.abort = new AbortController();
    this.sentSinceConnect = 0;
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    this.kick();
  }

  /** The link is down: stop sending (queued events stay stored). */
  offline(): void {
    this.send = undefined;
    this.abort.abort();
    this.kick();
    this.notifyDrained();
  }

  /**
   * Resolves when every stored event has been acknowledged (or given up), or at once when the link is down: what a
   * shutdown waits for, bounded by the caller, so the CSMS does not get the same event again after the restart.
   */
  drained(): Promise<void> {
    if (!this.send || this.o.outbox.depth() === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private notifyDrained(): void {
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /** A new event was queued. */
  kick(): void {
    this.wake?.();
  }

  depth(): number {
    return this.o.outbox.depth();
  }

  /** Resolves when the drain loop has stopped (after offline()). */
  async stopped(): Promise<void> {
    await this.running;
  }

  private async drain(): Promise<void> {
    let backlog = this.o.outbox.depth() > 1;
    while (this.send) {
      const next = this.o.outbox.peek();
      if (!next) {
        backlog = false;
        this.notifyDrained();
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
        continue;
      }
      const send = this.send;
      const event = next.payload as TxEvent;
      try {
        const ack = await send(event);
        this.o.outbox.ack(next.id);
        this.sentSinceConnect++;
        this.o.onAck(event, ack);
      } catch (err) {
        if (!this.send) break; // the connection dropped: the message stays queued, unchanged
        const message = err instanceof Error ? err.message : String(err);
        const attempts = this.o.outbox.recordAttempt(next.id, message);
        const max = this.o.settings.messageAttempts();
        if (attempts >= max) {
          this.o.logger.error({ seqNo: event.seqNo, tx: event.transactionId, attempts, err: message }, 'transaction event given up after its attempts');
          this.o.outbox.markDead(next.id, `${attempts} attempts: ${message}`);
        } else {
          const waitMs = this.o.settings.messageAttemptIntervalS() * 1000 * attempts;
          this.o.logger.warn({ seqNo: event.seqNo, tx: event.transactionId, attempts, waitMs, err: message }, 'transaction event not accepted, retrying');
          await sleep(waitMs, this.abort.signal);
        }
        continue;
      }
      if (backlog || event.offline) await sleep(this.o.settings.replayGapMs(), this.abort.signal);
    }
  }
}
