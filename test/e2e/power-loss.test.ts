// The agent process is SIGKILLed mid-transaction and restarted: the transaction ends with PowerLoss at the meter's real register, nothing lost or duplicated.

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/agent-process.js';
import { processStation, receivedTxEvents } from '../helpers/process-station.js';
import { STATION_ID, until } from '../helpers/station-harness.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

beforeAll(() => ensureBuilt(), 200_000);

const txEvents = receivedTxEvents;

async function setUp(onPowerLoss: 'end' | 'resume', ocppDefaults: Record<string, number> = {}) {
  return processStation({ onPowerLoss, ocppDefaults: { 'SampledDataCtrlr.TxUpdatedInterval': 1, ...ocppDefaults } }, (fn) => cleanup.push(fn));
}

describe('power loss: the agent is killed (SIGKILL) mid-transaction and restarted', () => {
  it('onPowerLoss "end": the open transaction is ended with stoppedReason PowerLoss and the real energy register, with the TxEndedInterval samples taken before the kill; seqNo continuous, no duplicates', async () => {
    const { rig, csms, start } = await setUp('end', { 'SampledDataCtrlr.TxEndedInterval': 1 });
    const first = start();
    await csms.waitForBoot(STATION_ID, 'Accepted', 20_000);
    rig.evse(1).ev.plug();
    await csms.pay({ stationId: STATION_ID, evseId: 1, amount: 10, method: 'mpesa' });
    await until(() => rig.evse(1).contactor.closed, 10_000, 'charging');
    await until(() => txEvents(csms).some((e) => e.triggerReason === 'MeterValuePeriodic'), 10_000, 'a periodic sample');
    await new Promise((r) => setTimeout(r, 1200)); // at least one TxEndedInterval sample stored
    const killedAt = Date.now();
    await first.kill();
    // The EV keeps drawing while nobody supervises: that energy was delivered and must be billed.
    await new Promise((r) => setTimeout(r, 1000));
    const second = start();
    await until(() => txEvents(csms).some((e) => e.eventType === 'Ended'), 20_000, `Ended after restart\n${second.output()}`);
    expect(rig.evse(1).contactor.closed).toBe(false); // safe state on start-up
    const events = txEvents(csms);
    const ended = events.find((e) => e.eventType === 'Ended')!;
    expect(ended.transactionInfo.stoppedReason).toBe('PowerLoss');
    expect(ended.transactionInfo.chargingState).toBe('EVConnected'); // the EV is still plugged (issue 14)
    const endWh = ended.meterValue?.at(-1)?.sampledValue.find((s) => s.context === 'Transaction.End')?.value ?? NaN;
    // the samples kept for the Ended event were stored with the transaction: the kill did not lose them
    const kept = (ended.meterValue ?? []).filter((m) => m.sampledValue[0]?.context === 'Sample.Periodic');
    expect(kept.length).toBeGreaterThanOrEqual(1);
    for (const m of kept) expect(Date.parse(m.timestamp)).toBeLessThan(killedAt);
    expect(Math.abs(endWh - rig.evse(1).meter.state.energyImportWh)).toBeLessThan(1);
    const txId = ended.transactionInfo.transactionId;
    const report = csms.station(STATION_ID)!.seqNoReport(txId);
    expect(report.gaps).toEqual([]);
    // A resend of an event whose answer was lost in the kill keeps its seqNo (same event, not a new one).
    const bySeq = new Map<number, string>();
    for (const e of events.filter((x) => x.transactionInfo.transactionId === txId)) {
      const key = JSON.stringify({ ...e, offline: undefined });
      const seen = bySeq.get(e.seqNo);
      if (seen !== undefined) expect(key).toBe(seen);
      bySeq.set(e.seqNo, key);
    }
    expect(Math.min(...bySeq.keys())).toBe(0);
  }, 90_000);

  it('onPowerLoss "resume": the transaction continues after the restart (TxResumed) and the station still stops it at its limit', async () => {
    const { rig, csms, start } = await setUp('resume');
    const first = start();
    await csms.waitForBoot(STATION_ID, 'Accepted', 20_000);
    rig.evse(1).ev.plug();
    // 0.012 EUR: a limit of some 30-40 Wh (the simulator's price rules), ~6 s at 22 kW.
    await csms.pay({ stationId: STATION_ID, evseId: 1, amount: 0.012, method: 'upi' });
    await until(() => txEvents(csms).some((e) => e.triggerReason === 'LimitSet'), 10_000, 'LimitSet');
    await until(() => rig.evse(1).contactor.closed, 10_000, 'charging');
    await first.kill();
    start();
    await until(() => txEvents(csms).some((e) => e.triggerReason === 'TxResumed'), 20_000, 'TxResumed');
    await until(() => txEvents(csms).some((e) => e.eventType === 'Ended'), 30_000, 'Ended');
    const ended = txEvents(csms).find((e) => e.eventType === 'Ended')!;
    expect(ended.transactionInfo.stoppedReason).toBe('EnergyLimitReached');
    const tx = csms.station(STATION_ID)!.transaction(ended.transactionInfo.transactionId)!;
    // the limit the CSMS set (the paid amount at its price, as it computes it), confirmed by LimitSet before the kill
    const limitWh = txEvents(csms).find((e) => e.triggerReason === 'LimitSet')?.transactionInfo.transactionLimit?.maxEnergy ?? NaN;
    expect(limitWh).toBeGreaterThan(0);
    expect(tx.beginWh).toBeDefined();
    expect(tx.endWh).toBeDefined(); // a Transaction.End register, not a missing one read as 0
    expect(tx.endWh! - tx.beginWh!).toBeGreaterThanOrEqual(limitWh - 1.5);
    expect(tx.endWh! - tx.beginWh!).toBeLessThan(limitWh + 6.2);
    expect(csms.station(STATION_ID)!.seqNoReport(tx.transactionId).gaps).toEqual([]);
  }, 90_000);
});
