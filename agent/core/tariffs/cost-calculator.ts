// The running cost of one transaction under its tariff: fed meter readings, keeps exact usage per price element, charging periods and costDetails.

import { pino, type Logger } from 'pino';
import type {
  ChargingPeriodType,
  CostDetailsType,
  CostDimensionType,
  EvseKindEnumType,
  TariffFixedType,
  TariffTimeType,
  TariffType,
} from '../types/v21.js';
import { totalCostOf, type ComponentCost, type CostComponent, type ExactCosts } from './cost-totals.js';
import { Decimal } from './decimal.js';
import { nextSplit, type FlowState } from './interval-split.js';
import { localParts, stationOffset, type UtcOffsetFn } from './local-time.js';
import { applyTaxes } from './tax.js';
import { conditionsHold, type ConditionContext, type FixedConditionContext } from './tariff-conditions.js';
import {
  activeElements,
  activeFixedElement,
  activeKey,
  tariffBreakpoints,
  TIMED_COMPONENTS,
  type TariffBreakpoints,
  type TimedComponent,
} from './tariff-elements.js';

/** One meter reading of the transaction's EVSE. */
export interface CostReading {
  /** When the reading was taken, ms since epoch. Readings older than the previous one are ignored. */
  timestamp: number;
  /** Energy register (import), Wh, the same register as `startEnergyWh`. A register that goes backwards counts 0 Wh. */
  energyWh: number;
  /** Active power at the reading, W (for power conditions; absent: the interval's average power). */
  powerW?: number;
  /** Current summed over the phases, A (for current conditions; absent: current conditions do not apply). */
  currentA?: number;
  /** Energy was flowing during the interval that ends at this reading (it is charging time). */
  charging: boolean;
  /** The EV was connected but not charging during that interval (it is idle time); ignored when `charging`. */
  idle: boolean;
}

export interface CostSessionOptions {
  /** The tariff in force at the start (validated by the store). */
  tariff: TariffType;
  /** Transaction start, ms since epoch. */
  startedAt: number;
  /** Energy register at the start, Wh. */
  startEnergyWh: number;
  /** The station's local time (tariff time-of-day/day/date conditions); default the system time zone. */
  utcOffset?: UtcOffsetFn;
  /** The EVSE's kind, for evseKind conditions (absent: such prices never apply). */
  evseKind?: EvseKindEnumType;
  /** idToken.additionalInfo "PaymentBrand"/"PaymentRecognition" of an ad-hoc payment, for fixed-price conditions. */
  paymentBrand?: string;
  paymentRecognition?: string;
  /** The reservation that preceded the transaction, ms since epoch (priced by reservationTime/reservationFixed). */
  reservation?: { startedAt: number; endedAt: number };
  logger?: Logger;
}

interface TariffInForce {
  seq: number;
  tariff: TariffType;
  breakpoints: TariffBreakpoints;
}

/** Usage accumulated under one price element of one tariff: Wh for energy, ms for the time components. */
interface Bucket {
  seq: number;
  component: TimedComponent;
  element: number;
  quantity: Decimal;
}

interface Period {
  startMs: number;
  tariffId: string;
  key: string;
  energyWh: Decimal;
  chargingMs: number;
  idleMs: number;
  maxPowerW?: number;
  minPowerW?: number;
  maxCurrentA?: number;
  minCurrentA?: number;
}

const MAX_SPLITS_PER_READING = 10_000;

/**
 * Cost of one transaction. Usage is accumulated exactly per price element (energy in Wh as decimal, time in
 * integer ms), so no rounding happens while the session runs; prices are applied and rounded to the minor unit
 * only when costDetails()/exactCosts() are asked for. Every meter interval is split where a condition can flip
 * (time-of-day window, local midnight, duration or energy threshold), and the elements in force are evaluated at
 * the start of each piece; a new charging period starts whenever the set of elements in force (or the tariff)
 * changes. The state of an interval (charging/idle, power, current) is taken from the reading that ends it.
 * Energy, charging time and idle time use the first element of their list whose conditions hold; fixedFee and
 * reservationFixed are evaluated once, at the transaction (reservation) start.
 */
