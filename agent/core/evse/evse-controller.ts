// One EVSE's transaction logic: vehicle, authorization, contactor, limits and faults in, transaction events and connector status out.

import { EventEmitter } from 'node:events';
import type { MeterReading } from '../../../hal/meter/meter.js';
import type { VehicleState } from '../../../hal/vehicle/vehicle-connection.js';
import { usableTxLimits } from '../limits/transaction-limits.js';
import { shouldStart, shouldStop } from '../transactions/tx-points.js';
import type { TxState } from '../transactions/tx-state.js';
import type { IdToken, MeterSample, TxEvent, TxEventAck, TxLimits, TxStopReason, TxTrigger } from '../transactions/tx-types.js';
import type { ConnectorStatus } from './connector-status.js';
import { openContactor, updateChargingState, updateContactor } from './evse-contactor.js';
import { EvseContext, type EvseControllerOptions } from './evse-context.js';
import type { SafetyFault } from './evse-ports.js';
import { EvseSampling, type AlignedMoment } from './evse-sampling.js';
import { EvseTransactions } from './evse-transactions.js';

export type { EvseControllerOptions } from './evse-context.js';
export { MAX_ENDED_SAMPLES, type AlignedMoment } from './evse-sampling.js';

export interface EvseControllerEvents {
  status: (status: ConnectorStatus) => void;
  /** A transaction event was stored in the outbox. */
  event: (event: TxEvent) => void;
}

type StartAnswer = { accepted: boolean; transactionId?: string; reason?: string };

export class EvseController extends EventEmitter {
  readonly evseId: number;
  readonly connectorId: number;
  private readonly ctx: EvseContext;
  private readonly sampling: EvseSampling;
  private readonly txs: EvseTransactions;

  constructor(private readonly o: EvseControllerOptions) {
    super();
    this.evseId = o.evseId;
    this.connectorId = o.connectorId;
    this.ctx = new EvseContext(o, (event, payload) => this.emit(event, payload));
    this.sampling = new EvseSampling(this.ctx);
    this.txs = new EvseTransactions(this.ctx, this.sampling);
  }

  override on<E extends keyof EvseControllerEvents>(event: E, listener: EvseControllerEvents[E]): this {
    return super.on(event, listener);
  }

  /** Subscribes to the devices and settles the initial state (call after recover()). */
  start(): void {
    const ctx = this.ctx;
    this.o.vehicle.on('change', (s) => ctx.serial(() => this.onVehicle(s)));
    this.o.safety.on('faulted', (f) => ctx.serial(() => this.onFault(f)));
    this.o.safety.on('cleared', () => ctx.serial(() => this.settle()));
    this.o.meter.on('reading', (r) => this.onReading(r));
    ctx.vehicleState = this.o.vehicle.state();
    ctx.serial(() => this.settle());
  }

  stop(): void {
    this.ctx.limitPort?.stop();
    this.sampling.stop();
    if (this.ctx.pending) clearTimeout(this.ctx.pending.timer);
    this.ctx.clearConnectTimeout();
  }

  status(): ConnectorStatus {
    return this.ctx.status();
  }

  transaction(): Readonly<TxState> | undefined {
    return this.ctx.tx;
  }

  isOperative(): boolean {
    return this.ctx.operative;
  }

  /** Resolves when every queued step of this EVSE has run (tests and shutdown). */
  idle(): Promise<void> {
    return this.ctx.chain;
  }

  // ---- Requests from the CSMS (through an adapter) ----

  /** RequestStartTransaction: authorizes the EVSE for `idToken`; the transaction starts per TxStartPoint. */
  remoteStart(idToken: IdToken, remoteStartId: number): Promise<StartAnswer> {
    return this.authorize(idToken, remoteStartId);
  }

  /** A token presented at the station and accepted by the CSMS (Authorize): the transaction starts or becomes authorized. */
  localStart(idToken: IdToken): Promise<StartAnswer> {
    return this.authorize(idToken, undefined);
  }

