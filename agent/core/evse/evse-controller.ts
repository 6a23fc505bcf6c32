// One EVSE's transaction logic: vehicle, authorization, contactor, limits and faults in, transaction events and connector status out.

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Meter, MeterReading } from '../../../hal/meter/meter.js';
import type { VehicleConnection, VehicleState } from '../../../hal/vehicle/vehicle-connection.js';
import { LIMIT_STOP, usableTxLimits } from '../limits/transaction-limits.js';
import { meterSample } from '../transactions/meter-samples.js';
import type { TxJournal } from '../transactions/tx-journal.js';
import { shouldStart, shouldStop, type TxConditions } from '../transactions/tx-points.js';
import { timeSpentChargingS, type TxState } from '../transactions/tx-state.js';
import type { CostDetailsType } from '../types/v21.js';
import type { ChargingState, IdToken, MeterSample, TxEvent, TxEventAck, TxLimits, TxStopReason, TxTrigger } from '../transactions/tx-types.js';
import { connectorStatus, type ConnectorStatus } from './connector-status.js';
import type { LimitFactory, LimitKind, LimitPort, SafetyFault, SafetyPort } from './evse-ports.js';
import type { EvseSettings } from './evse-settings.js';
import type { CostPort } from '../tariffs/cost-tracker.js';

export interface EvseControllerOptions {
  evseId: number;
  connectorId: number;
  meter: Meter;
  vehicle: VehicleConnection;
  safety: SafetyPort;
  journal: TxJournal;
  settings: EvseSettings;
  limits: LimitFactory;
  /** The cost engine (tariffs); absent: no cost is computed. */
  costs?: CostPort;
  logger: Logger;
  now?: () => number;
}

export interface EvseControllerEvents {
  status: (status: ConnectorStatus) => void;
  /** A transaction event was stored in the outbox. */
  event: (event: TxEvent) => void;
}

/** At most this many samples are collected for one Ended event (a 1 s TxEndedInterval over a day would be 86 400). */
export const MAX_ENDED_SAMPLES = 500;

/** What a clock-aligned moment asks of an EVSE (J01). */
export interface AlignedMoment {
  /** An AlignedDataCtrlr.Interval boundary: send the values (MeterValues idle, MeterValueClock in a transaction). */
  send: boolean;
  /** An AlignedDataCtrlr.TxEndedInterval boundary: keep the values for the Ended event. */
  txEnded: boolean;
}

interface PendingAuthorization {
  idToken: IdToken;
  remoteStartId?: number;
  timer: NodeJS.Timeout;
}

