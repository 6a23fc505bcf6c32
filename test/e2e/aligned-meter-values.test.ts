// J01 clock-aligned meter values end to end: MeterValues while idle, MeterValueClock in a transaction, samples in the Ended event; 2.1 and 1.6.

import { afterEach, describe, expect, it } from 'vitest';
import type { MeterValuesRequest, MeterValueType } from '../../agent/core/types/v21.js';
import { startHarness16, type Harness16 } from '../helpers/csms16.js';
import { startedEvent, startHarness, STATION_ID, transactionEvents, until, type Harness, type HarnessOptions } from '../helpers/station-harness.js';

let h: Harness | undefined;
let h16: Harness16 | undefined;
afterEach(async () => {
  await h?.close();
  await h16?.close();
  h = undefined;
  h16 = undefined;
});

async function booted(o: HarnessOptions): Promise<Harness> {
  const harness = await startHarness(o);
  await harness.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
  await harness.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 10_000);
  return harness;
}

function meterValues(harness: Harness): MeterValuesRequest[] {
  return harness.csms
    .connectedStation(STATION_ID)
    .log.filter((r) => r.direction === 'in' && r.kind === 'CALL' && r.action === 'MeterValues')
    .map((r) => r.payload as unknown as MeterValuesRequest);
}

/** Timestamps on whole multiples of `intervalS` from midnight, strictly increasing by multiples of it. */
function expectAligned(timestamps: string[], intervalS: number): void {
  const ms = timestamps.map((t) => Date.parse(t));
  for (const t of ms) expect(t % (intervalS * 1000)).toBe(0);
  for (let i = 1; i < ms.length; i++) {
    const gap = ms[i]! - ms[i - 1]!;
    expect(gap).toBeGreaterThan(0);
    expect(gap % (intervalS * 1000)).toBe(0);
  }
}

const contexts = (mv: MeterValueType) => new Set(mv.sampledValue.map((v) => v.context));

describe('clock-aligned meter values (OCPP 2.1)', () => {
  it('TC_J_01_CS idle: MeterValues per EVSE on each AlignedDataCtrlr.Interval boundary, context Sample.Clock, the configured measurands', async () => {
    h = await booted({ ocppDefaults: { 'AlignedDataCtrlr.Interval': 1, 'AlignedDataCtrlr.Measurands': 'Energy.Active.Import.Register,Voltage' } });
    await until(() => meterValues(h!).length >= 3, 10_000, 'three MeterValues');
    const mvs = meterValues(h).slice(0, 3);
    for (const m of mvs) {
      expect(m.evseId).toBe(1);
      expect(m.meterValue).toHaveLength(1);
      expect(contexts(m.meterValue[0]!)).toEqual(new Set(['Sample.Clock']));
      const measurands = m.meterValue[0]!.sampledValue.map((v) => `${v.measurand}${v.phase ? `/${v.phase}` : ''}`);
      expect(measurands).toEqual(['Energy.Active.Import.Register', 'Voltage/L1-N', 'Voltage/L2-N', 'Voltage/L3-N']);
      expect(m.meterValue[0]!.sampledValue[0]!.value).toBeGreaterThan(1_000_000); // the rig's register, never a 0
    }
    expectAligned(mvs.map((m) => m.meterValue[0]!.timestamp), 1);
  });

  it('TC_J_02_CS transaction ongoing: TransactionEvent Updated MeterValueClock (Sample.Clock) on the boundaries instead of MeterValues for that EVSE', async () => {
    h = await booted({ ocppDefaults: { 'AlignedDataCtrlr.Interval': 1, 'SampledDataCtrlr.TxUpdatedInterval': 0 } });
    h.rig.evse(1).ev.plug();
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 5, method: 'upi' });
    await until(() => transactionEvents(h!).filter((e) => e.triggerReason === 'MeterValueClock').length >= 3, 10_000, 'three MeterValueClock events');
    const clock = transactionEvents(h).filter((e) => e.triggerReason === 'MeterValueClock');
    for (const e of clock) {
      expect(e.eventType).toBe('Updated');
      expect(contexts(e.meterValue![0]!)).toEqual(new Set(['Sample.Clock']));
      expect(e.meterValue![0]!.sampledValue[0]).toMatchObject({ measurand: 'Energy.Active.Import.Register' });
    }
    expectAligned(clock.map((e) => e.meterValue![0]!.timestamp), 1);
    // energy grows between the clock samples: they are live readings, not a frozen value
    const registers = clock.map((e) => Number(e.meterValue![0]!.sampledValue[0]!.value));
    expect(registers[registers.length - 1]!).toBeGreaterThan(registers[0]!);
    // no MeterValues for the EVSE stamped after the transaction started
    const started = Date.parse(transactionEvents(h).find((e) => e.eventType === 'Started')!.timestamp);
    expect(meterValues(h).filter((m) => Date.parse(m.meterValue[0]!.timestamp) > started + 1000)).toEqual([]);
  });

  it('TC_J_06_CS SendDuringIdle: values while idle, none during the transaction', async () => {
    h = await booted({ ocppDefaults: { 'AlignedDataCtrlr.Interval': 1, 'AlignedDataCtrlr.SendDuringIdle': true, 'SampledDataCtrlr.TxUpdatedInterval': 0 } });
    await until(() => meterValues(h!).length >= 1, 5_000, 'MeterValues while idle');
    h.rig.evse(1).ev.plug();
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 5, method: 'upi' });
    await until(() => h!.rig.evse(1).contactor.closed, 8_000, 'charging');
    const before = meterValues(h).length;
    await new Promise((r) => setTimeout(r, 3_200));
    expect(transactionEvents(h).filter((e) => e.triggerReason === 'MeterValueClock')).toEqual([]);
    expect(meterValues(h).length - before).toBeLessThanOrEqual(1); // at most one already on its way when the transaction started
  });

  it('TC_J_03_CS / TC_J_09_CS the Ended event carries the clock-aligned (TxEndedInterval) and sampled (TxEndedInterval) values, in time order, then Transaction.End', async () => {
    h = await booted({
      ocppDefaults: {
        'AlignedDataCtrlr.TxEndedInterval': 1,
        'AlignedDataCtrlr.TxEndedMeasurands': 'Energy.Active.Import.Register,Power.Active.Import',
        'SampledDataCtrlr.TxEndedInterval': 1,
        'SampledDataCtrlr.TxUpdatedInterval': 0,
      },
    });
    h.rig.evse(1).ev.plug();
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 0.1, method: 'mpesa' }); // ~333 Wh at 0.3/kWh: several seconds at 22 kW
    await until(() => h!.rig.evse(1).contactor.closed, 8_000, 'charging');
    await new Promise((r) => setTimeout(r, 3_500));
    const txId = (await startedEvent(h)).transactionInfo.transactionId;
    await h.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: txId });
    await until(() => transactionEvents(h!).some((e) => e.eventType === 'Ended'), 8_000, 'Ended');
    const ended = transactionEvents(h).find((e) => e.eventType === 'Ended')!;
    const mv = ended.meterValue!;
    const clock = mv.filter((m) => contexts(m).has('Sample.Clock'));
    const periodic = mv.filter((m) => contexts(m).has('Sample.Periodic'));
    expect(clock.length).toBeGreaterThanOrEqual(3);
    expect(periodic.length).toBeGreaterThanOrEqual(3);
    expectAligned(clock.map((m) => m.timestamp), 1);
    for (const m of clock) {
      expect(m.sampledValue.filter((v) => v.phase === undefined).map((v) => v.measurand)).toEqual(['Energy.Active.Import.Register', 'Power.Active.Import']);
    }
    expect(contexts(mv[mv.length - 1]!)).toEqual(new Set(['Transaction.End']));
    const times = mv.map((m) => Date.parse(m.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // the display's session summary uses the Transaction.End register, not the first sample kept before it
    const begin = Number(transactionEvents(h).find((e) => e.eventType === 'Started')!.meterValue![0]!.sampledValue[0]!.value);
    const end = Number(mv[mv.length - 1]!.sampledValue.find((v) => v.measurand === 'Energy.Active.Import.Register')!.value);
    await until(() => h!.agent.display.display.current()[0]?.phase === 'finished', 5_000, 'the session summary');
    expect(h.agent.display.display.current()[0]!.summary!.energyWh).toBeCloseTo(end - begin, 0);
    // no clock values were sent separately: AlignedDataCtrlr.Interval is 0
    expect(meterValues(h)).toEqual([]);
    expect(transactionEvents(h).filter((e) => e.triggerReason === 'MeterValueClock')).toEqual([]);
  });
});

