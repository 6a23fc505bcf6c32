// One EVSE's shared state and primitives (step chain, conditions, event and status emission) used by the controller's parts.

import type { Logger } from 'pino';
import type { Meter } from '../../../hal/meter/meter.js';
import type { VehicleConnection, VehicleState } from '../../../hal/vehicle/vehicle-connection.js';
import type { TxJournal } from '../transactions/tx-journal.js';
import type { TxConditions } from '../transactions/tx-points.js';
import { timeSpentChargingS, type TxState } from '../transactions/tx-state.js';
import type { CostDetailsType } from '../types/v21.js';
import type { IdToken, MeterSample, TxEvent, TxLimits, TxStopReason, TxTrigger } from '../transactions/tx-types.js';
import type { CostPort } from '../tariffs/cost-tracker.js';
import { connectorStatus, type ConnectorStatus } from './connector-status.js';
import type { LimitFactory, LimitPort, SafetyPort } from './evse-ports.js';
import type { EvseSettings } from './evse-settings.js';

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

export interface PendingAuthorization {
  idToken: IdToken;
  remoteStartId?: number;
  timer: NodeJS.Timeout;
}

/** What an event carries besides the transaction's own fields. */
export interface TxEventExtra {
  idToken?: IdToken;
  meterValue?: MeterSample[];
  stoppedReason?: TxStopReason;
  transactionLimit?: TxLimits;
  detail?: string;
  costDetails?: CostDetailsType;
}

/** The mutable state of one EVSE and the primitives every part of its controller shares. */
export class EvseContext {
  vehicleState: VehicleState | 'unknown' = 'unknown';
  tx: TxState | undefined;
  pending: PendingAuthorization | undefined;
  /** A transaction started by an authorization before the cable (TxStartPoint Authorized): EVConnectionTimeOut still runs for it (E03.FR.05). */
  connectTimeout: { timer: NodeJS.Timeout; transactionId: string } | undefined;
  limitPort: LimitPort | undefined;
  limitReached = false;
  operative = true;
  /** An availability change waiting for the transaction to end. */
  scheduledOperative: boolean | undefined;
  contactorClosed = false;
  lastStatus: ConnectorStatus | undefined;
  chain: Promise<void> = Promise.resolve();
  readonly now: () => number;
  readonly log: Logger;

  constructor(
    readonly o: EvseControllerOptions,
    private readonly emit: (event: 'status' | 'event', payload: ConnectorStatus | TxEvent) => void,
  ) {
    this.now = o.now ?? Date.now;
    this.log = o.logger.child({ evse: o.evseId });
  }

  /** Queues a step after every earlier one; a failing step is logged and the chain goes on. */
  serial(step: () => Promise<void> | void): void {
    this.chain = this.chain
      .then(step)
      .catch((err: unknown) => this.log.error({ err }, 'EVSE step failed'));
  }

  /** Queues a step and gives its result (or rejection) to the caller. */
  serialValue<T>(step: () => Promise<T>): Promise<T> {
    const result = this.chain.then(step);
    this.chain = result.then(
      () => undefined,
      (err: unknown) => this.log.error({ err }, 'EVSE step failed'),
    );
    return result;
  }

  vehicleConnected(): boolean {
    return this.vehicleState === 'connected' || this.vehicleState === 'ready';
  }

  conditions(): TxConditions {
    const connected = this.vehicleConnected();
    const authorized = this.tx ? this.tx.authorized : this.pending !== undefined;
    const power = this.o.meter.latest()?.reading.powerW ?? 0;
    return { evConnected: connected, authorized, powerPathClosed: this.contactorClosed, energyTransfer: this.contactorClosed && power > 0 };
  }

  status(): ConnectorStatus {
    return connectorStatus({
      faulted: this.o.safety.state().faulted,
      operative: this.operative,
      vehiclePresent: this.vehicleConnected(),
      transactionOpen: this.tx !== undefined,
    });
  }

  publishStatus(): void {
    const s = this.status();
    if (s !== this.lastStatus) {
      this.lastStatus = s;
      this.emit('status', s);
    }
  }

  /** Records an event of the ongoing transaction in the journal (with its state), then emits it. */
  emitTx(eventType: TxEvent['eventType'], triggerReason: TxTrigger, extra: TxEventExtra): void {
    const tx = this.tx;
    if (!tx) return;
    const now = this.now();
    const event: Omit<TxEvent, 'seqNo'> = {
      eventType,
      timestamp: new Date(now).toISOString(),
      triggerReason,
      offline: !this.o.settings.online(),
      transactionId: tx.transactionId,
      evseId: this.o.evseId,
      connectorId: this.o.connectorId,
      chargingState: tx.chargingState,
      timeSpentCharging: timeSpentChargingS(tx, now),
      // F01.FR.25: the first event after a remote start carries its id (Started, or Updated RemoteStart after the cable).
      ...((eventType === 'Started' || triggerReason === 'RemoteStart') && tx.remoteStartId !== undefined ? { remoteStartId: tx.remoteStartId } : {}),
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

  dropPending(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  clearConnectTimeout(): void {
    if (this.connectTimeout) clearTimeout(this.connectTimeout.timer);
    this.connectTimeout = undefined;
  }
}