export class CostSession {
  readonly startedAt: number;
  readonly currency: string;
  private readonly offset: UtcOffsetFn;
  private readonly logger: Logger;
  private readonly tariffs: TariffInForce[] = [];
  private readonly buckets = new Map<string, Bucket>();
  private readonly periods: Period[] = [];
  private flow: FlowState;
  private lastRegisterWh: number;
  private lastPower: number | undefined;
  private lastCurrent: number | undefined;
  private lastCharging = false;
  private readonly fixed: { tariff: TariffType; element?: number };
  private readonly reservation?: { startedAt: number; endedAt: number; tariff: TariffType; timeElement?: number; fixedElement?: number };
  private failure: string | undefined;
  /** The transaction's maxCost (incl. tax), the ceiling of the reported total. */
  private prepaid: number | undefined;

  constructor(private readonly options: CostSessionOptions) {
    this.startedAt = options.startedAt;
    this.currency = options.tariff.currency;
    this.offset = options.utcOffset ?? stationOffset();
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.lastRegisterWh = options.startEnergyWh;
    this.flow = { atMs: options.startedAt, energyWh: Decimal.ZERO, chargingMs: 0, idleMs: 0 };
    this.tariffs.push({ seq: 0, tariff: options.tariff, breakpoints: tariffBreakpoints(options.tariff) });
    const atStart = this.fixedContext(options.startedAt);
    this.fixed = { tariff: options.tariff, element: activeFixedElement(options.tariff.fixedFee, atStart) };
    const r = options.reservation;
    if (r) {
      const atReservation = this.fixedContext(r.startedAt);
      const ctx: ConditionContext = { local: atReservation.local, evseKind: options.evseKind, energyWh: Decimal.ZERO, elapsedMs: 0, chargingMs: 0, idleMs: 0 };
      const timeElement = (options.tariff.reservationTime?.prices ?? []).findIndex((p) => conditionsHold(p.conditions, ctx));
      this.reservation = {
        ...r,
        tariff: options.tariff,
        timeElement: timeElement >= 0 ? timeElement : undefined,
        fixedElement: activeFixedElement(options.tariff.reservationFixed, atReservation),
      };
    }
    this.openPeriod(this.flow, undefined, undefined);
  }

  /** The tariff in force now. */
  get tariff(): TariffType {
    return this.current.tariff;
  }

  /** Every tariff used by this transaction, oldest first. */
  get tariffsUsed(): TariffType[] {
    return this.tariffs.map((t) => t.tariff);
  }

  /** The accumulated state at the last reading. */
  state(): Readonly<FlowState> {
    return this.flow;
  }

  /** Power at the last reading, W (undefined before the first reading that carried one). */
  get powerW(): number | undefined {
    return this.lastPower;
  }

  /** Current at the last reading, A. */
  get currentA(): number | undefined {
    return this.lastCurrent;
  }

  /** Whether the last interval was charging. */
  get charging(): boolean {
    return this.lastCharging;
  }

  /** The breakpoints of the tariff in force. */
  get breakpoints(): TariffBreakpoints {
    return this.current.breakpoints;
  }

  get utcOffset(): UtcOffsetFn {
    return this.offset;
  }

  /** The condition context of a (possibly hypothetical) state at the given power and current. */
  contextAt(flow: FlowState, powerW: number | undefined, currentA: number | undefined): ConditionContext {
    return {
      local: localParts(flow.atMs, this.offset),
      evseKind: this.options.evseKind,
      energyWh: flow.energyWh,
      powerW,
      currentA,
      elapsedMs: flow.atMs - this.startedAt,
      chargingMs: flow.chargingMs,
      idleMs: flow.idleMs,
    };
  }