  private authorize(idToken: IdToken, remoteStartId: number | undefined): Promise<StartAnswer> {
    const ctx = this.ctx;
    const trigger: TxTrigger = remoteStartId !== undefined ? 'RemoteStart' : 'Authorized';
    return ctx.serialValue(async () => {
      if (!ctx.operative) return { accepted: false, reason: 'EVSE is Inoperative' };
      if (this.o.safety.state().faulted) return { accepted: false, reason: 'EVSE is Faulted' };
      if (ctx.tx?.authorized || ctx.pending) return { accepted: false, reason: 'EVSE already authorized' };
      if (ctx.tx) {
        // Cable plugged in first: the transaction exists; it becomes authorized now.
        ctx.tx.authorized = true;
        ctx.tx.idToken = idToken;
        if (remoteStartId !== undefined) ctx.tx.remoteStartId = remoteStartId;
        ctx.tx.seen.authorized = true;
        this.o.costs?.authorized(ctx.tx); // the token's own tariff (or CentralCost) before any cost is reported
        ctx.emitTx('Updated', trigger, { idToken });
        await this.settle();
        return { accepted: true, transactionId: ctx.tx?.transactionId };
      }
      const timer = setTimeout(() => ctx.serial(() => this.authorizationTimedOut()), this.o.settings.evConnectionTimeoutS() * 1000);
      timer.unref();
      ctx.pending = { idToken, ...(remoteStartId !== undefined ? { remoteStartId } : {}), timer };
      await this.settle();
      return { accepted: true, transactionId: this.transaction()?.transactionId };
    });
  }

  /** RequestStopTransaction: true when `transactionId` is this EVSE's ongoing transaction (it is then stopped). */
  remoteStop(transactionId: string): Promise<boolean> {
    return this.ctx.serialValue(async () => {
      if (!this.ctx.tx || this.ctx.tx.transactionId !== transactionId) return false;
      await this.txs.deauthorize('RemoteStop', 'Remote');
      return true;
    });
  }

  /** What the CSMS answered to one of this EVSE's transaction events. */
  applyAck(transactionId: string, ack: TxEventAck): void {
    const ctx = this.ctx;
    ctx.serial(async () => {
      const tx = ctx.tx;
      if (!tx || tx.transactionId !== transactionId) return;
      if (ack.idTokenStatus && ack.idTokenStatus !== 'Accepted' && tx.authorized) {
        if (this.o.settings.stopTxOnInvalidId()) {
          await this.txs.deauthorize('Deauthorized', 'DeAuthorized');
          return;
        }
        if (!tx.energyRefused) {
          // E05.FR.02: the transaction goes on, the energy stops (SuspendedEVSE, reported by ChargingStateChanged).
          tx.energyRefused = true;
          ctx.log.warn({ tx: tx.transactionId, status: ack.idTokenStatus }, 'idToken not valid, StopTxOnInvalidId false: energy stopped, transaction kept');
          await this.settle();
        }
      }
      // A field the CSMS leaves out keeps its value (an incremental pre-authorisation sends only what changes);
      // one the station cannot enforce (negative, not finite) is ignored the same way.
      const { usable, ignored } = ack.limits ? usableTxLimits(ack.limits) : { usable: undefined, ignored: [] };
      if (ignored.length > 0) ctx.log.warn({ tx: tx.transactionId, ignored }, 'transaction limit fields ignored: not a number >= 0');
      const merged = usable ? { ...tx.limits, ...usable } : tx.limits;
      if (usable && !sameLimits(merged, tx.limits)) {
        tx.limits = merged;
        ctx.emitTx('Updated', 'LimitSet', { transactionLimit: tx.limits });
        ctx.limitPort?.update(tx.limits);
        ctx.log.info({ tx: tx.transactionId, limits: tx.limits }, 'transaction limit set');
      }
    });
  }

