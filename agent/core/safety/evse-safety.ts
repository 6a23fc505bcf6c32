// Per-EVSE safety supervisor: opens the contactor on any meter or contactor fault and gates every contactor command.

import { EventEmitter } from 'node:events';
import pino, { type Logger } from 'pino';
import type { Contactor, ContactorFault } from '../../../hal/contactor/contactor.js';
import type { Meter, MeterFault } from '../../../hal/meter/meter.js';

export type SafetySource = 'meter' | 'contactor';

/** Why an EVSE is faulted: which device, its fault kind (MeterFaultKind / ContactorFaultKind) and the driver's message. */
export interface SafetyFault {
  source: SafetySource;
  kind: string;
  message: string;
}

export interface SafetyState {
  /** True while any device of the EVSE is faulted; the contactor must then stay open. */
  faulted: boolean;
  /** One entry per faulted device (at most one per source), oldest first. */
  reasons: SafetyFault[];
}

export interface EvseSafetyEvents {
  /** A device became faulted (or its fault kind changed); the contactor has already been commanded open. */
  faulted: (fault: SafetyFault) => void;
  /** Every device is healthy again: closing is allowed. */
  cleared: () => void;
}

export interface EvseSafetyOptions {
  /** For logs. */
  evseId: number;
  meter: Meter;
  contactor: Contactor;
  logger?: Logger;
  /**
   * Told the measured command-to-contacts-open time, ms, each time closed contacts are opened and the auxiliary
   * feedback confirms it (not called without feedback: the time is then unknown).
   */
  onOpenMeasured?: (ms: number) => void;
  /** Clock for the measurement, ms (default performance.now). */
  now?: () => number;
}

/** close() was refused because the EVSE is faulted (or a fault arrived while it was closing). */
export class SafetyRefusalError extends Error {
  constructor(
    readonly reasons: SafetyFault[],
    readonly requestedFor: string,
  ) {
    super(`contactor close refused (${requestedFor}): EVSE faulted: ${reasons.map((r) => `${r.source} ${r.kind}: ${r.message}`).join('; ')}`);
    this.name = 'SafetyRefusalError';
  }
}

/**
 * Watches one EVSE's meter and contactor. On any fault it commands the contactor open at once,
 * records the reason and emits 'faulted'; when every device is healthy again it emits 'cleared'.
 * The EVSE's controller sends every contactor command through close()/open() with a reason, so no
 * contactor is ever closed without one being logged, and none is closed while a fault stands.
 *
 * A protective open that fails (relay module silent, contacts welded) is logged and retried on the
 * next fault or recovery event of either device. A welded contactor stays faulted until its own
 * supervision sees the contacts open again.
 */
export class EvseSafety extends EventEmitter {
  private readonly reasons = new Map<SafetySource, SafetyFault>();
  private readonly log: Logger;
  /** The protective open in flight, so overlapping faults share one command. */
  private tripping: Promise<void> | undefined;
  /** A protective open failed: try again on the next device event. */
  private openOwed = false;
  private readonly detachers: (() => void)[] = [];

  constructor(private readonly o: EvseSafetyOptions) {
    super();
    this.log = (o.logger ?? pino({ level: 'silent' })).child({ evse: o.evseId, component: 'safety' });
    const onMeterFault = (f: MeterFault) => this.onFault('meter', f);
    const onMeterRecovered = () => this.onRecovered('meter');
    const onContactorFault = (f: ContactorFault) => this.onFault('contactor', f);
    const onContactorRecovered = () => this.onRecovered('contactor');
    o.meter.on('fault', onMeterFault);
    o.meter.on('recovered', onMeterRecovered);
    o.contactor.on('fault', onContactorFault);
    o.contactor.on('recovered', onContactorRecovered);
    this.detachers.push(
      () => o.meter.off('fault', onMeterFault),
      () => o.meter.off('recovered', onMeterRecovered),
      () => o.contactor.off('fault', onContactorFault),
      () => o.contactor.off('recovered', onContactorRecovered),
    );
    // devices already faulted when supervision starts count as faults now
    const meterFault = o.meter.fault;
    const contactorFault = o.contactor.status().fault;
    if (meterFault) this.record('meter', meterFault);
    if (contactorFault) this.record('contactor', contactorFault);
    if (this.reasons.size > 0) void this.trip('faulted at start');
  }

