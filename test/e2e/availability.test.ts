// End to end over real WebSocket and Modbus TCP: ChangeAvailability of an EVSE, a connector and the station (G03/G04), also with a transaction ongoing.

import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeAvailabilityRequest } from '../../agent/core/types/v21.js';
import { startCharging, startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function booted(version: string, evses = 2): Promise<Harness> {
  h = await startHarness({ versions: [version], evses });
  await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
  for (let e = 1; e <= evses; e++) await h.csms.waitForStatus(STATION_ID, e, 1, 'Available', 5_000);
  return h;
}

const change = (harness: Harness, req: ChangeAvailabilityRequest) => harness.csms.call(STATION_ID, 'ChangeAvailability', req);

/** The EVSE's AvailabilityState in the device model, as the CSMS reads it. */
async function availabilityState(harness: Harness, evseId: number): Promise<string | undefined> {
  const r = await harness.csms.call(STATION_ID, 'GetVariables', {
    getVariableData: [{ component: { name: 'Connector', evse: { id: evseId, connectorId: 1 } }, variable: { name: 'AvailabilityState' } }],
  });
  return r.getVariableResult[0]?.attributeValue;
}

/** Statuses the station reported for a connector since log index `from`. */
function statusesSince(harness: Harness, evseId: number, from: number): string[] {
  return harness.csms
    .connectedStation(STATION_ID)
    .calls('StatusNotification')
    .filter((r) => r.index >= from && r.payload.evseId === evseId)
    .map((r) => r.payload.connectorStatus as string);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const version of ['ocpp2.1', 'ocpp2.0.1'] as const) {
  describe(`ChangeAvailability over ${version}`, () => {
    it('TC_G_03_CS / TC_G_04_CS / TC_G_09_CS / TC_G_10_CS Change Availability EVSE: Inoperative -> Unavailable, again Accepted, Operative -> Available; the other EVSE untouched', async () => {
      const x = await booted(version);
      const s = x.csms.connectedStation(STATION_ID);
      expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 1 } })).status).toBe('Accepted');
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Unavailable', 5_000);
      expect(await availabilityState(x, 1)).toBe('Unavailable');
      // TC_G_10_CS: Inoperative to inoperative: Accepted, no new status.
      const mark = s.mark();
      expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 1 } })).status).toBe('Accepted');
      await pause(300);
      expect(statusesSince(x, 1, mark)).toEqual([]);
      expect((await change(x, { operationalStatus: 'Operative', evse: { id: 1 } })).status).toBe('Accepted');
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
      expect(await availabilityState(x, 1)).toBe('Available');
      // TC_G_09_CS: Operative to operative: Accepted.
      expect((await change(x, { operationalStatus: 'Operative', evse: { id: 1 } })).status).toBe('Accepted');
      expect(statusesSince(x, 2, 0)).toEqual(['Available']);
    });

    it('TC_G_07_CS / TC_G_08_CS / TC_G_15_CS / TC_G_16_CS Change Availability Connector; an unknown EVSE or connector is Rejected', async () => {
      const x = await booted(version);
      expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 2, connectorId: 1 } })).status).toBe('Accepted');
      await x.csms.waitForStatus(STATION_ID, 2, 1, 'Unavailable', 5_000);
      expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 2, connectorId: 1 } })).status).toBe('Accepted');
      expect((await change(x, { operationalStatus: 'Operative', evse: { id: 2, connectorId: 1 } })).status).toBe('Accepted');
      await x.csms.waitForStatus(STATION_ID, 2, 1, 'Available', 5_000);
      expect((await change(x, { operationalStatus: 'Operative', evse: { id: 2, connectorId: 1 } })).status).toBe('Accepted');
      expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 9 } })).status).toBe('Rejected');
      expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 5 } })).status).toBe('Rejected');
      expect(x.csms.connectedStation(STATION_ID).status(1, 1)).toBe('Available');
    });

    it('TC_G_05_CS / TC_G_06_CS / TC_G_12_CS / TC_G_13_CS Change Availability Charging Station: every connector Unavailable, no transaction starts, then Available again', async () => {
      const x = await booted(version);
      expect((await change(x, { operationalStatus: 'Inoperative' })).status).toBe('Accepted');
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Unavailable', 5_000);
      await x.csms.waitForStatus(STATION_ID, 2, 1, 'Unavailable', 5_000);
      expect((await change(x, { operationalStatus: 'Inoperative' })).status).toBe('Accepted');
      // Inoperative: a plugged EV starts nothing, a remote start is Rejected, the contactor stays open.
      const s = x.csms.connectedStation(STATION_ID);
      x.rig.evse(1).ev.plug();
      const start = await x.csms.call(STATION_ID, 'RequestStartTransaction', { idToken: { idToken: 'TOKEN-1', type: 'Central' }, remoteStartId: 1, evseId: 1 });
      expect(start.status).toBe('Rejected');
      await pause(500);
      expect(s.calls('TransactionEvent')).toEqual([]);
      expect(x.rig.evse(1).contactor.closed).toBe(false);
      expect(s.status(1, 1)).toBe('Unavailable');
      expect((await change(x, { operationalStatus: 'Operative' })).status).toBe('Accepted');
      await x.csms.waitForStatus(STATION_ID, 2, 1, 'Available', 5_000);
      // EVSE 1 has the EV plugged: Occupied, and the transaction starts now (TxStartPoint EVConnected).
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Occupied', 5_000);
      await x.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Started', 5_000);
      expect((await change(x, { operationalStatus: 'Operative' })).status).toBe('Accepted');
    });

    it('TC_G_13_CS Change Availability Charging Station - Inoperative to inoperative: Accepted, and no connector status reported again (errata 2023-12 §6.1.22)', async () => {
      // Part 6 (2023-06) step 3 wanted every connector's state reported again; the OCPP 2.0.1 edition 2 errata 2023-12,
      // §6.1.22 "TC_G_13_CS - Charging Station does not have to report the status of the connector", replaced steps 3-4
      // with a note (no status change, so nothing to report) and dropped the step 3 tool validations. The station
      // therefore sends neither StatusNotification nor a NotifyEvent AvailabilityState for an unchanged state.
      const x = await booted(version);
      const s = x.csms.connectedStation(STATION_ID);
      expect((await change(x, { operationalStatus: 'Inoperative' })).status).toBe('Accepted');
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Unavailable', 5_000);
      await x.csms.waitForStatus(STATION_ID, 2, 1, 'Unavailable', 5_000);
      const mark = s.mark();
      expect((await change(x, { operationalStatus: 'Inoperative' })).status).toBe('Accepted');
      await pause(500);
      expect([...statusesSince(x, 1, mark), ...statusesSince(x, 2, mark)]).toEqual([]);
      expect(s.calls('NotifyEvent').filter((r) => r.index >= mark)).toEqual([]);
      expect([s.status(1, 1), s.status(2, 1)]).toEqual(['Unavailable', 'Unavailable']);
    });

    it('TC_G_11_CS Change Availability EVSE - With ongoing transaction: Scheduled, Unavailable when the transaction ends', async () => {
      const x = await booted(version);
      const txId = await startCharging(x, 1);
      const s = x.csms.connectedStation(STATION_ID);
      const mark = s.mark();
      expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 1 } })).status).toBe('Scheduled');
      await pause(500);
      expect(statusesSince(x, 1, mark)).toEqual([]);
      expect(s.transaction(txId)?.eventType).not.toBe('Ended');
      x.rig.evse(1).ev.unplug();
      await x.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === txId, 5_000);
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Unavailable', 5_000);
      expect(statusesSince(x, 1, mark)).not.toContain('Available');
      expect((await change(x, { operationalStatus: 'Operative', evse: { id: 1 } })).status).toBe('Accepted');
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
    });

    // G03.FR.05 / G04.FR.05: "Scheduled" means the transaction goes on; the change applies when it has ended.
    it('TC_G_11_CS / G03.FR.05 a scheduled Inoperative lets the ongoing transaction keep charging', async () => {
      const x = await booted(version);
      const txId = await startCharging(x, 1);
      const s = x.csms.connectedStation(STATION_ID);
      const mark = s.mark();
      expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 1 } })).status).toBe('Scheduled');
      await pause(1_000);
      expect(x.rig.evse(1).contactor.closed).toBe(true);
      const updates = (s.transaction(txId)?.events ?? []).filter((e) => e.timestamp >= s.log[mark]!.time);
      expect(updates.map((e) => e.transactionInfo.chargingState).filter(Boolean)).not.toContain('SuspendedEVSE');
    });

    it('TC_G_14_CS Change Availability Charging Station - With ongoing transaction: Scheduled; the idle EVSE is Unavailable at once, the busy one after its transaction', async () => {
      const x = await booted(version);
      const txId = await startCharging(x, 1);
      expect((await change(x, { operationalStatus: 'Inoperative' })).status).toBe('Scheduled');
      await x.csms.waitForStatus(STATION_ID, 2, 1, 'Unavailable', 5_000);
      expect(x.csms.connectedStation(STATION_ID).status(1, 1)).toBe('Occupied');
      x.rig.evse(1).ev.unplug();
      await x.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === txId, 5_000);
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Unavailable', 5_000);
      expect((await change(x, { operationalStatus: 'Operative' })).status).toBe('Accepted');
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
      await x.csms.waitForStatus(STATION_ID, 2, 1, 'Available', 5_000);
    });

    it('TC_G_17_CS Change Availability Connector - With ongoing transaction: Scheduled, Unavailable once the transaction ended with the EV still plugged', async () => {
      const x = await booted(version, 1);
      const txId = await startCharging(x, 1);
      expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } })).status).toBe('Scheduled');
      // The CSMS stops the transaction; the EV stays plugged in (TxStopPoint Authorized ends it).
      expect((await x.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: txId })).status).toBe('Accepted');
      await x.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === txId, 5_000);
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Unavailable', 5_000);
      expect(x.rig.evse(1).ev.isPlugged).toBe(true);
      expect(x.rig.evse(1).contactor.closed).toBe(false);
    });

    it('TC_G_18_CS Change Availability EVSE - state persists across reboot', async () => {
      const x = await booted(version);
      expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 1 } })).status).toBe('Accepted');
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Unavailable', 5_000);
      await x.stopAgent();
      await until(() => !x.csms.station(STATION_ID)?.connected, 5_000, 'the station to disconnect');
      const before = x.csms.station(STATION_ID)!.connections;
      await x.restartAgent();
      const boot = await x.csms.waitForMessage(STATION_ID, (r) => r.connection > before && r.action === 'BootNotification' && r.kind === 'CALLRESULT', 10_000);
      const after = boot.index;
      await until(() => statusesSince(x, 1, after).length > 0 && statusesSince(x, 2, after).length > 0, 5_000, 'statuses after the reboot');
      expect(statusesSince(x, 1, after)).toEqual(['Unavailable']);
      expect(statusesSince(x, 2, after)).toEqual(['Available']);
    });
  });
}

describe('a failing status observer', () => {
  it('does not stop the status reaching the CSMS (the error is logged, the agent runs on)', async () => {
    const x = await booted('ocpp2.1', 1);
    x.agent.core.on('status', () => {
      throw new Error('observer bug');
    });
    expect((await change(x, { operationalStatus: 'Inoperative', evse: { id: 1 } })).status).toBe('Accepted');
    await x.csms.waitForStatus(STATION_ID, 1, 1, 'Unavailable', 5_000);
    expect((await change(x, { operationalStatus: 'Operative', evse: { id: 1 } })).status).toBe('Accepted');
    await x.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
  });
});