  /**
   * ChangeTransactionTariff: the old tariff prices up to a fresh reading, `apply` switches to the new one,
   * and a TransactionEvent Updated with triggerReason TariffChanged reports it (with costDetails).
   */
  changeTariff(transactionId: string, apply: () => void): void {
    const ctx = this.ctx;
    ctx.serial(async () => {
      const tx = ctx.tx;
      if (!tx || tx.transactionId !== transactionId) {
        apply();
        return;
      }
      try {
        const r = await this.o.meter.read();
        this.txs.noteEnergy(r);
        this.o.costs?.reading(tx.transactionId, r, ctx.contactorClosed);
      } catch (err) {
        ctx.log.warn({ err }, 'no fresh reading at the tariff change: the change applies from the last one');
      }
      apply();
      const costDetails = this.o.costs?.details(tx.transactionId);
      ctx.emitTx('Updated', 'TariffChanged', costDetails ? { costDetails } : {});
    });
  }

  /**
   * ChangeAvailability for this EVSE. Inoperative while a transaction is ongoing is 'Scheduled'
   * (G03.FR.05): the transaction goes on and the change applies when it has ended.
   */
  setOperative(operative: boolean): Promise<'Accepted' | 'Scheduled'> {
    const ctx = this.ctx;
    return ctx.serialValue(async () => {
      if (!operative && ctx.tx !== undefined) {
        ctx.scheduledOperative = false;
        return 'Scheduled';
      }
      ctx.scheduledOperative = undefined;
      ctx.operative = operative;
      await this.settle();
      return 'Accepted';
    });
  }

  /** TriggerMessage(TransactionEvent): an Updated event with triggerReason Trigger, when a transaction is ongoing. */
  triggerTransactionEvent(): Promise<boolean> {
    const ctx = this.ctx;
    return ctx.serialValue(() => {
      if (!ctx.tx) return Promise.resolve(false);
      ctx.emitTx('Updated', 'Trigger', { meterValue: this.sampling.sample(this.o.settings.updatedMeasurands(), 'Trigger') });
      return Promise.resolve(true);
    });
  }

  /** A MeterValue of the latest reading (TriggerMessage MeterValues), or undefined without a fresh reading. */
  currentSample(context: 'Trigger' | 'Sample.Clock' = 'Trigger'): MeterSample | undefined {
    return this.sampling.sample(this.o.settings.updatedMeasurands(), context)?.[0];
  }

  /**
   * A clock-aligned moment (J01). In a transaction: an Updated event MeterValueClock (unless
   * SendDuringIdle) and/or a sample kept for the Ended event. Idle: the sample to send as MeterValues,
   * returned to the caller. Values are the latest fresh reading, stamped with the boundary; none while
   * the meter is stale or faulted.
   */
  clockAligned(boundaryMs: number, moment: AlignedMoment): Promise<MeterSample | undefined> {
    return this.ctx.serialValue(() => Promise.resolve(this.sampling.clockAligned(boundaryMs, moment)));
  }

  /** Stops the transaction because the station is resetting or shutting down. */
  endForReset(reason: TxStopReason): Promise<void> {
    const ctx = this.ctx;
    return ctx.serialValue(async () => {
      if (!ctx.tx) return;
      ctx.tx.authorized = false;
      await openContactor(ctx, `reset (${reason})`);
      await this.txs.end('ResetCommand', reason);
    });
  }

  // ---- Power loss recovery ----

  /** Called once at start with this EVSE's transaction found open in the database, if any. */
  recover(open: TxState | undefined): Promise<void> {
    return this.txs.recover(open);
  }

  // ---- Reactions to the devices ----

  private async onVehicle(state: VehicleState | 'unknown'): Promise<void> {
    const ctx = this.ctx;
    if (state === 'unknown') {
      ctx.log.warn('vehicle connection unreadable: treating as unchanged');
      return;
    }
    const wasConnected = ctx.vehicleConnected();
    ctx.vehicleState = state;
    const isConnected = ctx.vehicleConnected();
    if (!wasConnected && isConnected && ctx.tx) {
      ctx.tx.seen.evConnected = true;
      ctx.emitTx('Updated', 'CablePluggedIn', {});
    }
    if (wasConnected && !isConnected && ctx.tx && !ctx.tx.ended) {
      const stops = this.o.settings.txStopPoints();
      if (stops.has('EVConnected') || this.o.settings.stopTxOnEVSideDisconnect()) {
        await openContactor(ctx, 'EV disconnected');
        await this.txs.end('EVCommunicationLost', ctx.tx.stopReason ?? 'EVDisconnected');
      }
    }
    await this.settle();
  }

