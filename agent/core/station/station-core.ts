// The version-neutral charging station: boot and heartbeat, EVSEs, the transaction outbox, and the operations the CSMS may request.

import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { ConnectorStatus } from '../evse/connector-status.js';
import type { EvseController } from '../evse/evse-controller.js';
import type { OutboxSender } from '../outbox/outbox-sender.js';
import { isAlignedBoundary } from '../transactions/aligned-boundary.js';
import type { IdToken, MeterSample, TxStopReason } from '../transactions/tx-types.js';
import { AlignedTicker } from './aligned-ticker.js';
import { stationSnapshot, type StationSnapshot } from './station-snapshot.js';
import type { BootAnswer, BootReason, CsmsLink, OcppProtocol, RegistrationStatus } from './csms-link.js';

export interface StationSettings {
  /** Fallback heartbeat / boot retry interval when the CSMS gives 0, s. */
  defaultIntervalS(): number;
  /** Stores the heartbeat interval the CSMS gave (OCPPCommCtrlr.HeartbeatInterval). */
  setHeartbeatInterval(s: number): void;
  heartbeatIntervalS(): number;
  /** TxCtrlr.TxBeforeAcceptedEnabled: may transaction events go out before boot is Accepted. */
  txBeforeAccepted(): boolean;
  /** AlignedDataCtrlr.Interval, s (0 or AlignedDataCtrlr.Enabled false: no clock-aligned values). */
  alignedIntervalS(): number;
  /** AlignedDataCtrlr.TxEndedInterval, s (0: no clock-aligned values in Ended events). */
  alignedTxEndedIntervalS(): number;
}

export type ResetKind = 'Immediate' | 'OnIdle';

export interface StationCoreOptions {
  evses: EvseController[];
  sender: OutboxSender;
  settings: StationSettings;
  logger: Logger;
  /** Performs the restart after a Reset was accepted (the run loop exits for systemd to restart it). */
  onReset: (kind: ResetKind) => void;
  now?: () => number;
  /** Stores an EVSE's operational state set by ChangeAvailability, for the next start (G03.FR.08, TC_G_18_CS..TC_G_21_CS). */
  persistAvailability?: (evseId: number, operative: boolean) => void;
  /**
   * A driver-specific tariff came with an Authorize answer (2.1 I08). Returns false when the tariff
   * cannot be processed and HandleFailedTariff says Deauthorize: the token is then not authorized.
   */
  onDriverTariff?: (idToken: IdToken, tariff: unknown, evseId: number) => boolean;
  /** Stores the reason the next start's BootNotification gives, just before onReset (B11/B12: RemoteReset, ScheduledReset). */
  persistBootReason?: (reason: BootReason) => void;
}

export type { StationSnapshot };

export class StationCore extends EventEmitter {
  private link: CsmsLink | undefined;
  private registration: RegistrationStatus | 'NotConnected' = 'NotConnected';
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private bootTimer: NodeJS.Timeout | undefined;
  private bootReason: BootReason = 'PowerUp';
  private pendingReset: ResetKind | undefined;
  /** Set when the agent stops (Reset, SIGTERM): no new session is started while it drains. */
  private closing = false;
  private stationOperative = true;
  private readonly log: Logger;
  /** Clock-aligned moments (J01): one ticker per interval; a moment on both is handled once. */
  private readonly alignedTicker: AlignedTicker;
  private readonly txEndedTicker: AlignedTicker;

  constructor(private readonly o: StationCoreOptions) {
    super();
    this.log = o.logger;
    for (const evse of o.evses) {
      evse.on('status', (s) => this.sendStatus(evse, s));
      evse.on('event', () => {
        this.o.sender.kick();
        this.maybeResetWhenIdle();
      });
    }
    const s = o.settings;
    this.alignedTicker = new AlignedTicker(() => s.alignedIntervalS(), (b) => void this.onAligned(b, 'send'), o.now);
    this.txEndedTicker = new AlignedTicker(() => s.alignedTxEndedIntervalS(), (b) => void this.onAligned(b, 'txEnded'), o.now);
  }

