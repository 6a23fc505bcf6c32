// End to end over real WebSocket and Modbus TCP: boot, status, a prepaid session stopped by the station at its energy limit.

import { afterEach, describe, expect, it } from 'vitest';
import type { TransactionEventRequest } from '../../agent/core/types/v21.js';
import { startHarness, STATION_ID, transactionEvents, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const txEvents = transactionEvents;

function energyOf(e: TransactionEventRequest | undefined, context: string): number | undefined {
  const v = e?.meterValue?.flatMap((m) => m.sampledValue).find((s) => s.context === context && (s.measurand ?? 'Energy.Active.Import.Register') === 'Energy.Active.Import.Register');
  return v?.value;
}

for (const version of ['ocpp2.1', 'ocpp2.0.1'] as const) {
  describe(`prepaid session over ${version}`, () => {
    it('boots, reports Available, then Occupied on plug-in, and starts a transaction on cable plug-in (TxStartPoint EVConnected)', async () => {
      h = await startHarness({ versions: [version] });
      const csms = h.csms;
      await csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
      expect(csms.connectedStation(STATION_ID).protocol).toBe(version);
      await csms.waitForStatus(STATION_ID, 1, 1, 'Available', 10_000);
      h.rig.evse(1).ev.plug();
      await csms.waitForStatus(STATION_ID, 1, 1, 'Occupied', 10_000);
      await until(() => txEvents(h!).some((e) => e.eventType === 'Started'), 10_000, 'TransactionEvent Started');
      const started = txEvents(h).find((e) => e.eventType === 'Started');
      expect(started?.triggerReason).toBe('CablePluggedIn');
      expect(started?.seqNo).toBe(0);
      expect(energyOf(started, 'Transaction.Begin')).toBeCloseTo(h.rig.evse(1).meter.state.energyImportWh, -1);
    });

    it('a paid amount becomes a limit the station enforces itself: stops at maxEnergy, ends with EnergyLimitReached, receipt refunds the rest', async () => {
      h = await startHarness({ versions: [version], meterPollMs: 250 });
      const csms = h.csms;
      await csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
      h.rig.evse(1).ev.plug();
      await until(() => txEvents(h!).some((e) => e.eventType === 'Started'), 10_000, 'Started');
      // 0.009 EUR at 0.30 EUR/kWh buys 30 Wh: about 5 s at 22 kW.
      const paid = await csms.pay({ stationId: STATION_ID, evseId: 1, amount: 0.01, method: 'mpesa' });
      expect(paid.status).toBe('Accepted');
      const receipt = await csms.waitForReceipt(() => true, 30_000);
      const events = txEvents(h);
      const limitSet = events.find((e) =>
        version === 'ocpp2.1' ? e.triggerReason === 'LimitSet' : e.transactionInfo.customData?.vendorId === 'org.charger-agent.transactionLimit',
      );
      expect(limitSet, 'the station confirms the limit').toBeDefined();
      const ended = events.find((e) => e.eventType === 'Ended');
      expect(ended?.triggerReason).toBe('EnergyLimitReached');
      expect(ended?.transactionInfo.stoppedReason).toBe('EnergyLimitReached');
      const begin = energyOf(events.find((e) => e.eventType === 'Started'), 'Transaction.Begin') ?? NaN;
      const end = energyOf(ended, 'Transaction.End') ?? NaN;
      const limitWh = receipt.limitWh;
      // One 250 ms poll at 22 kW is 1.53 Wh; the station predicts the crossing, so it stops well within that.
      expect(end - begin).toBeGreaterThanOrEqual(limitWh - 1.5);
      expect(end - begin).toBeLessThanOrEqual(limitWh + 1.53);
      expect(h.rig.evse(1).contactor.closed).toBe(false);
      expect(receipt.refund).toBeGreaterThanOrEqual(0);
      // seqNo continuous from 0, no duplicates.
      expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
      await csms.waitForStatus(STATION_ID, 1, 1, 'Occupied', 5_000);
    });
  });
}
