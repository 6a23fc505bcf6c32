// California pricing triggerMeterValue end to end: the station sends extra meter values (context Other) when the CSMS's triggers fire, on 1.6 and 2.0.1.

import { afterEach, describe, expect, it } from 'vitest';
import type { MeterValuesRequest } from '../../agent/ocpp/types/v201.js';
import { startHarness16, type Harness16 } from '../helpers/csms16.js';
import { startedEvent, startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
let h16: Harness16 | undefined;
afterEach(async () => {
  await h?.close();
  await h16?.close();
  h = undefined;
  h16 = undefined;
});

const COSTMSG = 'org.openchargealliance.costmsg';

describe('California pricing triggerMeterValue over OCPP 1.6', () => {
  it('atEnergykWh fires once at the energy register, atPowerkW on each crossing, atCPStatus on SuspendedEV: MeterValues with the transactionId, context Other', async () => {
    h16 = await startHarness16({ tariff: { currency: 'USD', pricePerKwh: 0.5 }, ocppDefaults: { 'SampledDataCtrlr.TxUpdatedInterval': 0 } });
    const csms = h16.csms;
    await csms.waitFor('BootNotification');
    await csms.waitForStatus(1, 'Available');
    const from = csms.mark();
    // the EV pauses 2.5 s after energy first flowed, for 2 s: power falls to 0 (a crossing) and the status becomes SuspendedEV
    h16.rig.evse(1).ev.plug({ pauses: [{ afterMs: 2500, durationMs: 2000 }] });
    await csms.waitForStatus(1, 'Preparing', 10_000, from);
    expect((await csms.call('RemoteStartTransaction', { connectorId: 1, idTag: 'TAG-0001' })).status).toBe('Accepted');
    await csms.waitFor('StartTransaction', () => true, 10_000, from);
    await csms.waitForStatus(1, 'Charging', 10_000, from);
    const transactionId = 1000 + csms.all('StartTransaction').length;
    const registerWh = h16.rig.evse(1).meter.state.energyImportWh;
    const atEnergykWh = Math.round(registerWh + 5) / 1000; // ~5 Wh ahead: under a second at 22 kW
    const running = await csms.call('DataTransfer', {
      vendorId: COSTMSG,
      messageId: 'RunningCost',
      data: JSON.stringify({
        transactionId,
        timestamp: new Date().toISOString(),
        meterValue: Math.round(registerWh),
        cost: 0.1,
        state: 'Charging',
        chargingPrice: { kWhPrice: 0.5, hourPrice: 0, flatFee: 0 },
        triggerMeterValue: { atEnergykWh, atPowerkW: 11, atCPStatus: ['SuspendedEV'] },
      }),
    });
    expect(running.status, running.data).toBe('Accepted');
    const mark = csms.mark();
    const triggered = () => csms.all('MeterValues', mark).filter((m) => m.meterValue[0]?.sampledValue[0]?.context === 'Other');
    // energy, then the pause: the status turns SuspendedEV and power crosses 11 kW downwards, then back up when it resumes
    await until(() => triggered().length >= 4, 10_000, 'four triggered meter values');
    for (const m of triggered()) {
      expect(m.transactionId).toBe(transactionId);
      expect(m.connectorId).toBe(1);
      expect(m.meterValue[0]!.sampledValue.filter((v) => v.phase === undefined).map((v) => v.measurand)).toEqual(['Energy.Active.Import.Register', 'Power.Active.Import']);
    }
    const registers = triggered().map((m) => Number(m.meterValue[0]!.sampledValue[0]!.value));
    expect(registers[0]!).toBeGreaterThanOrEqual(atEnergykWh * 1000);
    const powers = triggered().map((m) => Number(m.meterValue[0]!.sampledValue[1]!.value));
    expect(powers.some((p) => p === 0)).toBe(true); // sent during the pause
    expect(powers[powers.length - 1]!).toBeGreaterThan(11_000); // and when it crossed back up
    // each trigger once: the energy register, SuspendedEV, power down, power up — and nothing more (the energy one does not repeat)
    await new Promise((r) => setTimeout(r, 1_500));
    expect(triggered()).toHaveLength(4);
  }, 30_000);
});

describe('California pricing triggerMeterValue over OCPP 2.0.1', () => {
  it('CostUpdated customData atTime: one MeterValuesRequest (context Other) at that time; a trigger time in the past is ignored', async () => {
    h = await startHarness({ versions: ['ocpp2.0.1'], ocppDefaults: { 'SampledDataCtrlr.TxUpdatedInterval': 0 } });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    h.rig.evse(1).ev.plug();
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 5, method: 'upi' });
    await until(() => h!.rig.evse(1).contactor.closed, 8_000, 'charging');
    const transactionId = (await startedEvent(h)).transactionInfo.transactionId;
    const meterValues = () =>
      h!.csms
        .connectedStation(STATION_ID)
        .log.filter((r) => r.direction === 'in' && r.kind === 'CALL' && r.action === 'MeterValues')
        .map((r) => r.payload as unknown as MeterValuesRequest);
    await h.csms.call(STATION_ID, 'CostUpdated', { totalCost: 0.2, transactionId, customData: { vendorId: COSTMSG, triggerMeterValue: { atTime: new Date(Date.now() - 5_000).toISOString() } } });
    const atMs = Date.now() + 1_500;
    await h.csms.call(STATION_ID, 'CostUpdated', { totalCost: 0.3, transactionId, customData: { vendorId: COSTMSG, triggerMeterValue: { atTime: new Date(atMs).toISOString() } } });
    await until(() => meterValues().length >= 1, 5_000, 'the triggered MeterValues');
    await new Promise((r) => setTimeout(r, 1_000));
    const mvs = meterValues();
    expect(mvs).toHaveLength(1);
    expect(mvs[0]!.evseId).toBe(1);
    expect(mvs[0]!.meterValue[0]!.sampledValue[0]).toMatchObject({ context: 'Other' });
    expect(Date.parse(mvs[0]!.meterValue[0]!.timestamp)).toBeGreaterThanOrEqual(atMs - 1_000);
  }, 30_000);
});