  /** Starts the clock-aligned meter values (J01); they run connected or not (transaction events are queued). */
  startClock(): void {
    this.alignedTicker.start();
    this.txEndedTicker.start();
  }

  stopClock(): void {
    this.alignedTicker.stop();
    this.txEndedTicker.stop();
  }

  /** AlignedDataCtrlr.Interval, TxEndedInterval or Enabled changed: re-arm on the new boundaries. */
  alignedDataChanged(): void {
    this.alignedTicker.reschedule();
    this.txEndedTicker.reschedule();
  }

  /**
   * One clock-aligned moment. When it is a boundary of both intervals, the 'send' ticker handles
   * both parts and the 'txEnded' ticker skips it, so each EVSE reads once per moment.
   */
  private async onAligned(boundaryMs: number, which: 'send' | 'txEnded'): Promise<void> {
    const s = this.o.settings;
    const sendS = s.alignedIntervalS();
    const endedS = s.alignedTxEndedIntervalS();
    if (which === 'txEnded' && sendS > 0 && isAlignedBoundary(boundaryMs, sendS)) return;
    const moment = { send: which === 'send', txEnded: which === 'txEnded' || (endedS > 0 && isAlignedBoundary(boundaryMs, endedS)) };
    for (const evse of this.o.evses) {
      try {
        const idle = await evse.clockAligned(boundaryMs, moment);
        const link = this.link;
        if (!idle) continue;
        if (!link || this.registration !== 'Accepted') {
          this.log.debug({ evse: evse.evseId }, 'clock-aligned meter values not sent: not connected');
          continue;
        }
        link.meterValues(evse.evseId, idle).catch((err: unknown) => this.log.warn({ err }, 'MeterValues failed'));
      } catch (err) {
        this.log.error({ err, evse: evse.evseId }, 'clock-aligned meter values failed');
      }
    }
  }

  get evses(): readonly EvseController[] {
    return this.o.evses;
  }

  evse(id: number): EvseController | undefined {
    return this.o.evses.find((e) => e.evseId === id);
  }

  /** The EVSE whose transaction is `transactionId`; with `ongoing`, only while its Ended event is not yet written. */
  evseWithTransaction(transactionId: string, o: { ongoing?: boolean } = {}): EvseController | undefined {
    return this.o.evses.find((e) => {
      const tx = e.transaction();
      return tx?.transactionId === transactionId && !(o.ongoing === true && tx.ended);
    });
  }

  /** The agent is stopping: requests to start a session are refused from now on. */
  beginShutdown(): void {
    this.closing = true;
  }

  /** Why the next BootNotification is sent (e.g. RemoteReset after a Reset). */
  setBootReason(reason: BootReason): void {
    this.bootReason = reason;
  }

  /** A connection to the CSMS is open: register, then start heartbeats, statuses and the transaction queue. */
  attach(link: CsmsLink): void {
    this.link = link;
    this.registration = 'Pending';
    if (this.o.settings.txBeforeAccepted()) this.startSending(link);
    void this.boot(link);
  }

  /** The connection dropped. */
  detach(): void {
    this.link = undefined;
    this.registration = 'NotConnected';
    clearTimeout(this.bootTimer);
    clearInterval(this.heartbeatTimer);
    this.o.sender.offline();
  }

  /** The OCPP version of the open connection, if any. */
  get protocol(): OcppProtocol | undefined {
    return this.link?.protocol;
  }

  /** The Charging Station as a whole is available unless every EVSE was made inoperative (1.6 connectorId 0). */
  stationAvailable(): boolean {
    return this.o.evses.length === 0 || this.o.evses.some((e) => e.isOperative());
  }

  online(): boolean {
    return this.link !== undefined && this.registration === 'Accepted';
  }

