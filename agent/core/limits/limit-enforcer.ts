// Stops one transaction at its energy or time limit: predicts the crossing from live meter power and fires at it.

import pino from 'pino';
import type { Meter, MeterFault, MeterReading } from '../../../hal/meter/meter.js';
import { energyOver, predictCrossing } from './crossing-predictor.js';
import {
  budgetsOf,
  validateLimits,
  type DeadlineBudget,
  type EnergyBudget,
  type LimitKind,
  type TransactionLimits,
} from './transaction-limits.js';

export interface ReachedDetail {
  /** Energy delivered when the limit was decided, Wh (extrapolated from the last reading when fired by the timer). */
  deliveredWh: number;
  /** Time since the transaction started when the limit was decided, ms. */
  elapsedMs: number;
}

export interface LimitEnforcerOptions {
  meter: Meter;
  /** The meter's import energy register when the transaction started, Wh. */
  startEnergyWh: number;
  /** When the transaction started, ms since epoch (maxTime counts from here). */
  startedAt: number;
  limits: TransactionLimits;
  /**
   * A reading taken when the enforcer is armed (a transaction resumed after a restart): the count starts from
   * it, so a budget already used up fires from the constructor, before the contactor may close.
   */
  initialReading?: MeterReading;
  /** Further energy budgets (the seam for maxCost under a tariff); checked and predicted like maxEnergy. */
  budgets?: EnergyBudget[];
  /**
   * Called exactly once, when the first limit is reached: the caller opens the contactor, sends the
   * TransactionEvent with LIMIT_STOP[kind].trigger and ends the transaction. Errors it throws are logged.
   * Called synchronously from the constructor when a limit is already reached at construction.
   */
  onReached: (kind: LimitKind, detail: ReachedDetail) => void;
  /** Clock, ms since epoch (default Date.now). Timers are node's setTimeout, so tests fake both together. */
  now?: () => number;
  logger?: pino.Logger;
  /**
   * Expected time from onReached to the contacts being open, ms; fired that much early (default 0). A function is
   * asked at each prediction (the station measures its contactor while it runs).
   */
  openLatencyMs?: number | (() => number);
  /**
   * Power assumed while the meter is faulted, W (default: the highest power seen in this transaction).
   * Set it to the EVSE's rated power so a fault during a 0 W pause cannot let a limit pass unseen.
   */
  worstCasePowerW?: number;
}

/** The last thing known about the energy flow: delivered Wh and power at a reading's timestamp. */
interface FlowState {
  deliveredWh: number;
  powerW: number;
  atMs: number;
}

/**
 * Enforces the limits of one transaction.
 *
 * Energy: on every meter reading, delivered = E - E0; a budget already used up fires at once, otherwise a
 * timer is set at the predicted crossing (remaining Wh / live power), replacing the previous one, so a taper
 * or a pause moves the prediction (0 W: no timer until power flows again).
 *
 * Meter trouble (the safe choice): between readings the enforcer extrapolates from the last reading's power;
 * if readings simply stop, that timer still fires, so a silent meter cannot stretch the session. When the
 * meter reports a fault, the prediction is redone at the worst-case power from the last good reading, so the
 * limit fires at the earliest moment it could have been reached: a faulted meter can end a session early,
 * never late. (The safety supervisor opens the contactor on a meter fault anyway; this is the second line.)
 * A reading marked `discontinuity` (the register jumped and was re-baselined) continues the count from the
 * new register value, bridging the gap at the higher of the two powers.
 *
 * Time: one timer at startedAt + maxTime, independent of readings.
 */
export class LimitEnforcer {
  private readonly o: LimitEnforcerOptions;
  private readonly now: () => number;
  private readonly log: pino.Logger;
  private readonly latency: () => number;
  private energy: EnergyBudget[] = [];
  private deadlines: DeadlineBudget[] = [];
  /** Delivered energy before the current register baseline (non-zero only after a discontinuity), Wh. */
  private offsetWh = 0;
  private baselineWh: number;
  private flow: FlowState;
  private peakPowerW = 0;
  private meterFaulted: boolean;
  private energyTimer: NodeJS.Timeout | undefined;
  private timeTimer: NodeJS.Timeout | undefined;
  private predicted: { at: number; kind: LimitKind } | undefined;
  private done: LimitKind | 'stopped' | undefined;

  private readonly onReading = (r: MeterReading) => this.reading(r);
  private readonly onFault = (f: MeterFault) => this.faulted(f);

  constructor(options: LimitEnforcerOptions) {
    validateLimits(options.limits);
    this.o = options;
    this.now = options.now ?? Date.now;
    this.log = options.logger ?? pino({ level: 'silent' });
    const latency = options.openLatencyMs ?? 0;
    this.latency = typeof latency === 'number' ? () => Math.max(0, latency) : () => Math.max(0, latency() || 0);
    this.baselineWh = options.startEnergyWh;
    const r = options.initialReading;
    this.flow = r ? { deliveredWh: r.energyImportWh - options.startEnergyWh, powerW: r.powerW, atMs: r.timestamp } : { deliveredWh: 0, powerW: 0, atMs: options.startedAt };
    this.peakPowerW = r ? Math.max(0, r.powerW) : 0;
    this.meterFaulted = options.meter.fault !== undefined;
    options.meter.on('reading', this.onReading);
    options.meter.on('fault', this.onFault);
    this.apply(options.limits);
  }