  override on<E extends keyof EvseSafetyEvents>(event: E, listener: EvseSafetyEvents[E]): this {
    return super.on(event, listener);
  }

  override off<E extends keyof EvseSafetyEvents>(event: E, listener: EvseSafetyEvents[E]): this {
    return super.off(event, listener);
  }

  state(): SafetyState {
    return { faulted: this.reasons.size > 0, reasons: [...this.reasons.values()] };
  }

  /** Whether the contactor may be closed now (no device faulted). Ask before energising. */
  mayClose(): boolean {
    return this.reasons.size === 0;
  }

  /**
   * Closes the contactor for `reason` (logged). Rejects with SafetyRefusalError while faulted (the
   * contactor is not touched) or when a fault arrived during the close (it is opened again), and with
   * the contactor's ContactorError when the contacts do not close.
   */
  async close(reason: string): Promise<void> {
    if (!this.mayClose()) {
      this.log.warn({ command: 'close', reason, faults: this.state().reasons }, 'contactor close refused: EVSE faulted');
      throw new SafetyRefusalError(this.state().reasons, reason);
    }
    this.log.info({ command: 'close', reason }, 'contactor close');
    try {
      await this.o.contactor.close();
    } catch (err) {
      this.log.error({ command: 'close', reason, err }, 'contactor did not close');
      throw err;
    }
    if (!this.mayClose()) {
      // a fault arrived while the contacts were closing: its protective open may have raced ahead of the close
      await this.trip('fault during close');
      throw new SafetyRefusalError(this.state().reasons, reason);
    }
  }

  /** Opens the contactor for `reason` (logged). Rejects with the contactor's ContactorError when it stays closed. */
  async open(reason: string): Promise<void> {
    this.log.info({ command: 'open', reason }, 'contactor open');
    const now = this.o.now ?? (() => performance.now());
    const before = this.o.contactor.status();
    const startedAt = now();
    try {
      await this.o.contactor.open();
      this.openOwed = false;
      if (before.commanded === 'closed' && before.feedback === 'closed' && this.o.contactor.status().feedback === 'open') {
        this.o.onOpenMeasured?.(now() - startedAt);
      }
    } catch (err) {
      this.log.error({ command: 'open', reason, err }, 'contactor did not open');
      throw err;
    }
  }

  /** Stops listening to the devices (the EVSE is being removed). */
  dispose(): void {
    for (const detach of this.detachers.splice(0)) detach();
  }

  private record(source: SafetySource, fault: MeterFault | ContactorFault): SafetyFault {
    const f: SafetyFault = { source, kind: fault.kind, message: fault.message };
    this.reasons.set(source, f);
    return f;
  }

  private onFault(source: SafetySource, fault: MeterFault | ContactorFault): void {
    const f = this.record(source, fault);
    this.log.error({ fault: f }, `${source} fault: opening the contactor`);
    void this.trip(`${source} fault: ${f.kind}`);
    this.emit('faulted', f);
  }

  private onRecovered(source: SafetySource): void {
    const was = this.reasons.get(source);
    this.reasons.delete(source);
    if (was) this.log.info({ source, was }, `${source} recovered`);
    if (this.openOwed) void this.trip(`retry after ${source} recovered`);
    if (was && this.reasons.size === 0) {
      this.log.info('all devices healthy: fault cleared');
      this.emit('cleared');
    }
  }

  /** The protective open: commanded at once, shared by overlapping faults, never rejects (failures are logged and owed). */
  private trip(reason: string): Promise<void> {
    this.tripping ??= this.open(reason)
      .catch(() => {
        this.openOwed = true; // logged by open(); retried on the next device event
      })
      .finally(() => {
        this.tripping = undefined;
      });
    return this.tripping;
  }
}
