// California pricing (OCA costmsg, OCPP 1.6/2.0.1): the CSMS's prices and costs shown, and its triggers sending extra MeterValues.

import type { FunctionalBlock, StationContext } from '../context.js';
import { DM } from '../device-model/keys.js';
import { meterSample } from '../transactions/meter-samples.js';
import { CsmsPriceInfo } from './california-display.js';
import { PricingTriggers } from './pricing-triggers.js';

export interface CaliforniaPricingBlock extends FunctionalBlock {
  /** The CSMS's user price, running and final cost, shown instead of the local tariff's. */
  readonly prices: CsmsPriceInfo;
  /** A connector's 1.6 ChargePointStatus changed (atCPStatus names those on 1.6; the 1.6 adapter reports them). */
  chargePointStatus(evseId: number, status: string): void;
}

export function californiaPricingBlock(ctx: StationContext): CaliforniaPricingBlock {
  const log = ctx.logger;
  // triggerMeterValue: extra MeterValues (context Other) when a RunningCost's trigger fires.
  const triggers = new PricingTriggers({
    logger: log,
    send: (evseId) => {
      const latest = ctx.evses.find((e) => e.id === evseId)?.meter.latest();
      if (!latest || latest.stale) return log.warn({ evse: evseId }, 'pricing trigger: no fresh meter reading to send');
      ctx.core.sendMeterValues(evseId, meterSample(latest.reading, ['Energy.Active.Import.Register', 'Power.Active.Import'], 'Other'));
    },
  });
  for (const e of ctx.evses) {
    e.meter.on('reading', (r) => triggers.reading(e.id, r));
    e.controller.on('event', (ev) => {
      if (ev.eventType === 'Ended') triggers.clearTransaction(ev.transactionId);
    });
  }
  const prices = new CsmsPriceInfo({
    onTriggers: (evseId, transactionId, t) => triggers.set(evseId, transactionId, t),
    transactions: () =>
      ctx.evses.flatMap((e) => {
        const tx = e.controller.transaction();
        return tx ? [{ evseId: e.id, transactionId: tx.transactionId, ...(tx.idToken ? { idToken: tx.idToken.idToken } : {}) }] : [];
      }),
    currency: () => ctx.settings.str(DM.TariffCurrency),
    logger: log,
  });
  return {
    name: 'california-pricing',
    prices,
    chargePointStatus: (evseId, status) => triggers.status(evseId, status),
    start: () => {
      // atCPStatus on 2.x names ConnectorStatus values; on 1.6 the adapter reports its ChargePointStatus instead.
      ctx.core.on('status', (evseId: number, status: string) => {
        if (ctx.core.protocol !== 'ocpp1.6') triggers.status(evseId, status);
      });
    },
  };
}
