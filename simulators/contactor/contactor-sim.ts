// A simulated contactor on an RS-485 relay module: a coil, an auxiliary feedback input, settle time, faults.

import { RegisterBank } from '../modbus/register-bank.js';

export type ContactorSimFault = 'none' | 'weld' | 'fail-to-close';

export interface ContactorSimOptions {
  coil?: number;
  feedbackInput?: number;
  /** Time from a coil change to the contacts (and feedback) following it. */
  settleMs?: number;
}

export class ContactorSim {
  readonly bank = new RegisterBank();
  readonly coil: number;
  readonly feedbackInput: number;
  private readonly settleMs: number;
  private fault: ContactorSimFault = 'none';
  private contactsClosed = false;
  private settleTimer: NodeJS.Timeout | undefined;
  /** Called when the contacts physically open or close. */
  onContacts?: (closed: boolean) => void;

  constructor(o: ContactorSimOptions = {}) {
    this.coil = o.coil ?? 0;
    this.feedbackInput = o.feedbackInput ?? 0;
    this.settleMs = o.settleMs ?? 30;
    this.bank.setBit('coils', this.coil, false);
    this.bank.setBit('discreteInputs', this.feedbackInput, false);
    this.bank.onWrite = (table, address, value) => {
      if (table === 'coils' && address === this.coil) this.commanded(value === true);
    };
  }

  /** Whether current can flow (the contacts, not the coil). */
  get closed(): boolean {
    return this.contactsClosed;
  }

  get coilOn(): boolean {
    return this.bank.getBit('coils', this.coil) === true;
  }

  /**
   * 'weld': the contacts stay closed from now on whatever the coil does (they close first if the
   * coil is on). 'fail-to-close': the contacts do not close when the coil is energised.
   */
  setFault(fault: ContactorSimFault): void {
    this.fault = fault;
    if (fault === 'none') this.commanded(this.coilOn);
  }

  stop(): void {
    clearTimeout(this.settleTimer);
  }

  private commanded(on: boolean): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      let closed = on;
      if (this.fault === 'weld' && this.contactsClosed) closed = true;
      if (this.fault === 'fail-to-close') closed = false;
      this.setContacts(closed);
    }, this.settleMs);
  }

  private setContacts(closed: boolean): void {
    if (closed === this.contactsClosed) return;
    this.contactsClosed = closed;
    this.bank.setBit('discreteInputs', this.feedbackInput, closed);
    this.onContacts?.(closed);
  }
}