  private async onFault(fault: SafetyFault): Promise<void> {
    const ctx = this.ctx;
    ctx.contactorClosed = false;
    ctx.log.error({ fault }, 'EVSE fault: energy transfer stopped');
    if (ctx.pending) ctx.dropPending();
    if (ctx.tx) {
      ctx.tx.authorized = false;
      await this.txs.end('AbnormalCondition', 'Other', `${fault.source} ${fault.kind}: ${fault.message}`);
    }
    ctx.publishStatus();
  }

  private onReading(r: MeterReading): void {
    const tx = this.ctx.tx;
    if (tx && !tx.ended) {
      this.txs.noteEnergy(r);
      this.o.costs?.reading(tx.transactionId, r, this.ctx.contactorClosed);
    }
  }

  /**
   * EVConnectionTimeOut: a pending authorization is dropped; a transaction it started before the cable
   * (TxStartPoint Authorized) ends with EVConnectTimeout / Timeout and the EVSE is free again (E03.FR.05).
   */
  private async authorizationTimedOut(): Promise<void> {
    const ctx = this.ctx;
    if (ctx.pending) {
      ctx.log.info('no EV connected within EVConnectionTimeOut: authorization dropped');
      ctx.dropPending();
      ctx.publishStatus();
      return;
    }
    const waiting = ctx.connectTimeout;
    ctx.connectTimeout = undefined;
    const tx = ctx.tx;
    if (!waiting || !tx || tx.transactionId !== waiting.transactionId || tx.seen.evConnected || ctx.vehicleConnected()) return;
    ctx.log.info({ tx: tx.transactionId }, 'no EV connected within EVConnectionTimeOut: transaction ended');
    tx.authorized = false;
    await openContactor(ctx, 'no EV connected within EVConnectionTimeOut');
    await this.txs.end('EVConnectTimeout', 'Timeout');
    await this.settle();
  }

  /** Starts a transaction when a TxStartPoint condition holds (and the EVSE may charge). */
  private async startIfDue(): Promise<void> {
    const c = this.ctx.conditions();
    if (!this.ctx.tx && shouldStart(this.o.settings.txStartPoints(), c) && this.ctx.operative && !this.o.safety.state().faulted) {
      await this.txs.start(c);
    }
  }

  /** Brings transaction, contactor and status in line with the current conditions. */
  private async settle(): Promise<void> {
    const ctx = this.ctx;
    await this.startIfDue();
    await updateContactor(ctx);
    if (!ctx.tx && ctx.contactorClosed) {
      // closed for an authorization (TxStartPoint PowerPathClosed): the transaction starts now, or the energy stops
      await this.startIfDue();
      if (!ctx.tx) await openContactor(ctx, 'no transaction started on the closed power path');
    }
    const tx = ctx.tx;
    if (tx) {
      const now = ctx.conditions();
      Object.assign(tx.seen, {
        evConnected: tx.seen.evConnected || now.evConnected,
        authorized: tx.seen.authorized || now.authorized,
        powerPathClosed: tx.seen.powerPathClosed || now.powerPathClosed,
        energyTransfer: tx.seen.energyTransfer || now.energyTransfer,
      });
      // While the vehicle state is not known yet (just started, controller not read), the stop points wait for it.
      if (ctx.vehicleState !== 'unknown' && shouldStop(this.o.settings.txStopPoints(), now, tx.seen)) {
        await openContactor(ctx, 'transaction stop point reached');
        await this.txs.end(this.txs.stopTrigger(now), tx.stopReason ?? this.txs.stopReasonFor(now));
      } else {
        updateChargingState(ctx);
      }
    }
    ctx.publishStatus();
  }
}

function sameLimits(a: TxLimits, b: TxLimits): boolean {
  return a.maxEnergy === b.maxEnergy && a.maxTime === b.maxTime && a.maxCost === b.maxCost;
}
