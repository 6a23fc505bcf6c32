// A SafetyPort that records every contactor command in order and raises or clears a fault on demand.

import { EventEmitter } from 'node:events';
import type { SafetyFault, SafetyPort } from '../../../agent/core/evse/evse-ports.js';

export class FakeSafety extends EventEmitter implements SafetyPort {
  /** Every command, in order: 'close' or 'open' with its reason. */
  readonly commands: Array<{ op: 'close' | 'open'; reason: string }> = [];
  closed = false;
  private faults: SafetyFault[] = [];

  mayClose(): boolean {
    return this.faults.length === 0;
  }

  close(reason: string): Promise<void> {
    this.commands.push({ op: 'close', reason });
    if (this.faults.length > 0) return Promise.reject(new Error('faulted'));
    this.closed = true;
    return Promise.resolve();
  }

  open(reason: string): Promise<void> {
    this.commands.push({ op: 'open', reason });
    this.closed = false;
    return Promise.resolve();
  }

  state(): { faulted: boolean; reasons: SafetyFault[] } {
    return { faulted: this.faults.length > 0, reasons: [...this.faults] };
  }

  /** Raises a fault: the contactor is opened by the supervisor, then 'faulted' is emitted. */
  raise(fault: SafetyFault): void {
    this.faults.push(fault);
    this.closed = false;
    this.emit('faulted', fault);
  }

  clear(): void {
    this.faults = [];
    this.emit('cleared');
  }

  ops(): string[] {
    return this.commands.map((c) => c.op);
  }
}
