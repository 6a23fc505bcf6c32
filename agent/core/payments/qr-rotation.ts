// Keeps each EVSE's payment QR code current: recomputes the URL at every TOTP slot boundary (aligned to the clock) and at once when a setting changes.

import { EventEmitter } from 'node:events';
import { pino, type Logger } from 'pino';
import type { DeviceModel } from '../device-model/device-model.js';
import type { VariableDefinition } from '../device-model/types.js';
import type { DisplayQr } from '../display/display-state.js';
import { buildPaymentUrl, type PaymentLimits } from './url-template.js';
import { readWebPaymentSettings, webPaymentsComponent, WEB_PAYMENTS_CTRLR } from './web-payment-settings.js';

/** Timer functions (injectable for tests); default the global setTimeout/clearTimeout. */
export interface RotationTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface QrRotationOptions {
  deviceModel: DeviceModel;
  evseIds: number[];
  /** The station identity, used when WebPaymentsCtrlr.ChargingStationId is unset. Default: SecurityCtrlr.Identity. */
  identity?: () => string;
  /** Wall clock, ms since the epoch (default Date.now). Slots are aligned to it. */
  now?: () => number;
  timers?: RotationTimers;
  logger?: Logger;
}

/** Why an EVSE shows no payment code. */
export type QrOffReason = 'no-component' | 'disabled' | 'no-url-template' | 'no-shared-secret' | 'invalid-settings';

export type QrStatus = { state: 'active'; qr: DisplayQr; slot: number } | { state: 'off'; reason: QrOffReason; detail?: string };

export interface QrRotationEvents {
  /** A new code for `evseId` (new slot, changed setting or limits). */
  code: [evseId: number, qr: DisplayQr];
  /** `evseId` stops having a code (disabled, not configured, bad settings). */
  off: [evseId: number, reason: QrOffReason, detail: string | undefined];
}

interface EvseEntry {
  status: QrStatus | undefined;
  timer: unknown;
  limits: PaymentLimits | undefined;
}

const DEFAULT_TIMERS: RotationTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The payment code of each EVSE. A code is valid for one slot: slot = floor(t / ValidityTime) on
 * the wall clock, so the next code is due at (slot + 1) · ValidityTime · 1000 ms (not relative to
 * boot). A WebPaymentsCtrlr change in the device model recomputes the codes it affects at once.
 */
export class QrRotation extends EventEmitter<QrRotationEvents> {
  private readonly dm: DeviceModel;
  private readonly entries = new Map<number, EvseEntry>();
  private readonly identity: () => string;
  private readonly now: () => number;
  private readonly timers: RotationTimers;
  private readonly log: Logger;
  private running = false;
  private readonly onChange = (_key: string, _value: string | undefined, def: VariableDefinition) => {
    // The value is not used (and never logged): for SharedSecret it is the secret.
    if (def.component.name.toLowerCase() !== WEB_PAYMENTS_CTRLR.toLowerCase()) return;
    if (def.component.evse) {
      if (this.entries.has(def.component.evse.id)) this.refresh(def.component.evse.id);
    } else {
      this.refresh();
    }
  };

  constructor(o: QrRotationOptions) {
    super();
    this.dm = o.deviceModel;
    this.now = o.now ?? Date.now;
    this.timers = o.timers ?? DEFAULT_TIMERS;
    this.log = o.logger ?? pino({ level: 'silent' });
    this.identity = o.identity ?? (() => (this.dm.has('SecurityCtrlr', 'Identity') ? this.dm.str('SecurityCtrlr', 'Identity') : ''));
    for (const id of o.evseIds) this.entries.set(id, { status: undefined, timer: undefined, limits: undefined });
  }