  /** While Rejected the station must not send anything, nor act on requests (B02/B03). */
  acceptsRequests(): boolean {
    return this.registration !== 'Rejected';
  }

  private async boot(link: CsmsLink): Promise<void> {
    let answer: BootAnswer;
    try {
      answer = await link.bootNotification(this.bootReason);
    } catch (err) {
      if (this.link !== link) return;
      this.log.warn({ err }, 'BootNotification failed; retrying');
      this.bootTimer = setTimeout(() => void this.boot(link), this.o.settings.defaultIntervalS() * 1000);
      return;
    }
    if (this.link !== link) return;
    this.registration = answer.status;
    const interval = answer.intervalS > 0 ? answer.intervalS : this.o.settings.defaultIntervalS();
    this.log.info({ status: answer.status, interval }, 'BootNotification answered');
    this.emit('registration', answer.status);
    if (answer.status === 'Accepted') {
      this.bootReason = 'PowerUp';
      this.o.settings.setHeartbeatInterval(interval);
      this.startHeartbeat(link);
      for (const evse of this.o.evses) this.sendStatus(evse, evse.status());
      this.startSending(link);
      return;
    }
    if (answer.status === 'Rejected') this.o.sender.offline();
    this.bootTimer = setTimeout(() => void this.boot(link), interval * 1000);
  }

  private startSending(link: CsmsLink): void {
    this.o.sender.online((event) => link.transactionEvent(event));
  }

  private startHeartbeat(link: CsmsLink): void {
    clearInterval(this.heartbeatTimer);
    const beat = () => {
      link.heartbeat().catch((err: unknown) => this.log.warn({ err }, 'Heartbeat failed'));
    };
    this.heartbeatTimer = setInterval(beat, this.o.settings.heartbeatIntervalS() * 1000);
    this.heartbeatTimer.unref();
  }

  /** HeartbeatInterval changed through SetVariables: restart the timer. */
  heartbeatIntervalChanged(): void {
    if (this.link && this.registration === 'Accepted') this.startHeartbeat(this.link);
  }

  private sendStatus(evse: EvseController, status: ConnectorStatus): void {
    try {
      this.emit('status', evse.evseId, status);
    } catch (err) {
      // an observer's bug (display, device model, pricing triggers) must not stop the status reaching the CSMS
      this.log.error({ err, evse: evse.evseId }, 'a connector-status listener failed');
    }
    const link = this.link;
    if (!link || this.registration !== 'Accepted') return; // sent in full after the next Accepted boot
    link.statusNotification(evse.evseId, evse.connectorId, status).catch((err: unknown) => this.log.warn({ err }, 'StatusNotification failed'));
  }

  // ---- Operations the CSMS requests ----

  async requestStart(
    evseId: number | undefined,
    idToken: IdToken,
    remoteStartId: number,
  ): Promise<{ status: 'Accepted' | 'Rejected'; transactionId?: string; reason?: string }> {
    // TC_B_02: no transaction is started for the CSMS before the boot is Accepted.
    if (this.registration !== 'Accepted') return { status: 'Rejected', reason: `registration ${this.registration}` };
    if (this.closing) return { status: 'Rejected', reason: 'the station is shutting down' };
    const candidates = evseId !== undefined ? this.o.evses.filter((e) => e.evseId === evseId) : this.o.evses;
    if (candidates.length === 0) return { status: 'Rejected', reason: `no EVSE ${evseId}` };
    // Without an EVSE id: the EVSE with the EV already plugged in, else the first available one.
    const ordered = [...candidates].sort((a, b) => rank(a) - rank(b));
    const target = ordered[0];
    if (!target || !this.stationOperative) return { status: 'Rejected', reason: 'station Inoperative' };
    const r = await target.remoteStart(idToken, remoteStartId);
    return r.accepted ? { status: 'Accepted', transactionId: r.transactionId } : { status: 'Rejected', reason: r.reason };
  }