  /**
   * Accounts for the interval since the previous reading. Returns false (and logs) for a reading that cannot be
   * used: a non-finite value or a timestamp before the previous reading.
   */
  update(reading: CostReading): boolean {
    if (!Number.isFinite(reading.timestamp) || !Number.isFinite(reading.energyWh)) {
      this.logger.warn({ reading }, 'cost: ignoring a meter reading with a non-finite timestamp or energy');
      return false;
    }
    if (reading.timestamp < this.flow.atMs) {
      this.logger.warn({ timestamp: reading.timestamp, last: this.flow.atMs }, 'cost: ignoring a meter reading older than the previous one');
      return false;
    }
    let deltaWh = Decimal.from(reading.energyWh).sub(Decimal.from(this.lastRegisterWh));
    if (deltaWh.isNegative()) {
      this.logger.warn({ from: this.lastRegisterWh, to: reading.energyWh }, 'cost: energy register went backwards; counting 0 Wh for this interval');
      deltaWh = Decimal.ZERO;
    }
    this.lastRegisterWh = reading.energyWh;
    const charging = reading.charging;
    const idle = !charging && reading.idle;
    const toMs = reading.timestamp;
    const toEnergy = this.flow.energyWh.add(deltaWh);
    const durationMs = toMs - this.flow.atMs;
    const powerW = reading.powerW !== undefined && Number.isFinite(reading.powerW)
      ? reading.powerW
      : durationMs > 0 ? deltaWh.mul(3_600_000).div(durationMs).toNumber() : this.lastPower;
    const currentA = reading.currentA !== undefined && Number.isFinite(reading.currentA) ? reading.currentA : undefined;

    let cur = this.flow;
    for (let i = 0; i < MAX_SPLITS_PER_READING; i++) {
      const split = nextSplit(this.breakpoints, this.offset, this.startedAt, cur, toMs, toEnergy, charging, idle);
      const end = split ?? { atMs: toMs, energyWh: toEnergy };
      cur = this.accumulate(cur, end.atMs, end.energyWh, charging, idle, powerW, currentA);
      if (!split) break;
    }
    this.flow = cur;
    this.lastPower = powerW;
    this.lastCurrent = currentA;
    this.lastCharging = charging;
    return true;
  }

  /**
   * Puts a new tariff in force from the last reading on (ChangeTransactionTariff): feed a reading at the moment
   * of the change first for an exact split. A new charging period starts. The fixed fee stays the one incurred
   * at the start; minCost/maxCost of the new tariff apply. Throws a RangeError when the currency differs (the
   * store answers NoCurrencyChange before this).
   */
  changeTariff(tariff: TariffType): void {
    if (tariff.currency !== this.currency) {
      throw new RangeError(`cannot change the transaction's currency from ${this.currency} to ${tariff.currency}`);
    }
    this.tariffs.push({ seq: this.tariffs.length, tariff, breakpoints: tariffBreakpoints(tariff) });
    this.openPeriod(this.flow, this.lastPower, this.lastCurrent);
  }

  /** The transaction's maxCost (transactionLimit, incl. tax): the reported total never exceeds it; undefined removes it. */
  setPrepaid(maxCost: number | undefined): void {
    this.prepaid = maxCost;
  }

  /** Marks the cost as not calculable (reported as failureToCalculate with the reason). */
  markFailure(reason: string): void {
    this.failure = reason.slice(0, 500);
  }