  /** Computes every EVSE's code, schedules the slot boundaries and follows device-model changes. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.dm.on('change', this.onChange);
    this.refresh();
  }

  /** Cancels all timers and stops following the device model. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.dm.off('change', this.onChange);
    for (const e of this.entries.values()) this.cancel(e);
  }

  /** The current code of `evseId`, undefined when it has none. */
  current(evseId: number): DisplayQr | undefined {
    const s = this.entries.get(evseId)?.status;
    return s?.state === 'active' ? s.qr : undefined;
  }

  status(evseId: number): QrStatus | undefined {
    return this.entries.get(evseId)?.status;
  }

  /** The limits the driver chose on the display for `evseId` ({maxEnergy}… in the URL); the code changes at once. */
  setLimits(evseId: number, limits: PaymentLimits | undefined): void {
    const e = this.entry(evseId);
    e.limits = limits;
    if (this.running) this.refresh(evseId);
  }

  /** Recomputes `evseId` (or all) now and reschedules. */
  refresh(evseId?: number): void {
    if (!this.running) return;
    const ids = evseId === undefined ? [...this.entries.keys()] : [evseId];
    for (const id of ids) this.update(id, true);
  }

  private entry(evseId: number): EvseEntry {
    const e = this.entries.get(evseId);
    if (!e) throw new RangeError(`evseId ${evseId} is not one of the EVSEs ${[...this.entries.keys()].join(', ')}`);
    return e;
  }

  private cancel(e: EvseEntry): void {
    if (e.timer !== undefined) this.timers.clearTimeout(e.timer);
    e.timer = undefined;
  }

  /** Computes the code; emits when it changed (`force`: also when only the settings changed). */
  private update(evseId: number, force: boolean): void {
    const e = this.entry(evseId);
    this.cancel(e);
    const next = this.compute(evseId, e.limits);
    const prev = e.status;
    e.status = next;
    if (next.state === 'active') {
      const changed = force || prev?.state !== 'active' || prev.slot !== next.slot || prev.qr.url !== next.qr.url;
      if (changed) this.emit('code', evseId, next.qr);
      // Also when the timer fired a little early: the same slot is simply waited out.
      const delay = Math.max(0, next.qr.validUntil - this.now());
      e.timer = this.timers.setTimeout(() => {
        e.timer = undefined;
        if (this.running) this.update(evseId, false);
      }, delay);
    } else if (prev?.state !== 'off' || prev.reason !== next.reason || prev.detail !== next.detail) {
      if (next.reason === 'invalid-settings') this.log.warn({ evseId, problem: next.detail }, 'no payment QR code: the WebPaymentsCtrlr settings do not work together');
      else this.log.info({ evseId, reason: next.reason }, 'no payment QR code');
      this.emit('off', evseId, next.reason, next.detail);
    }
  }

  private compute(evseId: number, limits: PaymentLimits | undefined): QrStatus {
    const component = webPaymentsComponent(this.dm, evseId);
    if (!component) return { state: 'off', reason: 'no-component' };
    const s = readWebPaymentSettings(this.dm, component, this.identity());
    if (!s.enabled) return { state: 'off', reason: 'disabled' };
    if (s.urlTemplate === '') return { state: 'off', reason: 'no-url-template' };
    if (!s.hasSecret) return { state: 'off', reason: 'no-shared-secret' };
    try {
      const p = s.passwords(this.now());
      const url = buildPaymentUrl(s.urlTemplate, {
        chargingStationId: s.chargingStationId,
        evseId,
        totp: p.current,
        version: s.version,
        ...(s.roamingCsId !== undefined && { roamingCsId: s.roamingCsId }),
        ...(s.roamingEvseId !== undefined && { roamingEvseId: s.roamingEvseId }),
        ...(limits && { limits }),
        urlParameters: s.urlParameters,
      });
      return { state: 'active', slot: p.slot, qr: { url, errorCorrection: s.errorCorrection, validUntil: p.validUntilMs } };
    } catch (err) {
      // RangeError/UrlTemplateError messages name settings, never the secret.
      return { state: 'off', reason: 'invalid-settings', detail: (err as Error).message };
    }
  }
}
