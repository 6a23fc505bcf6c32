// End to end over real WebSocket and Modbus TCP: GetVariables, SetVariables and GetBaseReport (B05–B07) against the real agent's device model.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GetVariableDataType, ReportDataType, SetVariableDataType } from '../../agent/core/types/v21.js';
import { PASSWORD, requestBaseReport, startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

const OFFLINE = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' } };
const LOCAL_OFFLINE = { component: { name: 'AuthCtrlr' }, variable: { name: 'LocalAuthorizeOffline' } };
const HEARTBEAT = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } };

for (const version of ['ocpp2.1', 'ocpp2.0.1'] as const) {
  describe(`device model over ${version}`, () => {
    let h: Harness;
    let nextRequestId = 100;
    beforeAll(async () => {
      // Small report parts, so a base report takes several NotifyReport messages.
      h = await startHarness({ versions: [version], evses: 2, ocppDefaults: { 'DeviceDataCtrlr.ItemsPerMessage[GetReport]': 10 } });
      await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    });
    afterAll(async () => {
      await h.close();
    });

    const get = (data: GetVariableDataType[]) => h.csms.call(STATION_ID, 'GetVariables', { getVariableData: data as [GetVariableDataType, ...GetVariableDataType[]] });
    const set = (data: SetVariableDataType[]) => h.csms.call(STATION_ID, 'SetVariables', { setVariableData: data as [SetVariableDataType, ...SetVariableDataType[]] });

    it('TC_B_06_CS Get Variables - single value', async () => {
      const r = await get([{ ...OFFLINE, attributeType: 'Actual' }]);
      expect(r.getVariableResult).toHaveLength(1);
      expect(r.getVariableResult[0]).toMatchObject({ attributeStatus: 'Accepted', attributeType: 'Actual', attributeValue: '300', ...OFFLINE });
      expect(r.getVariableResult[0]?.attributeStatusInfo).toBeUndefined();
    });

    it('TC_B_07_CS Get Variables - multiple values (and an EVSE component, TxCtrlr.SupportedLimits)', async () => {
      const r = await get([
        { ...OFFLINE, attributeType: 'Actual' },
        { ...LOCAL_OFFLINE, attributeType: 'Actual' },
        { component: { name: 'EVSE', evse: { id: 2 } }, variable: { name: 'AvailabilityState' } },
        { component: { name: 'TxCtrlr' }, variable: { name: 'SupportedLimits' } },
      ]);
      expect(r.getVariableResult).toEqual([
        expect.objectContaining({ attributeStatus: 'Accepted', attributeValue: '300', ...OFFLINE }),
        expect.objectContaining({ attributeStatus: 'Accepted', attributeValue: 'true', ...LOCAL_OFFLINE }),
        expect.objectContaining({ attributeStatus: 'Accepted', attributeValue: 'Available', component: { name: 'EVSE', evse: { id: 2 } } }),
        expect.objectContaining({ attributeStatus: 'Accepted', attributeValue: 'maxEnergy,maxTime,maxCost' }),
      ]);
    });

    it('TC_B_32_CS / TC_B_33_CS / TC_B_34_CS Get Variables - unknown component, unknown variable, not supported attribute type', async () => {
      const r = await get([
        { component: { name: 'UnknownComponent' }, variable: { name: 'OfflineThreshold' } },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'UnknownVariable' } },
        { ...OFFLINE, attributeType: 'Target' },
        { component: { name: 'EVSE', evse: { id: 9 } }, variable: { name: 'AvailabilityState' } },
      ]);
      expect(r.getVariableResult.map((x) => x.attributeStatus)).toEqual(['UnknownComponent', 'UnknownVariable', 'NotSupportedAttributeType', 'UnknownComponent']);
      expect(r.getVariableResult[0]).toMatchObject({ component: { name: 'UnknownComponent' }, variable: { name: 'OfflineThreshold' } });
      expect(r.getVariableResult[1]).toMatchObject({ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'UnknownVariable' } });
      expect(r.getVariableResult[2]).toMatchObject({ attributeType: 'Target', ...OFFLINE });
      for (const x of r.getVariableResult) expect(x.attributeValue).toBeUndefined();
    });

    it('TC_B_08_CS Get Variables - limit to maximum number of values: the item beyond ItemsPerMessage is Rejected (TooManyElements)', async () => {
      const max = Number((await get([{ component: { name: 'DeviceDataCtrlr' }, variable: { name: 'ItemsPerMessage', instance: 'GetVariables' } }])).getVariableResult[0]?.attributeValue);
      expect(max).toBeGreaterThan(0);
      const r = await get(Array.from({ length: max + 1 }, () => ({ ...OFFLINE })));
      expect(r.getVariableResult).toHaveLength(max + 1);
      const last = r.getVariableResult[max];
      expect(last?.attributeStatus).toBe('Rejected');
      expect(last?.attributeStatusInfo?.reasonCode).toBe('TooManyElements');
      expect(r.getVariableResult.slice(0, max).every((x) => x.attributeStatus === 'Accepted')).toBe(true);
    });

    it('B06: the WriteOnly SecurityCtrlr.BasicAuthPassword is Rejected by GetVariables and its value never appears in a frame', async () => {
      const r = await get([{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } }]);
      expect(r.getVariableResult[0]?.attributeStatus).toBe('Rejected');
      expect(r.getVariableResult[0]?.attributeValue).toBeUndefined();
      const report = await requestBaseReport(h.csms, STATION_ID, 'FullInventory', nextRequestId++);
      const entry = report.parts.flatMap((p) => p.reportData ?? []).find((d) => d.variable.name === 'BasicAuthPassword');
      expect(entry?.variableAttribute[0]?.mutability).toBe('WriteOnly');
      expect(entry?.variableAttribute[0]?.value).toBeUndefined();
      const leaks = h.csms.connectedStation(STATION_ID).log.filter((rec) => rec.raw.includes(PASSWORD));
      expect(leaks).toEqual([]);
    });

    it('TC_B_09_CS / TC_B_10_CS Set Variables - single and multiple values', async () => {
      const one = await set([{ ...OFFLINE, attributeValue: '300', attributeType: 'Actual' }]);
      expect(one.setVariableResult[0]).toMatchObject({ attributeStatus: 'Accepted', attributeType: 'Actual', ...OFFLINE });
      expect(one.setVariableResult[0]?.attributeStatusInfo).toBeUndefined();
      const two = await set([
        { ...OFFLINE, attributeValue: '450', attributeType: 'Actual' },
        { ...LOCAL_OFFLINE, attributeValue: 'false', attributeType: 'Actual' },
      ]);
      expect(two.setVariableResult.map((x) => x.attributeStatus)).toEqual(['Accepted', 'Accepted']);
      const r = await get([OFFLINE, LOCAL_OFFLINE]);
      expect(r.getVariableResult.map((x) => x.attributeValue)).toEqual(['450', 'false']);
      await set([
        { ...OFFLINE, attributeValue: '300' },
        { ...LOCAL_OFFLINE, attributeValue: 'true' },
      ]);
    });

    it('TC_B_35_CS / TC_B_36_CS / TC_B_37_CS Set Variables - unknown component, unknown variable, not supported attribute type', async () => {
      const r = await set([
        { component: { name: 'UnknownComponent' }, variable: { name: 'OfflineThreshold' }, attributeValue: '300' },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'UnknownVariable' }, attributeValue: '300' },
        { ...OFFLINE, attributeValue: '300', attributeType: 'Target' },
      ]);
      expect(r.setVariableResult.map((x) => x.attributeStatus)).toEqual(['UnknownComponent', 'UnknownVariable', 'NotSupportedAttributeType']);
      expect(r.setVariableResult[2]?.attributeType).toBe('Target');
    });

    it('TC_B_11_CS Set Variables - invalidly formatted values are Rejected with InvalidValue, the value is kept', async () => {
      for (const value of ['1.1', 'true', new Date().toISOString(), 'abc']) {
        const r = await set([
          { ...OFFLINE, attributeValue: value },
          { component: { name: 'AuthCtrlr' }, variable: { name: 'AuthorizeRemoteStart' }, attributeValue: value === 'true' ? 'maybe' : value },
        ]);
        for (const x of r.setVariableResult) {
          expect(x.attributeStatus, `${x.variable.name} = ${value}`).toBe('Rejected');
          expect(x.attributeStatusInfo?.reasonCode).toBe('InvalidValue');
        }
      }
      const ok = await set([{ ...OFFLINE, attributeValue: '1' }]);
      expect(ok.setVariableResult[0]?.attributeStatus).toBe('Accepted');
      await set([{ ...OFFLINE, attributeValue: '300' }]);
    });

    it('TC_B_39_CS Set Variables - Read-only (MessageTimeout[Default]) is Rejected; out of range values are Rejected (ValueTooLow/ValueTooHigh)', async () => {
      const r = await set([
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'MessageTimeout', instance: 'Default' }, attributeValue: '10' },
        { ...HEARTBEAT, attributeValue: '0' },
        { ...HEARTBEAT, attributeValue: '86401' },
        { component: { name: 'TxCtrlr' }, variable: { name: 'TxStartPoint' }, attributeValue: 'EVConnected,Teleported' },
      ]);
      expect(r.setVariableResult.map((x) => x.attributeStatus)).toEqual(['Rejected', 'Rejected', 'Rejected', 'Rejected']);
      expect(r.setVariableResult[0]).toMatchObject({ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'MessageTimeout', instance: 'Default' } });
      expect(r.setVariableResult.map((x) => x.attributeStatusInfo?.reasonCode)).toEqual(['ReadOnly', 'ValueTooLow', 'ValueTooHigh', 'InvalidValue']);
      const now = await get([HEARTBEAT, { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'MessageTimeout', instance: 'Default' } }]);
      expect(now.getVariableResult.map((x) => x.attributeValue)).toEqual(['300', '30']);
    });

    it('B05: a HeartbeatInterval set by the CSMS takes effect at once', async () => {
      const s = h.csms.connectedStation(STATION_ID);
      const from = s.mark();
      const r = await set([{ ...HEARTBEAT, attributeValue: '1' }]);
      expect(r.setVariableResult[0]?.attributeStatus).toBe('Accepted');
      try {
        await until(() => s.calls('Heartbeat').filter((c) => c.index >= from).length >= 2, 5_000, 'two Heartbeats at the new interval');
        const beats = s.calls('Heartbeat').filter((c) => c.index >= from);
        const gap = Date.parse(beats[1]!.time) - Date.parse(beats[0]!.time);
        expect(gap).toBeGreaterThanOrEqual(700);
        expect(gap).toBeLessThan(2_500);
      } finally {
        await set([{ ...HEARTBEAT, attributeValue: '300' }]);
      }
    });

    const checkParts = (parts: Array<{ seqNo: number; tbc?: boolean; requestId: number; generatedAt: string }>, requestId: number) => {
      expect(parts.map((p) => p.seqNo)).toEqual(parts.map((_, i) => i));
      expect(parts.map((p) => p.tbc ?? false)).toEqual(parts.map((_, i) => i < parts.length - 1));
      for (const p of parts) {
        expect(p.requestId).toBe(requestId);
        expect(Number.isNaN(Date.parse(p.generatedAt))).toBe(false);
      }
    };
    const checkEntries = (data: ReportDataType[]) => {
      for (const d of data) {
        expect(d.variableCharacteristics, `${d.component.name}.${d.variable.name}`).toBeDefined();
        if (['OptionList', 'MemberList', 'SequenceList'].includes(d.variableCharacteristics!.dataType)) {
          expect(d.variableCharacteristics?.valuesList, `${d.component.name}.${d.variable.name} valuesList`).toBeTruthy();
        }
      }
    };
    /** No CALLERROR from the CSMS: every NotifyReport passed its schema there. */
    const noErrorsFromCsms = () => expect(h.csms.connectedStation(STATION_ID).log.filter((r) => r.direction === 'out' && r.kind === 'CALLERROR')).toEqual([]);

    it('TC_B_12_CS Get Base Report - ConfigurationInventory: Accepted, then NotifyReport parts (seqNo, tbc) with only writable variables', async () => {
      const requestId = nextRequestId++;
      const { status, parts } = await requestBaseReport(h.csms, STATION_ID, 'ConfigurationInventory', requestId);
      expect(status).toBe('Accepted');
      expect(parts.length).toBeGreaterThan(1);
      checkParts(parts, requestId);
      const data = parts.flatMap((p) => p.reportData ?? []);
      checkEntries(data);
      for (const d of data) expect(['ReadWrite', 'WriteOnly']).toContain(d.variableAttribute[0]?.mutability);
      const names = data.map((d) => `${d.component.name}.${d.variable.name}`);
      expect(names).toEqual(expect.arrayContaining(['OCPPCommCtrlr.HeartbeatInterval', 'TxCtrlr.TxStartPoint', 'TxCtrlr.TxStopPoint', 'SecurityCtrlr.BasicAuthPassword']));
      noErrorsFromCsms();
    });

    it('TC_B_13_CS Get Base Report - FullInventory: every part schema-valid, the station layout and TxCtrlr.SupportedLimits (maxEnergy, maxTime) reported', async () => {
      const requestId = nextRequestId++;
      const { status, parts } = await requestBaseReport(h.csms, STATION_ID, 'FullInventory', requestId);
      expect(status).toBe('Accepted');
      checkParts(parts, requestId);
      for (const p of parts) expect(p.reportData?.length ?? 0).toBeLessThanOrEqual(10);
      const data = parts.flatMap((p) => p.reportData ?? []);
      checkEntries(data);
      const find = (c: string, v: string, evse?: number) =>
        data.find((d) => d.component.name === c && d.variable.name === v && (evse === undefined || d.component.evse?.id === evse));
      expect(find('TxCtrlr', 'SupportedLimits')?.variableAttribute[0]).toMatchObject({ value: 'maxEnergy,maxTime,maxCost', mutability: 'ReadOnly' });
      expect(find('TxCtrlr', 'SupportedLimits')?.variableCharacteristics?.valuesList).toContain('maxEnergy');
      expect(find('ChargingStation', 'VendorName')?.variableAttribute[0]?.value).toBe('charger-agent');
      expect(find('EVSE', 'AvailabilityState', 1)?.variableAttribute[0]?.value).toBe('Available');
      expect(find('EVSE', 'AvailabilityState', 2)?.variableAttribute[0]?.value).toBe('Available');
      expect(find('Connector', 'ConnectorType', 2)?.variableAttribute[0]?.value).toBe('cType2');
      expect(find('OCPPCommCtrlr', 'MessageTimeout')?.variableAttribute[0]).toMatchObject({ value: '30', mutability: 'ReadOnly' });
      noErrorsFromCsms();
    });

    it('B07 Get Base Report - SummaryInventory: Accepted, availability and problem state of the physical components only', async () => {
      const requestId = nextRequestId++;
      const { status, parts } = await requestBaseReport(h.csms, STATION_ID, 'SummaryInventory', requestId);
      expect(status).toBe('Accepted');
      checkParts(parts, requestId);
      const data = parts.flatMap((p) => p.reportData ?? []);
      expect(data.length).toBeGreaterThan(0);
      for (const d of data) expect(['ChargingStation', 'EVSE', 'Connector']).toContain(d.component.name);
      expect(data.filter((d) => d.variable.name === 'AvailabilityState')).toHaveLength(1 + 2 + 2);
      noErrorsFromCsms();
    });
  });

  describe(`device model persistence over ${version}`, () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('B05: a value set by the CSMS is persistent: it survives an agent restart', async () => {
      h = await startHarness({ versions: [version] });
      await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
      const r = await h.csms.call(STATION_ID, 'SetVariables', {
        setVariableData: [
          { ...OFFLINE, attributeValue: '1234' },
          { component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' }, attributeValue: '42' },
        ],
      });
      expect(r.setVariableResult.map((x) => x.attributeStatus)).toEqual(['Accepted', 'Accepted']);
      await h.stopAgent();
      await until(() => !h!.csms.station(STATION_ID)?.connected, 5_000, 'the station to disconnect');
      const first = h.csms.station(STATION_ID)!.connections;
      await h.restartAgent();
      await until(() => (h!.csms.station(STATION_ID)?.connections ?? 0) > first && h!.csms.station(STATION_ID)!.bootStatus === 'Accepted', 10_000, 'the restarted agent to boot');
      await h.csms.waitForMessage(STATION_ID, (rec) => rec.connection > first && rec.action === 'BootNotification' && rec.kind === 'CALLRESULT', 10_000);
      const g = await h.csms.call(STATION_ID, 'GetVariables', {
        getVariableData: [OFFLINE, { component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' } }],
      });
      expect(g.getVariableResult.map((x) => x.attributeValue)).toEqual(['1234', '42']);
    });
  });
}

describe('CSMS simulator helper', () => {
  it('CsmsSim.getBaseReport resolves with the whole report', async () => {
    const x = await startHarness();
    try {
      await x.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
      const data = await x.csms.getBaseReport(STATION_ID, 'ConfigurationInventory', 10_000);
      expect(data.some((d) => d.component.name === 'TxCtrlr' && d.variable.name === 'TxStartPoint')).toBe(true);
    } finally {
      await x.close();
    }
  });
});
