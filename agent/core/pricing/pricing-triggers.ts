// California pricing triggerMeterValue: extra meter values at a time, an energy register, a power crossing or a connector status, so the CSMS can price the change.

import pino, { type Logger } from 'pino';
import type { MeterReading } from '../../../hal/meter/meter.js';
import type { TriggerMeterValue } from './cost-messages.js';

/** Why a trigger fired (for the log). */
export type PricingTriggerCause = 'atTime' | 'atEnergykWh' | 'atPowerkW' | 'atCPStatus';

export interface PricingTriggersOptions {
  /** Sends a meter value of `evseId` now (context Other); called once per trigger that fires. */
  send: (evseId: number, transactionId: string, cause: PricingTriggerCause) => void;
  logger?: Logger;
  now?: () => number;
}

/** A power trigger fires again only beyond this fraction of its value on the other side (fluctuation around it sends nothing). */
const POWER_HYSTERESIS = 0.05;

interface Armed {
  transactionId: string;
  atEnergyWh?: number;
  atPowerW?: number;
  /** Which side of atPowerW the last reading was on: undefined until the first reading. */
  powerAbove?: boolean;
  atCPStatus?: Set<string>;
  timer?: NodeJS.Timeout;
}

/**
 * The triggers of the latest RunningCost per EVSE (a new one replaces them; the transaction's end
 * clears them), after the OCA California pricing convention and EVerest libocpp's reading of it:
 * - atTime: once, at that time (a time already past is ignored);
 * - atEnergykWh: once, when the meter's energy register reaches it (the same register RunningCost's
 *   meterValue is read from);
 * - atPowerkW: whenever the active power crosses it, with a 5 % dead band;
 * - atCPStatus: whenever the connector takes one of the listed statuses (1.6 ChargePointStatus).
 */
export class PricingTriggers {
  private readonly armed = new Map<number, Armed>();
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly o: PricingTriggersOptions) {
    this.log = o.logger ?? pino({ level: 'silent' });
    this.now = o.now ?? Date.now;
  }

  /** Arms the triggers of a RunningCost for the transaction on `evseId`, replacing any before. */
  set(evseId: number, transactionId: string, t: TriggerMeterValue): void {
    this.clear(evseId);
    const a: Armed = {
      transactionId,
      ...(t.atEnergykWh !== undefined ? { atEnergyWh: t.atEnergykWh * 1000 } : {}),
      ...(t.atPowerkW !== undefined ? { atPowerW: t.atPowerkW * 1000 } : {}),
      ...(t.atCPStatus?.length ? { atCPStatus: new Set(t.atCPStatus) } : {}),
    };
    if (t.atTime !== undefined) {
      const delay = Date.parse(t.atTime) - this.now();
      if (delay >= 0) {
        a.timer = setTimeout(() => this.fire(evseId, 'atTime'), delay);
        a.timer.unref();
      } else {
        this.log.warn({ evse: evseId, atTime: t.atTime }, 'pricing trigger atTime is in the past: ignored');
      }
    }
    this.armed.set(evseId, a);
    this.log.info({ evse: evseId, tx: transactionId, triggers: t }, 'pricing meter-value triggers set');
  }

  /** Disarms the EVSE's triggers (its transaction ended). */
  clear(evseId: number): void {
    const a = this.armed.get(evseId);
    if (a?.timer) clearTimeout(a.timer);
    this.armed.delete(evseId);
  }

  /** Clears the triggers of a transaction, wherever they are. */
  clearTransaction(transactionId: string): void {
    for (const [evseId, a] of this.armed) if (a.transactionId === transactionId) this.clear(evseId);
  }

  /** A fresh meter reading of `evseId`. */
  reading(evseId: number, r: MeterReading): void {
    const a = this.armed.get(evseId);
    if (!a) return;
    if (a.atEnergyWh !== undefined && r.energyImportWh >= a.atEnergyWh) {
      delete a.atEnergyWh; // once
      this.fire(evseId, 'atEnergykWh');
    }
    if (a.atPowerW !== undefined) {
      const band = a.atPowerW * POWER_HYSTERESIS;
      if (a.powerAbove === undefined) {
        a.powerAbove = r.powerW >= a.atPowerW;
      } else if (!a.powerAbove && r.powerW >= a.atPowerW + band) {
        a.powerAbove = true;
        this.fire(evseId, 'atPowerkW');
      } else if (a.powerAbove && r.powerW <= a.atPowerW - band) {
        a.powerAbove = false;
        this.fire(evseId, 'atPowerkW');
      }
    }
  }

  /** The connector of `evseId` took `status` (as the CSMS sees it). */
  status(evseId: number, status: string): void {
    const a = this.armed.get(evseId);
    if (a?.atCPStatus?.has(status)) this.fire(evseId, 'atCPStatus');
  }

  private fire(evseId: number, cause: PricingTriggerCause): void {
    const a = this.armed.get(evseId);
    if (!a) return;
    this.log.info({ evse: evseId, tx: a.transactionId, cause }, 'pricing trigger: sending a meter value');
    try {
      this.o.send(evseId, a.transactionId, cause);
    } catch (err) {
      this.log.error({ err, evse: evseId }, 'pricing trigger: the meter value could not be sent');
    }
  }
}