export class EvseController extends EventEmitter {
  readonly evseId: number;
  readonly connectorId: number;
  private vehicleState: VehicleState | 'unknown' = 'unknown';
  private tx: TxState | undefined;
  private pending: PendingAuthorization | undefined;
  private limitPort: LimitPort | undefined;
  private limitReached = false;
  private operative = true;
  /** An availability change waiting for the transaction to end. */
  private scheduledOperative: boolean | undefined;
  private contactorClosed = false;
  private lastStatus: ConnectorStatus | undefined;
  private sampleTimer: NodeJS.Timeout | undefined;
  private endedSampleTimer: NodeJS.Timeout | undefined;
  private endedCapWarnedFor: string | undefined;
  private costTimer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly o: EvseControllerOptions) {
    super();
    this.evseId = o.evseId;
    this.connectorId = o.connectorId;
    this.now = o.now ?? Date.now;
    this.log = o.logger.child({ evse: o.evseId });
  }

  override on<E extends keyof EvseControllerEvents>(event: E, listener: EvseControllerEvents[E]): this {
    return super.on(event, listener);
  }

  /** Subscribes to the devices and settles the initial state (call after recover()). */
  start(): void {
    this.o.vehicle.on('change', (s) => this.serial(() => this.onVehicle(s)));
    this.o.safety.on('faulted', (f) => this.serial(() => this.onFault(f)));
    this.o.safety.on('cleared', () => this.serial(() => this.settle()));
    this.o.meter.on('reading', (r) => this.onReading(r));
    this.vehicleState = this.o.vehicle.state();
    this.serial(() => this.settle());
  }

  stop(): void {
    this.limitPort?.stop();
    clearInterval(this.sampleTimer);
    clearInterval(this.endedSampleTimer);
    clearInterval(this.costTimer);
    if (this.pending) clearTimeout(this.pending.timer);
  }

  status(): ConnectorStatus {
    return connectorStatus({
      faulted: this.o.safety.state().faulted,
      operative: this.operative,
      vehiclePresent: this.vehicleState === 'connected' || this.vehicleState === 'ready',
      transactionOpen: this.tx !== undefined,
    });
  }

  transaction(): Readonly<TxState> | undefined {
    return this.tx;
  }

  isOperative(): boolean {
    return this.operative;
  }

  /** Resolves when every queued step of this EVSE has run (tests and shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  // ---- Requests from the CSMS (through an adapter) ----

  /** RequestStartTransaction: authorizes the EVSE for `idToken`; the transaction starts per TxStartPoint. */
  remoteStart(idToken: IdToken, remoteStartId: number): Promise<{ accepted: boolean; transactionId?: string; reason?: string }> {
    return this.authorize(idToken, remoteStartId);
  }

  /** A token presented at the station and accepted by the CSMS (Authorize): the transaction starts or becomes authorized. */
  localStart(idToken: IdToken): Promise<{ accepted: boolean; transactionId?: string; reason?: string }> {
    return this.authorize(idToken, undefined);
  }

  private authorize(idToken: IdToken, remoteStartId: number | undefined): Promise<{ accepted: boolean; transactionId?: string; reason?: string }> {
    const trigger: TxTrigger = remoteStartId !== undefined ? 'RemoteStart' : 'Authorized';
    return this.serialValue(async () => {
      if (!this.operative) return { accepted: false, reason: 'EVSE is Inoperative' };
      if (this.o.safety.state().faulted) return { accepted: false, reason: 'EVSE is Faulted' };
      if (this.tx?.authorized || this.pending) return { accepted: false, reason: 'EVSE already authorized' };
      if (this.tx) {
        // Cable plugged in first: the transaction exists; it becomes authorized now.
        this.tx.authorized = true;
        this.tx.idToken = idToken;
        if (remoteStartId !== undefined) this.tx.remoteStartId = remoteStartId;
        this.tx.seen.authorized = true;
        this.o.costs?.authorized(this.tx); // the token's own tariff (or CentralCost) before any cost is reported
        this.emitTx('Updated', trigger, { idToken });
        await this.settle();
        return { accepted: true, transactionId: this.tx?.transactionId };
      }
      const timer = setTimeout(() => this.serial(() => this.authorizationTimedOut()), this.o.settings.evConnectionTimeoutS() * 1000);
      timer.unref();
      this.pending = { idToken, ...(remoteStartId !== undefined ? { remoteStartId } : {}), timer };
      await this.settle();
      return { accepted: true, transactionId: this.transaction()?.transactionId };
    });
  }

  /** RequestStopTransaction: true when `transactionId` is this EVSE's ongoing transaction (it is then stopped). */
  remoteStop(transactionId: string): Promise<boolean> {
    return this.serialValue(async () => {
      if (!this.tx || this.tx.transactionId !== transactionId) return false;
      await this.deauthorize('RemoteStop', 'Remote');
      return true;
    });
  }

  /** What the CSMS answered to one of this EVSE's transaction events. */
  applyAck(transactionId: string, ack: TxEventAck): void {
    this.serial(async () => {
      const tx = this.tx;
      if (!tx || tx.transactionId !== transactionId) return;
      if (ack.idTokenStatus && ack.idTokenStatus !== 'Accepted' && tx.authorized && this.o.settings.stopTxOnInvalidId()) {
        await this.deauthorize('Deauthorized', 'DeAuthorized');
        return;
      }
      // A field the CSMS leaves out keeps its value (an incremental pre-authorisation sends only what changes);
      // one the station cannot enforce (negative, not finite) is ignored the same way.
      const { usable, ignored } = ack.limits ? usableTxLimits(ack.limits) : { usable: undefined, ignored: [] };
      if (ignored.length > 0) this.log.warn({ tx: tx.transactionId, ignored }, 'transaction limit fields ignored: not a number >= 0');
      const merged = usable ? { ...tx.limits, ...usable } : tx.limits;
      if (usable && !sameLimits(merged, tx.limits)) {
        tx.limits = merged;
        this.emitTx('Updated', 'LimitSet', { transactionLimit: tx.limits });
        this.limitPort?.update(tx.limits);
        this.log.info({ tx: tx.transactionId, limits: tx.limits }, 'transaction limit set');
      }
    });
  }

  /**
   * ChangeTransactionTariff: the old tariff prices up to a fresh reading, `apply` switches to the new one,
   * and a TransactionEvent Updated with triggerReason TariffChanged reports it (with costDetails).
   */
  changeTariff(transactionId: string, apply: () => void): void {
    this.serial(async () => {
      const tx = this.tx;
      if (!tx || tx.transactionId !== transactionId) {
        apply();
        return;
      }
      try {
        const r = await this.o.meter.read();
        this.noteEnergy(r);
        this.o.costs?.reading(tx.transactionId, r, this.contactorClosed);
      } catch (err) {
        this.log.warn({ err }, 'no fresh reading at the tariff change: the change applies from the last one');
      }
      apply();
      const costDetails = this.o.costs?.details(tx.transactionId);
      this.emitTx('Updated', 'TariffChanged', costDetails ? { costDetails } : {});
    });
  }

  /**
   * ChangeAvailability for this EVSE. Inoperative while a transaction is ongoing is 'Scheduled'
   * (G03.FR.05): the transaction goes on and the change applies when it has ended.
   */
  setOperative(operative: boolean): Promise<'Accepted' | 'Scheduled'> {
    return this.serialValue(async () => {
      if (!operative && this.tx !== undefined) {
        this.scheduledOperative = false;
        return 'Scheduled';
      }
      this.scheduledOperative = undefined;
      this.operative = operative;
      await this.settle();
      return 'Accepted';
    });
  }

  /** TriggerMessage(TransactionEvent): an Updated event with triggerReason Trigger, when a transaction is ongoing. */
  triggerTransactionEvent(): Promise<boolean> {
    return this.serialValue(() => {
      if (!this.tx) return Promise.resolve(false);
      this.emitTx('Updated', 'Trigger', { meterValue: this.sample(this.o.settings.updatedMeasurands(), 'Trigger') });
      return Promise.resolve(true);
    });
  }

  /** A MeterValue of the latest reading (TriggerMessage MeterValues), or undefined without a fresh reading. */
  currentSample(context: 'Trigger' | 'Sample.Clock' = 'Trigger'): MeterSample | undefined {
    return this.sample(this.o.settings.updatedMeasurands(), context)?.[0];
  }

  /**
   * A clock-aligned moment (J01). In a transaction: an Updated event MeterValueClock (unless
   * SendDuringIdle) and/or a sample kept for the Ended event. Idle: the sample to send as MeterValues,
   * returned to the caller. Values are the latest fresh reading, stamped with the boundary; none while
   * the meter is stale or faulted.
   */
  clockAligned(boundaryMs: number, moment: AlignedMoment): Promise<MeterSample | undefined> {
    return this.serialValue(() => {
      const s = this.o.settings;
      const tx = this.tx;
      const at = new Date(boundaryMs).toISOString();
      const stamp = (measurands: string[]) => {
        const v = this.sample(measurands, 'Sample.Clock')?.[0];
        return v ? { ...v, timestamp: at } : undefined;
      };
      if (!tx || tx.ended) return Promise.resolve(moment.send ? stamp(s.alignedMeasurands()) : undefined);
      if (moment.txEnded) this.keepForEnded(tx, stamp(s.alignedTxEndedMeasurands()));
      if (moment.send && !s.alignedSendDuringIdle()) {
        const v = stamp(s.alignedMeasurands());
        if (v) this.emitTx('Updated', 'MeterValueClock', { meterValue: [v] });
      }
      return Promise.resolve(undefined);
    });
  }

  /** Stops the transaction because the station is resetting or shutting down. */
  endForReset(reason: TxStopReason): Promise<void> {
    return this.serialValue(async () => {
      if (!this.tx) return;
      this.tx.authorized = false;
      await this.openContactor(`reset (${reason})`);
      await this.endTransaction('ResetCommand', reason);
    });
  }

  // ---- Power loss recovery ----

  /** Called once at start with this EVSE's transaction found open in the database, if any. */
  async recover(open: TxState | undefined): Promise<void> {
    if (!open) return;
    this.tx = open;
    if (this.o.settings.onPowerLoss() === 'resume' && !open.stopReason) {
      open.chargingSince = undefined;
      this.emitTx('Updated', 'TxResumed', {});
      this.o.costs?.start(open);
      this.armLimits();
      this.startSampling();
      this.log.info({ tx: open.transactionId }, 'resumed transaction after restart');
      return;
    }
    let reading: MeterReading | undefined;
    try {
      reading = await this.o.meter.read();
    } catch (err) {
      this.log.error({ err, tx: open.transactionId }, 'meter unreadable while ending a transaction after power loss: using the last stored register');
    }
    if (reading) this.noteEnergy(reading);
    this.log.warn({ tx: open.transactionId }, 'ending transaction found open after restart (PowerLoss)');
    this.finish('AbnormalCondition', open.stopReason ?? 'PowerLoss', reading);
  }

  // ---- Internals ----

  private serial(step: () => Promise<void> | void): void {
    this.chain = this.chain
      .then(step)
      .catch((err: unknown) => this.log.error({ err }, 'EVSE step failed'));
  }

  private serialValue<T>(step: () => Promise<T>): Promise<T> {
    const result = this.chain.then(step);
    this.chain = result.then(
      () => undefined,
      (err: unknown) => this.log.error({ err }, 'EVSE step failed'),
    );
    return result;
  }

  private conditions(): TxConditions {
    const connected = this.vehicleState === 'connected' || this.vehicleState === 'ready';
    const authorized = this.tx ? this.tx.authorized : this.pending !== undefined;
    const power = this.o.meter.latest()?.reading.powerW ?? 0;
    return { evConnected: connected, authorized, powerPathClosed: this.contactorClosed, energyTransfer: this.contactorClosed && power > 0 };
  }

  private async onVehicle(state: VehicleState | 'unknown'): Promise<void> {
    if (state === 'unknown') {
      this.log.warn('vehicle connection unreadable: treating as unchanged');
      return;
    }
    const before = this.vehicleState;
    this.vehicleState = state;
    const wasConnected = before === 'connected' || before === 'ready';
    const isConnected = state === 'connected' || state === 'ready';
    if (!wasConnected && isConnected && this.tx) {
      this.tx.seen.evConnected = true;
      this.emitTx('Updated', 'CablePluggedIn', {});
    }
    if (wasConnected && !isConnected && this.tx && !this.tx.ended) {
      const stops = this.o.settings.txStopPoints();
      if (stops.has('EVConnected') || this.o.settings.stopTxOnEVSideDisconnect()) {
        await this.openContactor('EV disconnected');
        await this.endTransaction('EVCommunicationLost', this.tx.stopReason ?? 'EVDisconnected');
      }
    }
    await this.settle();
  }

  private async onFault(fault: SafetyFault): Promise<void> {
    this.contactorClosed = false;
    this.log.error({ fault }, 'EVSE fault: energy transfer stopped');
    if (this.pending) this.dropPending();
    if (this.tx) {
      this.tx.authorized = false;
      await this.endTransaction('AbnormalCondition', 'Other', `${fault.source} ${fault.kind}: ${fault.message}`);
    }
    this.publishStatus();
  }

  private authorizationTimedOut(): void {
    if (!this.pending) return;
    this.log.info('no EV connected within EVConnectionTimeOut: authorization dropped');
    this.dropPending();
    this.publishStatus();
  }

  private dropPending(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  /** Brings transaction, contactor and status in line with the current conditions. */
  private async settle(): Promise<void> {
    const c = this.conditions();
    if (!this.tx && shouldStart(this.o.settings.txStartPoints(), c) && this.operative && !this.o.safety.state().faulted) {
      await this.startTransaction(c);
    }
    await this.updateContactor();
    const tx = this.tx;
    if (tx) {
      const now = this.conditions();
      Object.assign(tx.seen, {
        evConnected: tx.seen.evConnected || now.evConnected,
        authorized: tx.seen.authorized || now.authorized,
        powerPathClosed: tx.seen.powerPathClosed || now.powerPathClosed,
        energyTransfer: tx.seen.energyTransfer || now.energyTransfer,
      });
      // While the vehicle state is not known yet (just started, controller not read), the stop points wait for it.
      if (this.vehicleState !== 'unknown' && shouldStop(this.o.settings.txStopPoints(), now, tx.seen)) {
        await this.openContactor('transaction stop point reached');
        await this.endTransaction(this.stopTrigger(now), tx.stopReason ?? this.stopReasonFor(now));
      } else {
        this.updateChargingState();
      }
    }
    this.publishStatus();
  }

  private stopTrigger(c: TxConditions): TxTrigger {
    if (!c.evConnected) return 'EVCommunicationLost';
    if (this.tx?.stopReason === 'Remote') return 'RemoteStop';
    if (!c.authorized) return 'Deauthorized';
    return 'ChargingStateChanged';
  }

  private stopReasonFor(c: TxConditions): TxStopReason {
    if (!c.evConnected) return 'EVDisconnected';
    if (!c.authorized) return 'DeAuthorized';
    return 'StoppedByEV';
  }

  private async startTransaction(c: TxConditions): Promise<void> {
    let reading: MeterReading;
    try {
      reading = await this.o.meter.read();
    } catch (err) {
      this.log.error({ err }, 'cannot start a transaction: the meter does not answer');
      return;
    }
    const now = this.now();
    const pending = this.pending;
    this.dropPending();
    const trigger: TxTrigger = pending ? (pending.remoteStartId !== undefined ? 'RemoteStart' : 'Authorized') : c.evConnected ? 'CablePluggedIn' : 'Authorized';
    this.tx = {
      transactionId: randomUUID(),
      evseId: this.evseId,
      connectorId: this.connectorId,
      startedAt: now,
      startEnergyWh: reading.energyImportWh,
      lastEnergyWh: reading.energyImportWh,
      lastEnergyAt: reading.timestamp,
      idToken: pending?.idToken,
      remoteStartId: pending?.remoteStartId,
      authorized: pending !== undefined,
      limits: {},
      chargingState: c.evConnected ? 'EVConnected' : 'Idle',
      chargingMs: 0,
      seen: { ...c, authorized: pending !== undefined },
      ended: false,
    };
    this.limitReached = false;
    this.emitTx('Started', trigger, {
      idToken: pending?.idToken,
      meterValue: [meterSample(reading, this.o.settings.startedMeasurands(), 'Transaction.Begin')],
    });
    this.log.info({ tx: this.tx.transactionId, energyWh: reading.energyImportWh, trigger }, 'transaction started');
    this.o.costs?.start(this.tx);
    this.armLimits();
    this.startSampling();
  }

  private armLimits(): void {
    const tx = this.tx;
    if (!tx) return;
    this.limitPort?.stop();
    this.limitPort = this.o.limits(tx, (kind) => this.onLimitReached(tx.transactionId, kind));
    this.limitPort.update(tx.limits);
  }

  /** The limit is reached: open the contactor at once (outside the step queue), then record it. */
  private onLimitReached(transactionId: string, kind: LimitKind): void {
    if (!this.tx || this.tx.transactionId !== transactionId || this.limitReached) return;
    this.limitReached = true;
    const opening = this.openContactor(`${kind} limit reached`);
    const { trigger, reason } = LIMIT_STOP[kind];
    this.serial(async () => {
      await opening;
      await this.deauthorize(trigger, reason);
    });
  }

  private async deauthorize(trigger: TxTrigger, reason: TxStopReason): Promise<void> {
    const tx = this.tx;
    if (!tx) return;
    tx.authorized = false;
    tx.stopReason = reason;
    await this.openContactor(`transaction ${tx.transactionId} deauthorized (${reason})`);
    const stops = this.o.settings.txStopPoints();
    if (stops.has('Authorized') || stops.has('PowerPathClosed') || stops.has('EnergyTransfer') || !this.conditions().evConnected) {
      await this.endTransaction(trigger, reason);
    } else {
      this.setChargingState('SuspendedEVSE');
      this.emitTx('Updated', trigger, { transactionLimit: trigger.endsWith('LimitReached') ? tx.limits : undefined }); // stores the state too
    }
    this.publishStatus();
  }

  private async endTransaction(trigger: TxTrigger, reason: TxStopReason, detail?: string): Promise<void> {
    const tx = this.tx;
    if (!tx || tx.ended) return;
    let reading: MeterReading | undefined;
    try {
      reading = await this.o.meter.read();
    } catch (err) {
      this.log.error({ err, tx: tx.transactionId }, 'meter unreadable at transaction end: using the last good register');
    }
    if (reading) this.noteEnergy(reading);
    this.finish(trigger, reason, reading, detail);
  }

  /** Writes the Ended event (end register = a fresh reading, else the last stored one) and clears the transaction. */
  private finish(trigger: TxTrigger, reason: TxStopReason, reading: MeterReading | undefined, detail?: string): void {
    const tx = this.tx;
    if (!tx) return;
    this.setChargingState(this.vehicleState === 'connected' || this.vehicleState === 'ready' ? 'EVConnected' : 'Idle');
    tx.ended = true;
    tx.stopReason = reason;
    const end: MeterSample = reading
      ? meterSample(reading, this.o.settings.endedMeasurands(), 'Transaction.End')
      : {
          timestamp: new Date(tx.lastEnergyAt).toISOString(),
          sampledValue: [{ measurand: 'Energy.Active.Import.Register', value: Math.round(tx.lastEnergyWh * 10) / 10, unit: 'Wh', context: 'Transaction.End' }],
        };
    if (reading) this.o.costs?.reading(tx.transactionId, reading, false);
    const costDetails = this.o.costs?.details(tx.transactionId);
    const meterValue = [...(tx.endedSamples ?? []), end];
    this.emitTx('Ended', trigger, { stoppedReason: reason, meterValue, detail, ...(costDetails ? { costDetails } : {}) });
    this.o.costs?.end(tx.transactionId);
    this.log.info({ tx: tx.transactionId, reason, deliveredWh: Math.round((tx.lastEnergyWh - tx.startEnergyWh) * 10) / 10 }, 'transaction ended');
    this.limitPort?.stop();
    this.limitPort = undefined;
    clearInterval(this.sampleTimer);
    this.sampleTimer = undefined;
    clearInterval(this.endedSampleTimer);
    this.endedSampleTimer = undefined;
    clearInterval(this.costTimer);
    this.costTimer = undefined;
    this.tx = undefined;
    if (this.scheduledOperative !== undefined) {
      this.operative = this.scheduledOperative;
      this.scheduledOperative = undefined;
    }
    this.publishStatus();
  }

  private async updateContactor(): Promise<void> {
    const tx = this.tx;
    const c = this.conditions();
    const want =
      tx !== undefined && tx.authorized && !this.limitReached && this.vehicleState === 'ready' && this.operative && this.o.safety.mayClose();
    if (want && !this.contactorClosed) {
      try {
        await this.o.safety.close(`transaction ${tx.transactionId} authorized and EV ready`);
        this.contactorClosed = true;
      } catch (err) {
        this.log.error({ err }, 'contactor did not close');
      }
    } else if (!want && this.contactorClosed) {
      await this.openContactor(!c.evConnected ? 'EV disconnected' : this.vehicleState !== 'ready' ? 'EV not ready' : 'transaction not authorized');
    }
  }

  private async openContactor(reason: string): Promise<void> {
    if (!this.contactorClosed) return;
    this.contactorClosed = false;
    try {
      await this.o.safety.open(reason);
    } catch (err) {
      this.log.error({ err }, 'contactor did not open');
    }
  }

  private updateChargingState(): void {
    const tx = this.tx;
    if (!tx) return;
    let next: ChargingState;
    const connected = this.vehicleState === 'connected' || this.vehicleState === 'ready';
    const power = this.o.meter.latest()?.reading.powerW ?? 0;
    if (!connected) next = 'Idle';
    else if (this.contactorClosed) next = power > 0 || this.vehicleState === 'ready' ? 'Charging' : 'SuspendedEV';
    else if (tx.authorized && this.vehicleState === 'connected') next = 'SuspendedEV';
    else if (tx.authorized || tx.stopReason) next = 'SuspendedEVSE';
    else next = 'EVConnected';
    if (next !== tx.chargingState) {
      this.setChargingState(next);
      this.emitTx('Updated', 'ChargingStateChanged', {});
    }
  }

  private setChargingState(next: ChargingState): void {
    const tx = this.tx;
    if (!tx || tx.chargingState === next) return;
    const now = this.now();
    if (tx.chargingState === 'Charging' && tx.chargingSince !== undefined) {
      tx.chargingMs += now - tx.chargingSince;
      tx.chargingSince = undefined;
    }
    if (next === 'Charging') tx.chargingSince = now;
    tx.chargingState = next;
  }

  private onReading(r: MeterReading): void {
    if (this.tx && !this.tx.ended) {
      this.noteEnergy(r);
      this.o.costs?.reading(this.tx.transactionId, r, this.contactorClosed);
    }
  }

  private noteEnergy(r: MeterReading): void {
    const tx = this.tx;
    if (!tx) return;
    tx.lastEnergyWh = r.energyImportWh;
    tx.lastEnergyAt = r.timestamp;
  }

  private startSampling(): void {
    clearInterval(this.costTimer);
    const costS = this.o.costs ? this.o.settings.runningCostIntervalS() : 0;
    if (costS > 0) {
      this.costTimer = setInterval(() => {
        this.serial(() => {
          const tx = this.tx;
          if (!tx || !this.contactorClosed) return;
          const costDetails = this.o.costs?.details(tx.transactionId);
          if (costDetails) this.emitTx('Updated', 'RunningCost', { costDetails });
        });
      }, costS * 1000);
      this.costTimer.unref();
    }
    clearInterval(this.endedSampleTimer);
    const endedS = this.o.settings.endedIntervalS();
    if (endedS > 0) {
      this.endedSampleTimer = setInterval(() => {
        this.serial(() => {
          if (this.tx && !this.tx.ended) this.keepForEnded(this.tx, this.sample(this.o.settings.endedMeasurands(), 'Sample.Periodic')?.[0]);
        });
      }, endedS * 1000);
      this.endedSampleTimer.unref();
    }
    clearInterval(this.sampleTimer);
    const intervalS = this.o.settings.updatedIntervalS();
    if (intervalS <= 0) return;
    this.sampleTimer = setInterval(() => {
      this.serial(() => {
        if (!this.tx) return;
        const values = this.sample(this.o.settings.updatedMeasurands(), 'Sample.Periodic');
        // the event's journal record stores the state (latest register) with it; without a fresh reading, the state alone
        if (values) this.emitTx('Updated', 'MeterValuePeriodic', { meterValue: values });
        else this.o.journal.save(this.tx);
      });
    }, intervalS * 1000);
    this.sampleTimer.unref();
  }

  /** Keeps a sample for the Ended event, stored with the transaction so a power cut does not lose it. */
  private keepForEnded(tx: TxState, sample: MeterSample | undefined): void {
    if (!sample) return;
    const kept = (tx.endedSamples ??= []);
    if (kept.length >= MAX_ENDED_SAMPLES) {
      if (this.endedCapWarnedFor !== tx.transactionId) {
        this.endedCapWarnedFor = tx.transactionId;
        this.log.warn({ tx: tx.transactionId, max: MAX_ENDED_SAMPLES }, 'Ended event sample limit reached: later samples are not kept');
      }
      return;
    }
    kept.push(sample);
    this.o.journal.save(tx);
  }

  private sample(measurands: string[], context: 'Sample.Periodic' | 'Trigger' | 'Sample.Clock'): MeterSample[] | undefined {
    const latest = this.o.meter.latest();
    if (!latest || latest.stale) return undefined;
    return [meterSample(latest.reading, measurands, context)];
  }

  private emitTx(
    eventType: TxEvent['eventType'],
    triggerReason: TxTrigger,
    extra: {
      idToken?: IdToken;
      meterValue?: MeterSample[];
      stoppedReason?: TxStopReason;
      transactionLimit?: TxLimits;
      detail?: string;
      costDetails?: CostDetailsType;
    },
  ): void {
    const tx = this.tx;
    if (!tx) return;
    const now = this.now();
    const event: Omit<TxEvent, 'seqNo'> = {
      eventType,
      timestamp: new Date(now).toISOString(),
      triggerReason,
      offline: !this.o.settings.online(),
      transactionId: tx.transactionId,
      evseId: this.evseId,
      connectorId: this.connectorId,
      chargingState: tx.chargingState,
      timeSpentCharging: timeSpentChargingS(tx, now),
      ...(eventType === 'Started' && tx.remoteStartId !== undefined ? { remoteStartId: tx.remoteStartId } : {}),
      ...(extra.idToken ? { idToken: extra.idToken } : {}),
      ...(extra.meterValue ? { meterValue: extra.meterValue } : {}),
      ...(extra.stoppedReason ? { stoppedReason: extra.stoppedReason } : {}),
      ...(extra.transactionLimit ? { transactionLimit: extra.transactionLimit } : {}),
      ...(extra.detail ? { detail: extra.detail } : {}),
      ...(extra.costDetails ? { costDetails: extra.costDetails } : {}),
    };
    const stored = this.o.journal.record(tx, event);
    this.emit('event', stored);
  }

  private publishStatus(): void {
    const s = this.status();
    if (s !== this.lastStatus) {
      this.lastStatus = s;
      this.emit('status', s);
    }
  }
}

function sameLimits(a: TxLimits, b: TxLimits): boolean {
  return a.maxEnergy === b.maxEnergy && a.maxTime === b.maxTime && a.maxCost === b.maxCost;
}
