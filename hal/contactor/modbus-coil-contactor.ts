// Contactor driven by a Modbus coil (RS-485 relay modules), with an optional auxiliary feedback input.

import { EventEmitter } from 'node:events';
import type { ModbusClient } from '../modbus/client.js';
import { PollLoop } from '../poll-loop.js';
import {
  ContactorError,
  type Contactor,
  type ContactorEvents,
  type ContactorFault,
  type ContactorPosition,
  type ContactorStatus,
} from './contactor.js';

export interface FeedbackInput {
  /** 2 = discrete input (the usual auxiliary contact wiring), 1 = coil. */
  function: 1 | 2;
  address: number;
  /** True when the input reads 1 for an open contactor (normally-closed auxiliary contact). */
  inverted: boolean;
}

export interface ModbusCoilContactorOptions {
  unit: number;
  coil: number;
  feedback?: FeedbackInput;
  /** How long the feedback may take to follow a command (default 500 ms). */
  feedbackTimeoutMs: number;
  /** Consecutive failed supervision reads before 'no-answer' (default 3). */
  faultAfterFailures: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const FEEDBACK_POLL_MS = 20;

export class ModbusCoilContactor extends EventEmitter implements Contactor {
  private commanded: ContactorPosition = 'open';
  private feedback: ContactorPosition | 'none' | 'unknown';
  private currentFault: ContactorFault | undefined;
  private commandInProgress = false;
  private failures = 0;
  /** A coil write got no answer: the module may not hold the commanded state; re-sent when it answers. */
  private coilUnsure = false;
  private readonly loop = new PollLoop(() => this.refresh());

  constructor(
    readonly id: string,
    private readonly client: ModbusClient,
    private readonly o: ModbusCoilContactorOptions,
  ) {
    super();
    this.feedback = o.feedback ? 'unknown' : 'none';
  }

  override on<E extends keyof ContactorEvents>(event: E, listener: ContactorEvents[E]): this {
    return super.on(event, listener);
  }

  override off<E extends keyof ContactorEvents>(event: E, listener: ContactorEvents[E]): this {
    return super.off(event, listener);
  }

  status(): ContactorStatus {
    return { commanded: this.commanded, feedback: this.feedback, fault: this.currentFault };
  }

  async close(): Promise<void> {
    if (this.currentFault) throw new ContactorError(this.currentFault);
    await this.command('closed');
  }

  async open(): Promise<void> {
    await this.command('open');
  }

  async refresh(): Promise<ContactorStatus> {
    if (this.coilUnsure && !this.commandInProgress) {
      // re-send the lost command (only ever 'open' after a failed close) before judging the feedback
      await this.command(this.commanded).catch(() => undefined);
      return this.status();
    }
    if (!this.o.feedback) {
      // without feedback the only check is that the module answers and holds the commanded coil
      try {
        const [coil] = await this.client.readBits(this.o.unit, 1, this.o.coil, 1);
        this.failures = 0;
        if (coil !== undefined && (coil ? 'closed' : 'open') !== this.commanded && !this.commandInProgress && !this.coilUnsure) {
          this.raise({ kind: 'opened-unexpectedly', message: `${this.id}: coil ${this.o.coil} reads ${coil ? 'on' : 'off'} but was commanded ${this.commanded}` });
        } else if (this.currentFault?.kind === 'no-answer') this.clear();
      } catch (err) {
        this.supervisionFailed(err);
      }
      return this.status();
    }
    try {
      const fb = await this.readFeedback();
      this.failures = 0;
      this.setFeedback(fb);
      if (!this.commandInProgress && !this.coilUnsure) this.checkConsistency();
    } catch (err) {
      this.supervisionFailed(err);
    }
    return this.status();
  }

  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  stop(): void {
    this.loop.stop();
  }