  /**
   * A token presented at the station (a card reader, the touchscreen): Authorize with the CSMS, then the EVSE
   * is authorized as for a remote start (C01/E03). Offline tokens are refused: no local authorization list.
   */
  async localAuthorize(evseId: number, idToken: IdToken): Promise<{ status: string; transactionId?: string; reason?: string }> {
    const evse = this.evse(evseId);
    if (this.closing) return { status: 'Rejected', reason: 'the station is shutting down' };
    if (!evse) return { status: 'Rejected', reason: `no EVSE ${evseId}` };
    const link = this.link;
    if (!link || this.registration !== 'Accepted') return { status: 'Rejected', reason: 'the CSMS is not reachable (no offline authorization)' };
    const answer = await link.authorize(idToken);
    this.log.info({ evse: evseId, status: answer.status }, 'Authorize');
    if (answer.status !== 'Accepted') return { status: answer.status };
    if (answer.tariff !== undefined && this.o.onDriverTariff?.(idToken, answer.tariff, evseId) === false) {
      return { status: 'Rejected', reason: 'the driver-specific tariff cannot be processed (HandleFailedTariff: Deauthorize)' };
    }
    const r = await evse.localStart(idToken);
    return r.accepted ? { status: 'Accepted', ...(r.transactionId ? { transactionId: r.transactionId } : {}) } : { status: 'Rejected', ...(r.reason ? { reason: r.reason } : {}) };
  }

  async requestStop(transactionId: string): Promise<'Accepted' | 'Rejected'> {
    for (const evse of this.o.evses) {
      if (await evse.remoteStop(transactionId)) return 'Accepted';
    }
    return 'Rejected';
  }

  /** ChangeAvailability for the station (no EVSE), one EVSE, or one connector of it. */
  async changeAvailability(evseId: number | undefined, connectorId: number | undefined, operative: boolean): Promise<'Accepted' | 'Scheduled' | 'Rejected'> {
    if (evseId === undefined || evseId === 0) {
      this.stationOperative = operative;
      for (const e of this.o.evses) this.o.persistAvailability?.(e.evseId, operative);
      const results = await Promise.all(this.o.evses.map((e) => e.setOperative(operative)));
      return results.includes('Scheduled') ? 'Scheduled' : 'Accepted';
    }
    const evse = this.evse(evseId);
    if (!evse || (connectorId !== undefined && connectorId !== evse.connectorId)) return 'Rejected';
    this.o.persistAvailability?.(evse.evseId, operative);
    return evse.setOperative(operative);
  }

  reset(kind: ResetKind, evseId?: number): 'Accepted' | 'Scheduled' | 'Rejected' {
    if (evseId !== undefined) return 'Rejected'; // resetting a single EVSE is not supported by this hardware
    if (kind === 'OnIdle' && this.busy()) {
      this.pendingReset = 'OnIdle';
      return 'Scheduled';
    }
    setImmediate(() => void this.performReset(kind, 'RemoteReset'));
    return 'Accepted';
  }

  /** Whether a transaction is ongoing (one whose Ended event was written no longer counts: it is emitted before the EVSE clears it). */
  private busy(): boolean {
    return this.o.evses.some((e) => {
      const tx = e.transaction();
      return tx !== undefined && !tx.ended;
    });
  }

  private maybeResetWhenIdle(): void {
    if (this.pendingReset && !this.busy()) {
      const kind = this.pendingReset;
      this.pendingReset = undefined;
      setImmediate(() => void this.performReset(kind, 'ScheduledReset'));
    }
  }

  private async performReset(kind: ResetKind, bootReason: BootReason): Promise<void> {
    const reason: TxStopReason = kind === 'Immediate' ? 'ImmediateReset' : 'Reboot';
    await Promise.all(this.o.evses.map((e) => e.endForReset(reason)));
    this.log.warn({ kind }, 'resetting');
    try {
      this.o.persistBootReason?.(bootReason);
    } catch (err) {
      this.log.error({ err }, 'cannot store the boot reason for after the reset');
    }
    this.o.onReset(kind);
  }

