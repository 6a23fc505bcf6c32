// EvseController from fakes: faults, availability, power-loss recovery, and the samples it takes (trigger, clock-aligned, periodic, Ended, running cost).

import { describe, expect, it, vi } from 'vitest';
import { MAX_ENDED_SAMPLES } from '../../agent/core/evse/evse-controller.js';
import { txLimitFactory } from '../../agent/core/limits/tx-limit-factory.js';
import type { TxState } from '../../agent/core/transactions/tx-state.js';
import type { TxLimits } from '../../agent/core/transactions/tx-types.js';
import { evseUnderTest, silentLogger, type EvseUnderTest } from './fakes/evse-under-test.js';
import type { FakeMeter } from './fakes/fake-meter.js';
import { charging, ended, evseFixture, TIMERS, TOKEN } from './fakes/evse-scenarios.js';
import { FakeCosts } from './fakes/fake-costs.js';
import { MemoryJournal } from './fakes/memory-journal.js';

const setup = evseFixture();

describe('EvseController: faults and availability', () => {
  it('fault → AbnormalCondition: the transaction ends (stoppedReason Other, the fault as detail), Faulted, authorization refused until cleared', async () => {
    const t = await setup();
    await charging(t);
    t.safety.raise({ source: 'meter', kind: 'timeout', message: 'no answer' });
    await t.settled();
    expect(ended(t)).toMatchObject({ triggerReason: 'AbnormalCondition', stoppedReason: 'Other', detail: 'meter timeout: no answer' });
    expect(t.evse.status()).toBe('Faulted');
    expect(t.statuses.at(-1)).toBe('Faulted');
    expect(await t.evse.localStart(TOKEN)).toEqual({ accepted: false, reason: 'EVSE is Faulted' });
    t.safety.clear();
    await t.settled();
    // still plugged: a new transaction starts on the cable (TxStartPoint EVConnected)
    expect(t.statuses.at(-1)).toBe('Occupied');
    expect(t.journal.events.filter((e) => e.eventType === 'Started')).toHaveLength(2);
  });

  it('G03.FR.05 Inoperative during a transaction is Scheduled: the transaction goes on, Unavailable once it has ended', async () => {
    const t = await setup();
    const id = await charging(t);
    expect(await t.evse.setOperative(false)).toBe('Scheduled');
    expect(t.evse.isOperative()).toBe(true);
    expect(t.evse.status()).toBe('Occupied');
    expect(t.safety.ops()).toEqual(['close']);
    await t.evse.remoteStop(id);
    expect(t.evse.isOperative()).toBe(false);
    expect(t.statuses.at(-1)).toBe('Unavailable');
  });

  it('G03 Inoperative while idle is Accepted: Unavailable, no transaction on the cable, starts refused; Operative restores', async () => {
    const t = await setup();
    expect(await t.evse.setOperative(false)).toBe('Accepted');
    expect(t.statuses.at(-1)).toBe('Unavailable');
    t.vehicle.set('ready');
    await t.settled();
    expect(t.journal.events).toEqual([]);
    expect(await t.evse.remoteStart(TOKEN, 1)).toEqual({ accepted: false, reason: 'EVSE is Inoperative' });
    expect(await t.evse.setOperative(true)).toBe('Accepted');
    expect(t.journal.trace()).toEqual(['Started/CablePluggedIn']);
    expect(t.statuses.at(-1)).toBe('Occupied');
  });
});