  private async command(target: ContactorPosition): Promise<void> {
    this.commandInProgress = true;
    this.commanded = target;
    try {
      try {
        await this.client.writeCoil(this.o.unit, this.o.coil, target === 'closed');
        this.coilUnsure = false;
      } catch (err) {
        const fault: ContactorFault = { kind: 'no-answer', message: `${this.id}: cannot command ${target}: ${(err as Error).message}` };
        this.coilUnsure = true;
        this.commanded = 'open';
        this.raise(fault);
        if (target === 'closed') await this.client.writeCoil(this.o.unit, this.o.coil, false).catch(() => undefined);
        throw new ContactorError(fault);
      }
      this.emit('change', this.status());
      if (!this.o.feedback) return;
      const deadline = Date.now() + this.o.feedbackTimeoutMs;
      for (;;) {
        let fb: ContactorPosition | undefined;
        try {
          fb = await this.readFeedback();
          this.setFeedback(fb);
        } catch {
          fb = undefined; // a lost poll is retried until the deadline
        }
        if (fb === target) {
          if (this.currentFault && this.currentFault.kind !== 'no-answer') this.checkConsistency();
          else if (this.currentFault?.kind === 'no-answer') this.clear();
          return;
        }
        if (Date.now() >= deadline) break;
        await sleep(FEEDBACK_POLL_MS);
      }
      if (target === 'closed') {
        const fault: ContactorFault = {
          kind: 'failed-to-close',
          message: `${this.id}: commanded closed, feedback still ${this.feedback} after ${this.o.feedbackTimeoutMs} ms`,
        };
        this.commanded = 'open';
        await this.client.writeCoil(this.o.unit, this.o.coil, false).catch(() => undefined);
        this.raise(fault);
        throw new ContactorError(fault);
      }
      const fault: ContactorFault = {
        kind: 'welded',
        message: `${this.id}: commanded open, feedback still ${this.feedback} after ${this.o.feedbackTimeoutMs} ms: contacts welded`,
      };
      this.raise(fault);
      throw new ContactorError(fault);
    } finally {
      this.commandInProgress = false;
    }
  }

  private async readFeedback(): Promise<ContactorPosition> {
    const f = this.o.feedback!;
    const [bit] = await this.client.readBits(this.o.unit, f.function, f.address, 1);
    return (bit === true) !== f.inverted ? 'closed' : 'open';
  }

  private setFeedback(fb: ContactorPosition): void {
    if (fb === this.feedback) return;
    this.feedback = fb;
    this.emit('change', this.status());
  }

  /** Compares feedback with the command: raises the matching fault, or clears one whose condition is gone. */
  private checkConsistency(): void {
    if (this.feedback === 'unknown' || this.feedback === 'none') return;
    if (this.feedback === this.commanded) {
      if (this.currentFault) this.clear();
      return;
    }
    if (this.commanded === 'open') {
      this.raise({ kind: 'welded', message: `${this.id}: commanded open but feedback reads closed: contacts welded` });
    } else {
      this.raise({ kind: 'opened-unexpectedly', message: `${this.id}: commanded closed but feedback reads open` });
      // hold it open so it cannot re-close by itself; the core decides what happens next
      this.commanded = 'open';
      void this.client.writeCoil(this.o.unit, this.o.coil, false).catch(() => undefined);
    }
  }

  private supervisionFailed(err: unknown): void {
    this.failures++;
    if (this.failures >= this.o.faultAfterFailures && this.currentFault?.kind !== 'no-answer') {
      this.raise({ kind: 'no-answer', message: `${this.id}: ${this.failures} failed reads: ${(err as Error).message}` });
    }
  }

  private raise(fault: ContactorFault): void {
    const changed = this.currentFault?.kind !== fault.kind;
    this.currentFault = fault;
    if (changed) {
      this.emit('fault', fault);
      this.emit('change', this.status());
    }
  }

  private clear(): void {
    this.currentFault = undefined;
    this.emit('recovered');
    this.emit('change', this.status());
  }
}
