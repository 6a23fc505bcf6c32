// One EVSE's transaction lifecycle: start (Started event), limits armed, deauthorization, end (Ended event) and power-loss recovery.

import { randomUUID } from 'node:crypto';
import type { MeterReading } from '../../../hal/meter/meter.js';
import type { VehicleState } from '../../../hal/vehicle/vehicle-connection.js';
import { LIMIT_STOP } from '../limits/transaction-limits.js';
import { meterSample } from '../transactions/meter-samples.js';
import type { TxConditions } from '../transactions/tx-points.js';
import type { TxState } from '../transactions/tx-state.js';
import type { MeterSample, TxStopReason, TxTrigger } from '../transactions/tx-types.js';
import { openContactor, setChargingState } from './evse-contactor.js';
import type { EvseContext } from './evse-context.js';
import type { LimitKind } from './evse-ports.js';
import type { EvseSampling } from './evse-sampling.js';

export class EvseTransactions {
  constructor(
    private readonly ctx: EvseContext,
    private readonly sampling: EvseSampling,
  ) {}

  /** Starts a transaction from a fresh reading (none when the meter does not answer), taking over a pending authorization. */
  async start(c: TxConditions): Promise<void> {
    const ctx = this.ctx;
    let reading: MeterReading;
    try {
      reading = await ctx.o.meter.read();
    } catch (err) {
      ctx.log.error({ err }, 'cannot start a transaction: the meter does not answer');
      return;
    }
    const now = ctx.now();
    const pending = ctx.pending;
    ctx.pending = undefined;
    const trigger: TxTrigger = pending ? (pending.remoteStartId !== undefined ? 'RemoteStart' : 'Authorized') : c.evConnected ? 'CablePluggedIn' : 'Authorized';
    ctx.tx = {
      transactionId: randomUUID(),
      evseId: ctx.o.evseId,
      connectorId: ctx.o.connectorId,
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
    ctx.limitReached = false;
    // Authorized before the cable: its EVConnectionTimeOut now runs for the transaction (E03.FR.05).
    if (pending && !c.evConnected) ctx.connectTimeout = { timer: pending.timer, transactionId: ctx.tx.transactionId };
    else if (pending) clearTimeout(pending.timer);
    ctx.emitTx('Started', trigger, {
      idToken: pending?.idToken,
      meterValue: [meterSample(reading, ctx.o.settings.startedMeasurands(), 'Transaction.Begin')],
    });
    ctx.log.info({ tx: ctx.tx.transactionId, energyWh: reading.energyImportWh, trigger }, 'transaction started');
    ctx.o.costs?.start(ctx.tx);
    this.armLimits();
    this.sampling.start();
  }

  /** Called once at start with this EVSE's transaction found open in the database, if any: resumed or ended (PowerLoss). */
  async recover(open: TxState | undefined): Promise<void> {
    if (!open) return;
    const ctx = this.ctx;
    ctx.tx = open;
    // Before start() has read it: the Ended (or resumed) event's chargingState depends on the vehicle.
    if (ctx.vehicleState === 'unknown') ctx.vehicleState = await this.readVehicle();
    const reading = await this.freshReading('recovering a transaction after power loss: using the last stored register');
    if (ctx.o.settings.onPowerLoss() === 'resume' && !open.stopReason) {
      this.resume(open, reading);
      return;
    }
    ctx.log.warn({ tx: open.transactionId }, 'ending transaction found open after restart (PowerLoss)');
    this.finish('AbnormalCondition', open.stopReason ?? 'PowerLoss', reading);
  }

  /**
   * Resumes `open` (TxResumed). The limits are armed from the register read just now (else the last stored one), before
   * the contactor may close: a limit used up while the agent was down is reached here and the contactor stays open.
   */
  private resume(open: TxState, reading: MeterReading | undefined): void {
    const ctx = this.ctx;
    open.chargingSince = undefined;
    ctx.emitTx('Updated', 'TxResumed', {});
    ctx.o.costs?.start(open);
    const fresh = reading ?? { timestamp: open.lastEnergyAt, energyImportWh: open.lastEnergyWh, powerW: 0, phases: {} };
    ctx.o.costs?.reading(open.transactionId, fresh, false);
    this.armLimits(fresh);
    this.sampling.start();
    ctx.log.info({ tx: open.transactionId, limitReached: ctx.limitReached }, 'resumed transaction after restart');
  }

  private async readVehicle(): Promise<VehicleState | 'unknown'> {
    const known = this.ctx.o.vehicle.state();
    if (known !== 'unknown') return known;
    try {
      return await this.ctx.o.vehicle.refresh();
    } catch (err) {
      this.ctx.log.warn({ err }, 'vehicle connection unreadable while recovering a transaction');
      return 'unknown';
    }
  }

  /** A new limit enforcer for the ongoing transaction (replacing any earlier one), counting from `fresh` when given. */
  armLimits(fresh?: MeterReading): void {
    const ctx = this.ctx;
    const tx = ctx.tx;
    if (!tx) return;
    ctx.limitPort?.stop();
    ctx.limitPort = ctx.o.limits(tx, (kind) => this.onLimitReached(tx.transactionId, kind), fresh);
    ctx.limitPort.update(tx.limits);
  }

  /** The limit is reached: open the contactor at once (outside the step queue), then record it. */
  private onLimitReached(transactionId: string, kind: LimitKind): void {
    const ctx = this.ctx;
    if (!ctx.tx || ctx.tx.transactionId !== transactionId || ctx.limitReached) return;
    ctx.limitReached = true;
    const opening = openContactor(ctx, `${kind} limit reached`);
    const { trigger, reason } = LIMIT_STOP[kind];
    ctx.serial(async () => {
      await opening;
      await this.deauthorize(trigger, reason);
    });
  }

  /** The transaction loses its authorization: it ends, or (per TxStopPoint) stays open SuspendedEVSE. */
  async deauthorize(trigger: TxTrigger, reason: TxStopReason): Promise<void> {
    const ctx = this.ctx;
    const tx = ctx.tx;
    if (!tx) return;
    tx.authorized = false;
    tx.stopReason = reason;
    await openContactor(ctx, `transaction ${tx.transactionId} deauthorized (${reason})`);
    const stops = ctx.o.settings.txStopPoints();
    if (stops.has('Authorized') || stops.has('PowerPathClosed') || stops.has('EnergyTransfer') || !ctx.conditions().evConnected) {
      await this.end(trigger, reason);
    } else {
      setChargingState(ctx, 'SuspendedEVSE');
      ctx.emitTx('Updated', trigger, { transactionLimit: trigger.endsWith('LimitReached') ? tx.limits : undefined }); // stores the state too
    }
    ctx.publishStatus();
  }

  /** Ends the ongoing transaction from a fresh reading (the last stored register when the meter does not answer). */
  async end(trigger: TxTrigger, reason: TxStopReason, detail?: string): Promise<void> {
    const ctx = this.ctx;
    const tx = ctx.tx;
    if (!tx || tx.ended) return;
    const reading = await this.freshReading('at transaction end: using the last good register');
    this.finish(trigger, reason, reading, detail);
  }

  /** A fresh reading noted as the transaction's latest register; undefined (logged with `why`) when the meter does not answer. */
  private async freshReading(why: string): Promise<MeterReading | undefined> {
    try {
      const reading = await this.ctx.o.meter.read();
      this.noteEnergy(reading);
      return reading;
    } catch (err) {
      this.ctx.log.error({ err, tx: this.ctx.tx?.transactionId }, `meter unreadable ${why}`);
      return undefined;
    }
  }

  /** The trigger of an Ended event caused by a TxStopPoint. */
  stopTrigger(c: TxConditions): TxTrigger {
    if (!c.evConnected) return 'EVCommunicationLost';
    if (this.ctx.tx?.stopReason === 'Remote') return 'RemoteStop';
    if (!c.authorized) return 'Deauthorized';
    return 'ChargingStateChanged';
  }

  stopReasonFor(c: TxConditions): TxStopReason {
    if (!c.evConnected) return 'EVDisconnected';
    if (!c.authorized) return 'DeAuthorized';
    return 'StoppedByEV';
  }

  noteEnergy(r: MeterReading): void {
    const tx = this.ctx.tx;
    if (!tx) return;
    tx.lastEnergyWh = r.energyImportWh;
    tx.lastEnergyAt = r.timestamp;
  }

  /** Writes the Ended event (end register = a fresh reading, else the last stored one) and clears the transaction. */
  private finish(trigger: TxTrigger, reason: TxStopReason, reading: MeterReading | undefined, detail?: string): void {
    const ctx = this.ctx;
    const tx = ctx.tx;
    if (!tx) return;
    setChargingState(ctx, ctx.vehicleConnected() ? 'EVConnected' : 'Idle');
    tx.ended = true;
    tx.stopReason = reason;
    const end: MeterSample = reading
      ? meterSample(reading, ctx.o.settings.endedMeasurands(), 'Transaction.End')
      : {
          timestamp: new Date(tx.lastEnergyAt).toISOString(),
          sampledValue: [{ measurand: 'Energy.Active.Import.Register', value: Math.round(tx.lastEnergyWh * 10) / 10, unit: 'Wh', context: 'Transaction.End' }],
        };
    if (reading) ctx.o.costs?.reading(tx.transactionId, reading, false);
    const costDetails = ctx.o.costs?.details(tx.transactionId);
    const meterValue = [...(tx.endedSamples ?? []), end];
    ctx.emitTx('Ended', trigger, { stoppedReason: reason, meterValue, detail, ...(costDetails ? { costDetails } : {}) });
    ctx.o.costs?.end(tx.transactionId);
    ctx.log.info({ tx: tx.transactionId, reason, deliveredWh: Math.round((tx.lastEnergyWh - tx.startEnergyWh) * 10) / 10 }, 'transaction ended');
    ctx.limitPort?.stop();
    ctx.limitPort = undefined;
    ctx.clearConnectTimeout();
    this.sampling.stop();
    ctx.tx = undefined;
    if (ctx.scheduledOperative !== undefined) {
      ctx.operative = ctx.scheduledOperative;
      ctx.scheduledOperative = undefined;
    }
    ctx.publishStatus();
  }
}