  /** The limit that fired, or undefined while none has. */
  get reached(): LimitKind | undefined {
    return this.done === 'stopped' ? undefined : this.done;
  }

  /** When the energy timer will fire, ms since epoch (undefined with no power flowing or no energy budget). */
  get predictedAt(): number | undefined {
    return this.predicted?.at;
  }

  /** Energy delivered as of the last reading, Wh. */
  get deliveredWh(): number {
    return this.flow.deliveredWh;
  }

  /**
   * Replaces the limits mid-session (incremental pre-authorisation raises them, the CSMS may lower them;
   * a limit left out is lifted). A lowered limit that is already passed fires at once. Throws RangeError
   * on an invalid limit, leaving the previous limits in force.
   */
  update(limits: TransactionLimits): void {
    validateLimits(limits);
    if (this.done) return;
    this.log.info({ limits }, 'transaction limits updated');
    this.apply(limits);
  }

  /** Clears the timers and unsubscribes from the meter; onReached will not be called afterwards. */
  stop(): void {
    if (!this.done) this.done = 'stopped';
    this.detach();
  }

  private apply(limits: TransactionLimits): void {
    const b = budgetsOf(limits, this.o.startedAt);
    this.energy = [...b.energy, ...(this.o.budgets ?? [])];
    this.deadlines = b.deadlines;
    this.scheduleDeadline();
    if (!this.done) this.predictEnergy();
  }

  private reading(r: MeterReading): void {
    if (this.done) return;
    if (r.discontinuity && r.timestamp > this.flow.atMs) {
      // the register was re-baselined: keep what was counted and bridge the gap conservatively
      this.offsetWh = this.flow.deliveredWh + energyOver(Math.max(this.flow.powerW, r.powerW), r.timestamp - this.flow.atMs);
      this.baselineWh = r.energyImportWh;
      this.log.warn({ offsetWh: this.offsetWh }, 'meter energy register re-baselined; counting on from the new value');
    }
    this.meterFaulted = false;
    this.flow = { deliveredWh: this.offsetWh + r.energyImportWh - this.baselineWh, powerW: r.powerW, atMs: r.timestamp };
    this.peakPowerW = Math.max(this.peakPowerW, r.powerW);
    this.predictEnergy();
  }

  private faulted(f: MeterFault): void {
    if (this.done) return;
    this.meterFaulted = true;
    this.log.warn({ fault: f, powerW: this.assumedPowerW() }, 'meter faulted: predicting the energy limit at worst-case power');
    this.predictEnergy();
  }

  /** The power to extrapolate with: the live one, or the worst case while the meter is faulted. */
  private assumedPowerW(): number {
    if (!this.meterFaulted) return this.flow.powerW;
    return Math.max(this.flow.powerW, this.peakPowerW, this.o.worstCasePowerW ?? 0);
  }

  /** Fires a used-up energy budget now, or sets the timer at the earliest predicted crossing. */
  private predictEnergy(): void {
    clearTimeout(this.energyTimer);
    this.energyTimer = undefined;
    this.predicted = undefined;
    const state = { deliveredWh: this.flow.deliveredWh, elapsedMs: this.flow.atMs - this.o.startedAt };
    const powerW = this.assumedPowerW();
    for (const budget of this.energy) {
      const remainingWh = budget.remainingWh(state);
      if (!(remainingWh > 0)) {
        this.fire(budget.kind, state.deliveredWh);
        return;
      }
      const at = predictCrossing({ remainingWh, powerW, atMs: this.flow.atMs, openLatencyMs: this.latency() });
      if (at !== undefined && (this.predicted === undefined || at < this.predicted.at)) this.predicted = { at, kind: budget.kind };
    }
    if (!this.predicted) return;
    const { kind } = this.predicted;
    const flow = this.flow;
    this.energyTimer = setTimeout(
      () => this.fire(kind, flow.deliveredWh + energyOver(powerW, this.now() - flow.atMs)),
      Math.max(0, this.predicted.at - this.now()),
    );
  }

  private scheduleDeadline(): void {
    clearTimeout(this.timeTimer);
    this.timeTimer = undefined;
    if (this.done) return;
    const first = this.deadlines.reduce<DeadlineBudget | undefined>((a, d) => (a && a.deadlineMs <= d.deadlineMs ? a : d), undefined);
    if (!first) return;
    const fireAt = first.deadlineMs - this.latency();
    if (fireAt <= this.now()) {
      this.fire(first.kind, this.estimateDeliveredWh());
      return;
    }
    this.timeTimer = setTimeout(() => this.fire(first.kind, this.estimateDeliveredWh()), fireAt - this.now());
  }

  private estimateDeliveredWh(): number {
    return this.flow.deliveredWh + energyOver(this.assumedPowerW(), this.now() - this.flow.atMs);
  }

  private fire(kind: LimitKind, deliveredWh: number): void {
    if (this.done) return;
    this.done = kind;
    this.detach();
    const detail: ReachedDetail = { deliveredWh, elapsedMs: this.now() - this.o.startedAt };
    this.log.info({ kind, ...detail }, 'transaction limit reached');
    try {
      this.o.onReached(kind, detail);
    } catch (err) {
      this.log.error({ err, kind }, 'onReached handler threw');
    }
  }

  private detach(): void {
    clearTimeout(this.energyTimer);
    clearTimeout(this.timeTimer);
    this.energyTimer = this.timeTimer = undefined;
    this.o.meter.off('reading', this.onReading);
    this.o.meter.off('fault', this.onFault);
  }
}
