// One EVSE's meter samples in a transaction: periodic (TxUpdatedInterval), kept for Ended (TxEndedInterval), running cost, clock-aligned.

import { meterSample } from '../transactions/meter-samples.js';
import type { TxState } from '../transactions/tx-state.js';
import type { MeterSample } from '../transactions/tx-types.js';
import type { EvseContext } from './evse-context.js';

/** At most this many samples are collected for one Ended event (a 1 s TxEndedInterval over a day would be 86 400). */
export const MAX_ENDED_SAMPLES = 500;

/** What a clock-aligned moment asks of an EVSE (J01). */
export interface AlignedMoment {
  /** An AlignedDataCtrlr.Interval boundary: send the values (MeterValues idle, MeterValueClock in a transaction). */
  send: boolean;
  /** An AlignedDataCtrlr.TxEndedInterval boundary: keep the values for the Ended event. */
  txEnded: boolean;
}

export type SampleContext = 'Sample.Periodic' | 'Trigger' | 'Sample.Clock';

/** The transaction's sampling timers; each tick is a step of the EVSE's chain. */
export class EvseSampling {
  private sampleTimer: NodeJS.Timeout | undefined;
  private endedSampleTimer: NodeJS.Timeout | undefined;
  private costTimer: NodeJS.Timeout | undefined;
  private endedCapWarnedFor: string | undefined;

  constructor(private readonly ctx: EvseContext) {}

  /** (Re)starts the running-cost, Ended-sample and periodic-sample timers for the ongoing transaction. */
  start(): void {
    const ctx = this.ctx;
    clearInterval(this.costTimer);
    const costS = ctx.o.costs ? ctx.o.settings.runningCostIntervalS() : 0;
    if (costS > 0) {
      this.costTimer = setInterval(() => {
        ctx.serial(() => {
          const tx = ctx.tx;
          if (!tx || !ctx.contactorClosed) return;
          const costDetails = ctx.o.costs?.details(tx.transactionId);
          if (costDetails) ctx.emitTx('Updated', 'RunningCost', { costDetails });
        });
      }, costS * 1000);
      this.costTimer.unref();
    }
    clearInterval(this.endedSampleTimer);
    const endedS = ctx.o.settings.endedIntervalS();
    if (endedS > 0) {
      this.endedSampleTimer = setInterval(() => {
        ctx.serial(() => {
          if (ctx.tx && !ctx.tx.ended) this.keepForEnded(ctx.tx, this.sample(ctx.o.settings.endedMeasurands(), 'Sample.Periodic')?.[0]);
        });
      }, endedS * 1000);
      this.endedSampleTimer.unref();
    }
    clearInterval(this.sampleTimer);
    const intervalS = ctx.o.settings.updatedIntervalS();
    if (intervalS <= 0) return;
    this.sampleTimer = setInterval(() => {
      ctx.serial(() => {
        if (!ctx.tx) return;
        const values = this.sample(ctx.o.settings.updatedMeasurands(), 'Sample.Periodic');
        // the event's journal record stores the state (latest register) with it; without a fresh reading, the state alone
        if (values) ctx.emitTx('Updated', 'MeterValuePeriodic', { meterValue: values });
        else ctx.o.journal.save(ctx.tx);
      });
    }, intervalS * 1000);
    this.sampleTimer.unref();
  }

  stop(): void {
    clearInterval(this.sampleTimer);
    this.sampleTimer = undefined;
    clearInterval(this.endedSampleTimer);
    this.endedSampleTimer = undefined;
    clearInterval(this.costTimer);
    this.costTimer = undefined;
  }

  /** Keeps a sample for the Ended event, stored with the transaction so a power cut does not lose it. */
  keepForEnded(tx: TxState, sample: MeterSample | undefined): void {
    if (!sample) return;
    const kept = (tx.endedSamples ??= []);
    if (kept.length >= MAX_ENDED_SAMPLES) {
      if (this.endedCapWarnedFor !== tx.transactionId) {
        this.endedCapWarnedFor = tx.transactionId;
        this.ctx.log.warn({ tx: tx.transactionId, max: MAX_ENDED_SAMPLES }, 'Ended event sample limit reached: later samples are not kept');
      }
      return;
    }
    kept.push(sample);
    this.ctx.o.journal.save(tx);
  }

  /** The latest reading as one sample, or undefined without a fresh reading (none, or stale). */
  sample(measurands: string[], context: SampleContext): MeterSample[] | undefined {
    const latest = this.ctx.o.meter.latest();
    if (!latest || latest.stale) return undefined;
    return [meterSample(latest.reading, measurands, context)];
  }

  /** See EvseController.clockAligned (runs inside a step). */
  clockAligned(boundaryMs: number, moment: AlignedMoment): MeterSample | undefined {
    const ctx = this.ctx;
    const s = ctx.o.settings;
    const tx = ctx.tx;
    const at = new Date(boundaryMs).toISOString();
    const stamp = (measurands: string[]) => {
      const v = this.sample(measurands, 'Sample.Clock')?.[0];
      return v ? { ...v, timestamp: at } : undefined;
    };
    if (!tx || tx.ended) return moment.send ? stamp(s.alignedMeasurands()) : undefined;
    if (moment.txEnded) this.keepForEnded(tx, stamp(s.alignedTxEndedMeasurands()));
    if (moment.send && !s.alignedSendDuringIdle()) {
      const v = stamp(s.alignedMeasurands());
      if (v) ctx.emitTx('Updated', 'MeterValueClock', { meterValue: [v] });
    }
    return undefined;
  }
}
