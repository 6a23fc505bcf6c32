// Keeps the CSMS's view of each 1.6 connector current: 1.6 statuses also change with the transaction (Charging,
// SuspendedEV, Finishing…), which the core reports as transaction events, not as connector-status changes.

import type { Logger } from 'pino';
import type { StationCore } from '../../core/station/station-core.js';
import type { TxEvent } from '../../core/transactions/tx-types.js';
import type { RpcConnection } from '../rpc-connection.js';
import { v16ChargePointStatus, v16StatusNotification, type V16ChargePointStatus } from './v16-status.js';

export interface V16StatusSyncOptions {
  rpc: RpcConnection<'ocpp1.6'>;
  core: StationCore;
  logger: Logger;
  /** A connector's 1.6 status changed (as sent to the CSMS), e.g. for the California pricing atCPStatus trigger. */
  onStatus?: (evseId: number, status: V16ChargePointStatus) => void;
}

export class V16StatusSync {
  private readonly last = new Map<number, V16ChargePointStatus>();
  private readonly finished = new Set<number>();
  private readonly faultInfo = new Map<number, string>();
  private readonly forced = new Set<number>();
  private readonly unsubscribe: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly o: V16StatusSyncOptions) {}

  /** Follows every EVSE's transaction events until stop(). */
  start(): void {
    for (const evse of this.o.core.evses) {
      const listener = (e: TxEvent) => this.onEvent(e);
      evse.on('event', listener);
      this.unsubscribe.push(() => evse.off('event', listener));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /**
   * Sends the status of the Charge Point itself (connectorId 0: Available, or Unavailable when every
   * connector was made inoperative) when it differs from the last one sent on this connection, or when forced.
   */
  async sendStation(force = false): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.stopped || this.o.rpc.closed) return;
    const status: V16ChargePointStatus = this.o.core.stationAvailable() ? 'Available' : 'Unavailable';
    if (!force && this.last.get(0) === status) return;
    this.last.set(0, status);
    await this.o.rpc.call('StatusNotification', v16StatusNotification(0, status));
  }

  /** The next status sent for these EVSEs goes out even when unchanged (TriggerMessage). */
  force(evseIds: readonly number[]): void {
    for (const id of evseIds) this.forced.add(id);
  }

  /**
   * Sends the EVSE's current 1.6 status when it differs from the last one sent on this connection (or is forced),
   * after the current turn so the transaction message of the same change is queued first.
   */
  async send(evseId: number): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.stopped || this.o.rpc.closed) return;
    const evse = this.o.core.evse(evseId);
    if (!evse) return;
    const connector = evse.status();
    if (connector !== 'Occupied') this.finished.delete(evseId);
    if (connector !== 'Faulted' && !evse.transaction()) this.faultInfo.delete(evseId);
    const tx = evse.transaction();
    const status = v16ChargePointStatus({
      status: connector,
      ...(tx ? { transaction: { authorized: tx.authorized, ended: tx.ended, chargingState: tx.chargingState, stopped: tx.stopReason !== undefined } } : {}),
      finishedWithEvPresent: this.finished.has(evseId),
    });
    const forced = this.forced.delete(evseId);
    if (!forced && this.last.get(evseId) === status) return;
    this.last.set(evseId, status);
    this.o.onStatus?.(evseId, status);
    await this.o.rpc.call('StatusNotification', v16StatusNotification(evseId, status, this.faultInfo.get(evseId)));
  }

  private onEvent(e: TxEvent): void {
    if (e.eventType === 'Started') this.finished.delete(e.evseId);
    if (e.eventType === 'Ended') this.finished.add(e.evseId);
    if (e.detail) this.faultInfo.set(e.evseId, e.detail);
    // Only once registered: the core sends every status itself after an Accepted boot.
    if (!this.o.core.online()) return;
    this.send(e.evseId).catch((err: unknown) => this.o.logger.warn({ err, evse: e.evseId }, 'StatusNotification failed'));
  }
}