  /** GetTransactionStatus: whether a transaction is ongoing (when asked about one) and whether messages are queued. */
  transactionStatus(transactionId?: string): { ongoingIndicator?: boolean; messagesInQueue: boolean } {
    const messagesInQueue = this.o.sender.depth() > 0;
    if (transactionId === undefined) return { messagesInQueue };
    const ongoing = this.evseWithTransaction(transactionId) !== undefined;
    return { ongoingIndicator: ongoing, messagesInQueue };
  }

  /** UnlockConnector: this hardware has no connector lock (tethered cable / lockless socket), and says so. */
  unlockConnector(evseId: number, connectorId: number): { status: 'Unlocked' | 'UnlockFailed' | 'OngoingAuthorizedTransaction' | 'UnknownConnector'; reason?: string } {
    const evse = this.evse(evseId);
    if (!evse || evse.connectorId !== connectorId) return { status: 'UnknownConnector' };
    if (evse.transaction()?.authorized) return { status: 'OngoingAuthorizedTransaction' };
    return { status: 'UnlockFailed', reason: 'NoLock' };
  }

  /** Sends one MeterValues of `evseId` now when connected and registered (informational, not queued); false otherwise. */
  sendMeterValues(evseId: number, sample: MeterSample): boolean {
    const link = this.link;
    if (!link || this.registration !== 'Accepted') return false;
    link.meterValues(evseId, sample).catch((err: unknown) => this.log.warn({ err, evse: evseId }, 'MeterValues failed'));
    return true;
  }

  /** TriggerMessage: sends the requested message now; false when it cannot. */
  async trigger(message: 'BootNotification' | 'Heartbeat' | 'StatusNotification' | 'MeterValues' | 'TransactionEvent', evseId?: number): Promise<boolean> {
    const link = this.link;
    if (!link) return false;
    const targets = evseId !== undefined ? this.o.evses.filter((e) => e.evseId === evseId) : this.o.evses;
    if (evseId !== undefined && targets.length === 0) return false;
    switch (message) {
      case 'BootNotification':
        if (this.registration === 'Accepted') return false; // F06.FR.17: not after Accepted
        clearTimeout(this.bootTimer); // the triggered boot replaces the scheduled retry
        setImmediate(() => {
          this.setBootReason('Triggered');
          void this.boot(link);
        });
        return true;
      case 'Heartbeat':
        setImmediate(() => void link.heartbeat().catch((err: unknown) => this.log.warn({ err }, 'Heartbeat failed')));
        return true;
      case 'StatusNotification':
        setImmediate(() => targets.forEach((e) => void link.statusNotification(e.evseId, e.connectorId, e.status()).catch(() => undefined)));
        return true;
      case 'MeterValues': {
        const samples = targets.map((e) => [e, e.currentSample('Trigger')] as const);
        setImmediate(() => {
          for (const [e, s] of samples) if (s) void link.meterValues(e.evseId, s).catch(() => undefined);
        });
        return samples.some(([, s]) => s !== undefined);
      }
      case 'TransactionEvent': {
        const results = await Promise.all(targets.map((e) => e.triggerTransactionEvent()));
        return evseId === undefined || results.some(Boolean);
      }
    }
  }

  snapshot(): StationSnapshot {
    return stationSnapshot({ connected: this.link !== undefined, protocol: this.protocol, registration: this.registration, queueDepth: this.o.sender.depth() }, this.o.evses);
  }
}

/** Lower is a better target for a remote start without an EVSE id. */
function rank(e: EvseController): number {
  const tx = e.transaction();
  if (tx && !tx.authorized) return 0;
  const s = e.status();
  if (s === 'Available') return 1;
  if (s === 'Occupied' && !tx) return 0;
  return 2;
}