describe('EvseController: power loss recovery', () => {
  async function interrupted(onPowerLoss: 'end' | 'resume') {
    const journal = new MemoryJournal();
    const before = await evseUnderTest({ journal });
    const id = await charging(before);
    before.meter.set({ energyImportWh: 1300 });
    before.evse.applyAck(id, { limits: { maxEnergy: 800 } }); // its LimitSet event stores the state (1300 Wh)
    await before.settled();
    before.evse.stop(); // the power goes
    const open = journal.openTransactions();
    expect(open.map((s) => s.transactionId)).toEqual([id]);
    const after = await setup({ journal, vehicle: 'ready', start: false, settings: { onPowerLoss } });
    return { id, open: open[0], after };
  }

  it('power loss, onPowerLoss end: Ended AbnormalCondition / PowerLoss with a fresh end register, nothing open afterwards', async () => {
    const { id, open, after } = await interrupted('end');
    after.meter.set({ energyImportWh: 1350 });
    await after.evse.recover(open);
    expect(ended(after)).toMatchObject({ transactionId: id, triggerReason: 'AbnormalCondition', stoppedReason: 'PowerLoss' });
    expect(ended(after).meterValue?.at(-1)?.sampledValue[0]?.value).toBe(1350);
    expect(after.journal.openTransactions()).toEqual([]);
    after.evse.start();
    await after.settled();
    expect(after.safety.commands.filter((c) => c.reason.includes(id))).toEqual([]);
  });

  it('power loss, onPowerLoss end with the meter unreadable: the Ended event gives the last stored register', async () => {
    const { open, after } = await interrupted('end');
    after.meter.fail();
    await after.evse.recover(open);
    expect(ended(after).meterValue?.at(-1)?.sampledValue[0]).toMatchObject({ value: 1300, context: 'Transaction.End' });
  });

  it('power loss, onPowerLoss end: the Ended event reports chargingState EVConnected while the EV is plugged', async () => {
    const { open, after } = await interrupted('end');
    await after.evse.recover(open);
    expect(ended(after).chargingState).toBe('EVConnected');
  });

  it('power loss, onPowerLoss resume: Updated TxResumed, the stored limit re-armed, no Ended; the limit still ends it', async () => {
    const { id, open, after } = await interrupted('resume');
    await after.evse.recover(open);
    expect(after.journal.events.find((e) => e.transactionId === id && e.triggerReason === 'TxResumed')).toBeDefined();
    expect(after.limits.created).toBe(1);
    expect(after.limits.current).toEqual({ maxEnergy: 800 });
    after.evse.start();
    await after.settled();
    expect(after.evse.transaction()?.transactionId).toBe(id);
    after.limits.reach('energy');
    await after.settled();
    expect(ended(after)).toMatchObject({ transactionId: id, triggerReason: 'EnergyLimitReached' });
  });

});

describe('EvseController: a resumed transaction checks its limits before the contactor may close (issue 14)', () => {
  const realLimits = (costs?: FakeCosts) => (meter: FakeMeter, now: () => number) => txLimitFactory({ meter, now, logger: silentLogger, ...(costs ? { costs } : {}) });

  /** Charging from 1000 Wh with `limits` set, power lost at 1300 Wh; restarted (not yet recovered) with the real LimitEnforcer. */
  async function interrupted(limits: TxLimits, costs?: FakeCosts) {
    const journal = new MemoryJournal();
    const before = await evseUnderTest({ journal, ...(costs ? { costs } : {}) });
    const id = await charging(before);
    before.meter.set({ energyImportWh: 1300 });
    before.evse.applyAck(id, { limits });
    await before.settled();
    before.evse.stop();
    const open = journal.openTransactions()[0]!;
    const after = await setup({ journal, vehicle: 'ready', start: false, settings: { onPowerLoss: 'resume' }, limits: realLimits(costs), ...(costs ? { costs } : {}) });
    after.clock.ms = before.clock.ms + 60_000;
    return { id, open, after };
  }

  async function restart(t: EvseUnderTest, open: TxState): Promise<void> {
    await t.evse.recover(open);
    t.evse.start();
    await t.settled();
  }

  const usedUp: Array<[string, TxLimits, string, FakeCosts?]> = [
    ['maxEnergy', { maxEnergy: 500 }, 'EnergyLimitReached'],
    ['maxCost (budget under the tariff)', { maxCost: 0.15 }, 'CostLimitReached', Object.assign(new FakeCosts(0.3), { budgets: true })],
    ['maxTime', { maxTime: 30 }, 'TimeLimitReached'],
  ];
  for (const [name, limits, trigger, costs] of usedUp) {
    it(`E16 ${name} used up while the agent was down: LimitReached at once, the contactor never closes again`, async () => {
      const { id, open, after } = await interrupted(limits, costs);
      after.meter.set({ energyImportWh: 1510, powerW: 0 }); // the coil stayed closed: 510 Wh delivered
      await restart(after, open);
      expect(ended(after)).toMatchObject({ transactionId: id, triggerReason: trigger });
      expect(after.safety.commands.filter((c) => c.op === 'close')).toEqual([]);
    });
  }

  it('E16 maxEnergy with a little left: the enforcer counts from the fresh register and predicts the crossing from its power', async () => {
    vi.useFakeTimers(TIMERS);
    const { id, open, after } = await interrupted({ maxEnergy: 500 });
    after.meter.set({ energyImportWh: 1495, powerW: 11_000 }); // 5 Wh left: 1.64 s at 11 kW
    await restart(after, open);
    expect(after.safety.ops()).toEqual(['close']);
    vi.advanceTimersByTime(1500);
    await after.settled();
    expect(after.evse.transaction()?.transactionId).toBe(id);
    vi.advanceTimersByTime(200);
    await after.settled();
    expect(ended(after)).toMatchObject({ transactionId: id, triggerReason: 'EnergyLimitReached' });
  });
});