  /** Exact (unrounded) cost per component, including tax, without minCost/maxCost. */
  exactCosts(): ExactCosts {
    const costs: ExactCosts = {};
    const add = (component: CostComponent, exclTax: Decimal, taxRates: TariffTimeType['taxRates']): void => {
      const inclTax = applyTaxes(exclTax, taxRates).inclTax;
      const prev: ComponentCost | undefined = costs[component];
      costs[component] = {
        exclTax: (prev?.exclTax ?? Decimal.ZERO).add(exclTax),
        inclTax: (prev?.inclTax ?? Decimal.ZERO).add(inclTax),
        ...(taxRates?.length ? { taxRates } : prev?.taxRates ? { taxRates: prev.taxRates } : {}),
      };
    };
    // Components the tariffs define appear even at 0.
    for (const { tariff } of this.tariffs) {
      for (const c of TIMED_COMPONENTS) if (tariff[c]) add(c, Decimal.ZERO, tariff[c]?.taxRates);
    }
    for (const { seq, tariff } of this.tariffs) {
      for (const c of TIMED_COMPONENTS) {
        let net = Decimal.ZERO;
        for (const b of this.buckets.values()) {
          if (b.seq !== seq || b.component !== c) continue;
          net = net.add(priceOfBucket(tariff, b));
        }
        if (!net.isZero()) add(c, net, tariff[c]?.taxRates);
      }
    }
    if (this.fixed.tariff.fixedFee) add('fixed', fixedPrice(this.fixed.tariff.fixedFee, this.fixed.element), this.fixed.tariff.fixedFee.taxRates);
    const r = this.reservation;
    if (r) {
      const time = r.tariff.reservationTime;
      if (time) {
        const p = r.timeElement !== undefined ? time.prices[r.timeElement] : undefined;
        add('reservationTime', p ? Decimal.from(p.priceMinute).mul(Math.max(0, r.endedAt - r.startedAt)).div(60_000) : Decimal.ZERO, time.taxRates);
      }
      if (r.tariff.reservationFixed) add('reservationFixed', fixedPrice(r.tariff.reservationFixed, r.fixedElement), r.tariff.reservationFixed.taxRates);
    }
    return costs;
  }

  /**
   * The OCPP 2.1 CostDetailsType for a TransactionEvent (running cost or Ended). totalUsage: energy in Wh;
   * chargingTime is the whole duration of the transaction (charging and not charging) and idleTime the part not
   * charging, both whole seconds, as the schema describes them; reservationTime when there was a reservation.
   * Charging periods carry the dimensions Energy (Wh), ChargingTime and IdleTIme (s), Min/MaxPower (W) and
   * Min/MaxCurrent (A) of that period (those with a value).
   */
  costDetails(): CostDetailsType {
    const tariff = this.tariff;
    const totalCost = totalCostOf(this.exactCosts(), this.currency, { minCost: tariff.minCost, maxCost: tariff.maxCost, prepaid: this.prepaid });
    const chargingPeriods = this.periods.map(periodType);
    const details: CostDetailsType = {
      ...(chargingPeriods.length ? { chargingPeriods } : {}),
      totalCost,
      totalUsage: {
        energy: this.flow.energyWh.round(3).toNumber(),
        chargingTime: Math.round((this.flow.atMs - this.startedAt) / 1000),
        idleTime: Math.round(this.flow.idleMs / 1000),
        ...(this.reservation ? { reservationTime: Math.round(Math.max(0, this.reservation.endedAt - this.reservation.startedAt) / 1000) } : {}),
      },
    };
    if (this.failure !== undefined) {
      details.failureToCalculate = true;
      details.failureReason = this.failure;
    }
    return details;
  }

  /** The running total including tax, rounded to the minor unit, after minCost/maxCost (what a display shows). */
  totalInclTax(): number {
    return this.costDetails().totalCost.total.inclTax ?? 0;
  }

  private get current(): TariffInForce {
    const t = this.tariffs[this.tariffs.length - 1];
    if (!t) throw new Error('cost session has no tariff');
    return t;
  }

  private fixedContext(atMs: number): FixedConditionContext {
    return {
      local: localParts(atMs, this.offset),
      evseKind: this.options.evseKind,
      paymentBrand: this.options.paymentBrand,
      paymentRecognition: this.options.paymentRecognition,
    };
  }

  /** The period for the elements in force at `flow`: the current one, a reused empty one, or a new one. */
  private openPeriod(flow: FlowState, powerW: number | undefined, currentA: number | undefined): Period {
    const { seq, tariff } = this.current;
    const key = `${seq}:${activeKey(activeElements(tariff, this.contextAt(flow, powerW, currentA)))}`;
    const last = this.periods[this.periods.length - 1];
    if (last && last.key === key) return last;
    if (last && last.startMs === flow.atMs && last.energyWh.isZero() && last.chargingMs === 0 && last.idleMs === 0) {
      last.key = key;
      last.tariffId = tariff.tariffId;
      return last;
    }
    const period: Period = { startMs: flow.atMs, tariffId: tariff.tariffId, key, energyWh: Decimal.ZERO, chargingMs: 0, idleMs: 0 };
    this.periods.push(period);
    return period;
  }

