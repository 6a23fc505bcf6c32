// TC_E_34 / TC_E_51: the CSMS goes away mid-transaction; events are kept, flagged offline, and replayed in order and paced after the reconnect.

import { afterEach, describe, expect, it } from 'vitest';
import type { TransactionEventRequest } from '../../agent/core/types/v21.js';
import { CsmsSim } from '../../simulators/csms/csms-server.js';
import type { MessageRecord } from '../../simulators/csms/csms-types.js';
import { PASSWORD, startedEvent, startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const txCalls = (sim: CsmsSim): MessageRecord[] =>
  (sim.station(STATION_ID)?.log ?? []).filter((r) => r.direction === 'in' && r.kind === 'CALL' && r.action === 'TransactionEvent');
const payloadOf = (r: MessageRecord) => r.payload as unknown as TransactionEventRequest;

describe('offline during a transaction', () => {
  it('TC_E_34_CS / TC_E_51_CS events produced offline are stored, sent after the reconnect with offline=true, in seqNo order, paced, none lost or duplicated', async () => {
    h = await startHarness({ ocppDefaults: { 'SampledDataCtrlr.TxUpdatedInterval': 1 } });
    const first = h.csms;
    await first.waitForBoot(STATION_ID, 'Accepted', 10_000);
    h.rig.evse(1).ev.plug();
    await first.pay({ stationId: STATION_ID, evseId: 1, amount: 10, method: 'mpesa' });
    await until(() => h!.rig.evse(1).contactor.closed, 10_000, 'charging');
    await startedEvent(h); // the CSMS knows the transaction before it goes away (the contactor closes without waiting for it)
    const port = first.port;
    await first.close();
    await until(() => !h!.agent.snapshot().connected, 5_000, 'agent sees the connection gone');
    // Offline: the session goes on (periodic samples), then the EV leaves and the transaction ends.
    await new Promise((r) => setTimeout(r, 3_500));
    expect(h.rig.evse(1).contactor.closed).toBe(true); // charging continues offline: the driver paid
    h.rig.evse(1).ev.unplug();
    await until(() => h!.agent.snapshot().evses[0]?.transaction === undefined, 5_000, 'transaction ended offline');
    const queued = h.agent.snapshot().queueDepth;
    expect(queued).toBeGreaterThanOrEqual(4);
    const second = new CsmsSim({ port, pricePerKwh: 0.3, currency: 'EUR', passwords: { [STATION_ID]: PASSWORD } });
    await second.listen();
    h.csms = second;
    await until(() => txCalls(second).some((r) => payloadOf(r).eventType === 'Ended'), 20_000, 'Ended replayed');
    await until(() => h!.agent.snapshot().queueDepth === 0, 5_000, 'queue drained');

    const before = txCalls(first).map(payloadOf);
    const replay = txCalls(second);
    const after = replay.map(payloadOf);
    const all = [...before, ...after];
    const txId = before[0]?.transactionInfo.transactionId;
    expect(all.every((e) => e.transactionInfo.transactionId === txId)).toBe(true);
    // Every seqNo from 0 to the Ended one, each once (a resend keeps its seqNo).
    const seqNos = [...new Set(all.map((e) => e.seqNo))].sort((a, b) => a - b);
    expect(seqNos).toEqual(seqNos.map((_, i) => i));
    expect(after.map((e) => e.seqNo)).toEqual([...after.map((e) => e.seqNo)].sort((a, b) => a - b));
    const offline = after.filter((e) => e.offline === true);
    expect(offline.length).toBeGreaterThanOrEqual(3);
    expect(after.find((e) => e.eventType === 'Ended')?.offline).toBe(true);
    expect(after.find((e) => e.eventType === 'Ended')?.transactionInfo.stoppedReason).toBe('EVDisconnected');
    // Paced: the replay is not a burst (at least ~200 ms between queued events).
    const times = replay.map((r) => Date.parse(r.time));
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(150);
  }, 60_000);
});