describe('EvseController: samples', () => {
  it('F06 TriggerMessage TransactionEvent: Updated Trigger with the latest meter value; false without a transaction', async () => {
    const t = await setup();
    expect(await t.evse.triggerTransactionEvent()).toBe(false);
    await charging(t);
    t.meter.set({ energyImportWh: 1234 });
    expect(await t.evse.triggerTransactionEvent()).toBe(true);
    expect(t.journal.last()).toMatchObject({ eventType: 'Updated', triggerReason: 'Trigger' });
    expect(t.journal.last()?.meterValue?.[0]?.sampledValue[0]).toMatchObject({ value: 1234, context: 'Trigger' });
  });

  it('J01 clock-aligned while idle: the sample is returned stamped with the boundary; none from a stale meter', async () => {
    const t = await setup();
    const boundary = Date.UTC(2026, 0, 1, 12, 15, 0);
    const s = await t.evse.clockAligned(boundary, { send: true, txEnded: false });
    expect(s?.timestamp).toBe(new Date(boundary).toISOString());
    expect(s?.sampledValue[0]).toMatchObject({ measurand: 'Energy.Active.Import.Register', value: 1000, context: 'Sample.Clock' });
    t.meter.goStale();
    expect(await t.evse.clockAligned(boundary, { send: true, txEnded: false })).toBeUndefined();
  });

  it('J01 clock-aligned in a transaction: Updated MeterValueClock, and TxEndedInterval samples in the Ended event', async () => {
    const t = await setup();
    const id = await charging(t);
    const b1 = Date.UTC(2026, 0, 1, 12, 15, 0);
    expect(await t.evse.clockAligned(b1, { send: true, txEnded: true })).toBeUndefined();
    expect(t.journal.last()).toMatchObject({ triggerReason: 'MeterValueClock' });
    expect(t.journal.last()?.meterValue?.[0]?.timestamp).toBe(new Date(b1).toISOString());
    await t.evse.remoteStop(id);
    const values = ended(t).meterValue ?? [];
    expect(values.map((v) => v.sampledValue[0]?.context)).toEqual(['Sample.Clock', 'Transaction.End']);
  });

  it('J01 AlignedDataCtrlr.SendDuringIdle: no MeterValueClock event in a transaction', async () => {
    const t = await setup({ settings: { alignedSendDuringIdle: true } });
    await charging(t);
    const before = t.journal.events.length;
    await t.evse.clockAligned(Date.UTC(2026, 0, 1, 12, 15, 0), { send: true, txEnded: false });
    expect(t.journal.events.length).toBe(before);
  });

  it('J02 TxUpdatedInterval: an Updated MeterValuePeriodic per interval while the transaction runs, none after it', async () => {
    vi.useFakeTimers(TIMERS);
    const t = await setup({ settings: { updatedIntervalS: 10 } });
    const id = await charging(t);
    await vi.advanceTimersByTimeAsync(25_000);
    await t.evse.idle();
    expect(t.journal.events.filter((e) => e.triggerReason === 'MeterValuePeriodic')).toHaveLength(2);
    await t.evse.remoteStop(id);
    await vi.advanceTimersByTimeAsync(30_000);
    await t.evse.idle();
    expect(t.journal.events.filter((e) => e.triggerReason === 'MeterValuePeriodic')).toHaveLength(2);
  });

  it('J02 SampledDataCtrlr.TxEndedInterval: samples kept from the start, stored with the state, in the Ended event before Transaction.End', async () => {
    vi.useFakeTimers(TIMERS);
    const t = await setup({ settings: { endedIntervalS: 10 } });
    const id = await charging(t);
    t.meter.set({ energyImportWh: 1100 });
    await vi.advanceTimersByTimeAsync(10_000);
    t.meter.set({ energyImportWh: 1200 });
    await vi.advanceTimersByTimeAsync(10_000);
    await t.evse.idle();
    // a power cut now would not lose them: they are in the stored state
    expect(t.journal.openTransactions()[0]?.endedSamples?.map((s) => s.sampledValue[0]?.value)).toEqual([1100, 1200]);
    await t.evse.remoteStop(id);
    const values = ended(t).meterValue ?? [];
    expect(values.map((v) => [v.sampledValue[0]?.context, v.sampledValue[0]?.value])).toEqual([
      ['Sample.Periodic', 1100],
      ['Sample.Periodic', 1200],
      ['Transaction.End', 1200],
    ]);
  });

  it('E06.FR.12 the Ended event keeps at most MAX_ENDED_SAMPLES interval samples (the first ones) and its end value', async () => {
    vi.useFakeTimers(TIMERS);
    const t = await setup({ settings: { endedIntervalS: 1 } });
    const id = await charging(t);
    await vi.advanceTimersByTimeAsync((MAX_ENDED_SAMPLES + 20) * 1000);
    await t.evse.idle();
    await t.evse.remoteStop(id);
    const values = ended(t).meterValue ?? [];
    expect(values).toHaveLength(MAX_ENDED_SAMPLES + 1);
    expect(values.at(-1)?.sampledValue[0]?.context).toBe('Transaction.End');
  });

  it('I02 TariffCostCtrlr.Interval: Updated RunningCost with costDetails while energy may flow, costDetails in the Ended event', async () => {
    vi.useFakeTimers(TIMERS);
    const costs = new FakeCosts(0.5);
    const t = await setup({ costs, settings: { runningCostIntervalS: 60 } });
    const id = await charging(t);
    t.meter.set({ energyImportWh: 3000 });
    await vi.advanceTimersByTimeAsync(60_000);
    await t.evse.idle();
    expect(t.journal.last()).toMatchObject({ triggerReason: 'RunningCost', costDetails: { totalCost: { total: { inclTax: 1 } } } });
    t.vehicle.set('connected'); // the EV pauses: contactor open, no running cost
    await t.settled();
    const before = t.journal.events.length;
    await vi.advanceTimersByTimeAsync(60_000);
    await t.evse.idle();
    expect(t.journal.events.slice(before).map((e) => e.triggerReason)).toEqual([]);
    await t.evse.remoteStop(id);
    expect(ended(t).costDetails?.totalCost.total.inclTax).toBe(1);
    // I08: a token that authorizes a transaction already started at plug-in is told to the cost engine (its own tariff)
    expect(costs.calls).toEqual([`start ${id}`, `authorized ${id} CARD-1`, `end ${id}`]);
  });

  it('E04.FR.03 events produced while the CSMS is unreachable are flagged offline', async () => {
    const t = await setup({ settings: { online: false } });
    t.vehicle.set('connected');
    await t.settled();
    expect(t.journal.events[0]?.offline).toBe(true);
  });
});