  private accumulate(from: FlowState, toMs: number, toEnergy: Decimal, charging: boolean, idle: boolean, powerW: number | undefined, currentA: number | undefined): FlowState {
    const { seq, tariff } = this.current;
    const active = activeElements(tariff, this.contextAt(from, powerW, currentA));
    const period = this.openPeriod(from, powerW, currentA);
    const dt = toMs - from.atMs;
    const dE = toEnergy.sub(from.energyWh);
    const add = (component: TimedComponent, quantity: Decimal): void => {
      const element = active[component];
      if (element === undefined || quantity.isZero()) return;
      const id = `${seq}/${component}/${element}`;
      const b = this.buckets.get(id);
      if (b) b.quantity = b.quantity.add(quantity);
      else this.buckets.set(id, { seq, component, element, quantity });
    };
    add('energy', dE);
    if (charging) add('chargingTime', Decimal.from(dt));
    if (idle) add('idleTime', Decimal.from(dt));
    period.energyWh = period.energyWh.add(dE);
    if (charging) period.chargingMs += dt;
    if (idle) period.idleMs += dt;
    if (powerW !== undefined && (dt > 0 || !dE.isZero())) {
      period.maxPowerW = Math.max(period.maxPowerW ?? powerW, powerW);
      period.minPowerW = Math.min(period.minPowerW ?? powerW, powerW);
    }
    if (currentA !== undefined && (dt > 0 || !dE.isZero())) {
      period.maxCurrentA = Math.max(period.maxCurrentA ?? currentA, currentA);
      period.minCurrentA = Math.min(period.minCurrentA ?? currentA, currentA);
    }
    return {
      atMs: toMs,
      energyWh: toEnergy,
      chargingMs: from.chargingMs + (charging ? dt : 0),
      idleMs: from.idleMs + (idle ? dt : 0),
    };
  }
}

/** Net cost of a bucket: priceKwh × Wh / 1000 or priceMinute × ms / 60 000. */
function priceOfBucket(tariff: TariffType, b: Bucket): Decimal {
  if (b.component === 'energy') {
    const p = tariff.energy?.prices[b.element];
    return p ? Decimal.from(p.priceKwh).mul(b.quantity).div(1000) : Decimal.ZERO;
  }
  const p = tariff[b.component]?.prices[b.element];
  return p ? Decimal.from(p.priceMinute).mul(b.quantity).div(60_000) : Decimal.ZERO;
}

function fixedPrice(fixed: TariffFixedType, element: number | undefined): Decimal {
  const p = element !== undefined ? fixed.prices[element] : undefined;
  return p ? Decimal.from(p.priceFixed) : Decimal.ZERO;
}

function periodType(p: Period): ChargingPeriodType {
  const dims: CostDimensionType[] = [{ type: 'Energy', volume: p.energyWh.round(3).toNumber() }];
  if (p.chargingMs > 0) dims.push({ type: 'ChargingTime', volume: p.chargingMs / 1000 });
  if (p.idleMs > 0) dims.push({ type: 'IdleTIme', volume: p.idleMs / 1000 });
  if (p.maxPowerW !== undefined) dims.push({ type: 'MaxPower', volume: p.maxPowerW });
  if (p.minPowerW !== undefined) dims.push({ type: 'MinPower', volume: p.minPowerW });
  if (p.maxCurrentA !== undefined) dims.push({ type: 'MaxCurrent', volume: p.maxCurrentA });
  if (p.minCurrentA !== undefined) dims.push({ type: 'MinCurrent', volume: p.minCurrentA });
  return { startPeriod: new Date(p.startMs).toISOString(), tariffId: p.tariffId, dimensions: dims };
}
