// End to end over real WebSocket and Modbus TCP: BootNotification Accepted / Pending / Rejected (B01–B03), heartbeat interval, statuses after boot.

import { afterEach, describe, expect, it } from 'vitest';
import { RpcError } from '../../agent/ocpp/rpc-errors.js';
import type { MessageRecord } from '../../simulators/csms/csms-types.js';
import type { StationSession } from '../../simulators/csms/station-session.js';
import { requestBaseReport, startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const inCalls = (s: StationSession, from = 0): MessageRecord[] => s.log.filter((r) => r.index >= from && r.direction === 'in' && r.kind === 'CALL');
const ms = (r: MessageRecord) => Date.parse(r.time);

/** The response the CSMS sent to a station CALL. */
function answerTo(s: StationSession, call: MessageRecord): MessageRecord | undefined {
  return s.log.find((r) => r.direction === 'out' && r.kind !== 'CALL' && r.messageId === call.messageId);
}

for (const version of ['ocpp2.1', 'ocpp2.0.1'] as const) {
  describe(`boot over ${version}`, () => {
    it('TC_B_01_CS Cold Boot Charging Station - Accepted: heartbeat interval from the response, a status for every connector after Accepted', async () => {
      h = await startHarness({ versions: [version], evses: 2, csms: { boot: { status: 'Accepted', interval: 1 } } });
      const csms = h.csms;
      await csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
      const s = csms.connectedStation(STATION_ID);
      expect(s.bootRequest?.reason).toBe('PowerUp');
      expect(s.bootRequest?.chargingStation).toMatchObject({ vendorName: 'charger-agent', model: 'test-rig', serialNumber: 'T-0001', firmwareVersion: '0.1.0' });
      await csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
      await csms.waitForStatus(STATION_ID, 2, 1, 'Available', 5_000);
      // B01.FR.05: nothing but BootNotification before it is Accepted.
      const calls = inCalls(s);
      expect(calls[0]?.action).toBe('BootNotification');
      const accepted = answerTo(s, calls[0]!);
      for (const c of calls.slice(1)) expect(c.index).toBeGreaterThan(accepted!.index);
      // The interval of the response (1 s) becomes the heartbeat interval.
      await until(() => s.calls('Heartbeat').length >= 3, 8_000, 'three Heartbeats');
      const beats = s.calls('Heartbeat').slice(0, 3);
      for (let i = 1; i < beats.length; i++) {
        const gap = ms(beats[i]!) - ms(beats[i - 1]!);
        expect(gap).toBeGreaterThanOrEqual(700);
        expect(gap).toBeLessThan(2_500);
      }
      const r = await csms.call(STATION_ID, 'GetVariables', {
        getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
      });
      expect(r.getVariableResult[0]).toMatchObject({ attributeStatus: 'Accepted', attributeValue: '1' });
      expect(s.violations).toEqual([]);
    });

    it('TC_B_02_CS Cold Boot Charging Station - Pending: the CSMS configures the station, nothing but BootNotification is sent, retry after the interval', async () => {
      h = await startHarness({ versions: [version], csms: { boot: { status: 'Pending', interval: 4 } } });
      const csms = h.csms;
      const pendingAnswer = await csms.waitForBoot(STATION_ID, 'Pending', 10_000);
      csms.setBoot({ status: 'Accepted', interval: 300 });
      const s = csms.connectedStation(STATION_ID);
      const set = await csms.call(STATION_ID, 'SetVariables', {
        setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeValue: '300' }],
      });
      expect(set.setVariableResult[0]?.attributeStatus).toBe('Accepted');
      const get = await csms.call(STATION_ID, 'GetVariables', {
        getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' } }],
      });
      expect(get.getVariableResult[0]).toMatchObject({ attributeStatus: 'Accepted', attributeValue: '300' });
      const report = await requestBaseReport(csms, STATION_ID, 'FullInventory', 41, 5_000);
      expect(report.status).toBe('Accepted');
      expect(report.parts.flatMap((p) => p.reportData ?? []).length).toBeGreaterThan(10);
      // TC_B_02_CS step 12: no transaction is started while Pending.
      const start = await csms.call(STATION_ID, 'RequestStartTransaction', { idToken: { idToken: 'TOKEN-1', type: 'Central' }, remoteStartId: 7, evseId: 1 });
      expect(start.status).toBe('Rejected');

      await csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
      await csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
      const boots = s.calls('BootNotification');
      expect(boots).toHaveLength(2);
      // B02.FR.02: the retry waits the interval of the Pending response.
      expect(ms(boots[1]!) - ms(pendingAnswer)).toBeGreaterThanOrEqual(4_000 - 50);
      // Only BootNotification and the requested report went out while Pending.
      const whilePending = inCalls(s).filter((r) => r.index < boots[1]!.index).map((r) => r.action);
      expect(new Set(whilePending)).toEqual(new Set(['BootNotification', 'NotifyReport']));
      expect(s.violations).toEqual([]);
    });

    it('TC_B_02_CS Cold Boot Charging Station - Pending: TriggerMessage BootNotification boots again at once (reason Triggered) and replaces the scheduled retry', async () => {
      h = await startHarness({ versions: [version], csms: { boot: { status: 'Pending', interval: 3 } } });
      const csms = h.csms;
      await csms.waitForBoot(STATION_ID, 'Pending', 10_000);
      csms.setBoot({ status: 'Accepted', interval: 300 });
      const s = csms.connectedStation(STATION_ID);
      const t0 = Date.now();
      const r = await csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'BootNotification' });
      expect(r.status).toBe('Accepted');
      await csms.waitForBoot(STATION_ID, 'Accepted', 2_000);
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(s.bootRequest?.reason).toBe('Triggered');
      await csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
      // The retry scheduled by the Pending answer (3 s) must not boot a third time.
      await new Promise((res) => setTimeout(res, 3_500));
      expect(s.calls('BootNotification')).toHaveLength(2);
      expect(s.violations).toEqual([]);
    });

    it('TC_B_03_CS Cold Boot Charging Station - Rejected: silent until the interval passed, then Accepted and statuses; TC_B_30_CS requests meanwhile get SecurityError', async () => {
      h = await startHarness({ versions: [version], csms: { boot: { status: 'Rejected', interval: 3 } } });
      const csms = h.csms;
      const rejected = await csms.waitForBoot(STATION_ID, 'Rejected', 10_000);
      csms.setBoot({ status: 'Accepted', interval: 300 });
      const s = csms.connectedStation(STATION_ID);
      // B03.FR.08: the station answers CSMS requests with SecurityError while Rejected.
      const err = await csms.call(STATION_ID, 'GetBaseReport', { requestId: 1, reportBase: 'FullInventory' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RpcError);
      expect((err as RpcError).code).toBe('SecurityError');
      const start = await csms.call(STATION_ID, 'RequestStartTransaction', { idToken: { idToken: 'TOKEN-1', type: 'Central' }, remoteStartId: 8 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((start as RpcError | undefined)?.code).toBe('SecurityError');

      await csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
      await csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
      const boots = s.calls('BootNotification');
      expect(boots).toHaveLength(2);
      expect(ms(boots[1]!) - ms(rejected)).toBeGreaterThanOrEqual(3_000 - 50);
      // B03.FR.02: nothing at all between the Rejected answer and the retry.
      expect(inCalls(s).filter((r) => r.index > rejected.index && r.index < boots[1]!.index)).toEqual([]);
      expect(s.violations).toEqual([]);
    });
  });
}
