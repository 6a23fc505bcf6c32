// What one EVSE's controller needs from the safety supervisor and the limit enforcer (small contracts, no implementations).

import type { MeterReading } from '../../../hal/meter/meter.js';
import type { TxState } from '../transactions/tx-state.js';
import type { TxLimits } from '../transactions/tx-types.js';

export interface SafetyFault {
  source: 'meter' | 'contactor';
  kind: string;
  message: string;
}

/** The EVSE's safety supervisor: every contactor command goes through it, with a reason. */
export interface SafetyPort {
  mayClose(): boolean;
  /** Closes the contactor; rejects when faulted or when the contactor does not close. */
  close(reason: string): Promise<void>;
  /** Opens the contactor; rejects when it stays closed (welded). */
  open(reason: string): Promise<void>;
  state(): { faulted: boolean; reasons: SafetyFault[] };
  on(event: 'faulted', listener: (fault: SafetyFault) => void): unknown;
  on(event: 'cleared', listener: () => void): unknown;
}

import type { LimitKind } from '../limits/transaction-limits.js';

export type { LimitKind };

/** Enforces one transaction's limits from the meter's readings and the clock. */
export interface LimitPort {
  update(limits: TxLimits): void;
  stop(): void;
}

/**
 * Builds the enforcer of `tx`. `fresh`: a reading taken just now (a resumed transaction), counted from at once so a
 * limit used up while the agent was down is reached when the enforcer is armed, before the contactor may close.
 */
export type LimitFactory = (tx: TxState, onReached: (kind: LimitKind) => void, fresh?: MeterReading) => LimitPort;