describe('clock-aligned meter values (OCPP 1.6)', () => {
  it('ClockAlignedDataInterval: MeterValues Sample.Clock while idle and with the transactionId while charging; StopTxnAlignedData in StopTransaction.transactionData', async () => {
    h16 = await startHarness16({ ocppDefaults: { 'SampledDataCtrlr.TxUpdatedInterval': 0 } });
    const csms = h16.csms;
    await csms.waitFor('BootNotification');
    await csms.waitForStatus(1, 'Available');
    expect((await csms.call('ChangeConfiguration', { key: 'ClockAlignedDataInterval', value: '1' })).status).toBe('Accepted');
    expect((await csms.call('ChangeConfiguration', { key: 'StopTxnAlignedData', value: 'Energy.Active.Import.Register' })).status).toBe('Accepted');
    const idle = await csms.waitFor('MeterValues', (m) => m.transactionId === undefined, 5_000);
    expect(idle.connectorId).toBe(1);
    expect(idle.meterValue[0]?.sampledValue[0]).toMatchObject({ context: 'Sample.Clock', measurand: 'Energy.Active.Import.Register', unit: 'Wh' });
    expect(Date.parse(idle.meterValue[0]!.timestamp) % 1000).toBe(0);

    const from = csms.mark();
    h16.rig.evse(1).ev.plug();
    await csms.waitForStatus(1, 'Preparing', 10_000, from);
    expect((await csms.call('RemoteStartTransaction', { connectorId: 1, idTag: 'TAG-0001' })).status).toBe('Accepted');
    await csms.waitFor('StartTransaction', () => true, 10_000, from);
    const transactionId = 1000 + csms.all('StartTransaction').length;
    const inTx = await csms.waitFor('MeterValues', (m) => m.transactionId === transactionId, 5_000, from);
    expect(inTx.meterValue[0]?.sampledValue[0]).toMatchObject({ context: 'Sample.Clock' });
    await new Promise((r) => setTimeout(r, 1_500));
    const stopFrom = csms.mark();
    expect((await csms.call('RemoteStopTransaction', { transactionId })).status).toBe('Accepted');
    const stop = await csms.waitFor('StopTransaction', () => true, 10_000, stopFrom);
    const data = stop.transactionData ?? [];
    expect(data.filter((m) => m.sampledValue[0]?.context === 'Sample.Clock').length).toBeGreaterThanOrEqual(1);
    expect(data[data.length - 1]?.sampledValue[0]).toMatchObject({ context: 'Transaction.End' });
  });
});
