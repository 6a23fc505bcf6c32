// LimitEnforcer: predicted energy crossing, re-prediction, pauses, mid-session limit changes, maxTime, once-only, and a real rig.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModbusCoilContactor } from '../../hal/contactor/modbus-coil-contactor.js';
import { PolledMeter } from '../../hal/meter/polled-meter.js';
import { loadMeterMap } from '../../hal/meter/register-map.js';
import { RegisterMapMeterSource } from '../../hal/meter/register-map-meter.js';
import { LimitEnforcer, type LimitEnforcerOptions, type ReachedDetail } from '../../agent/core/limits/limit-enforcer.js';
import { LIMIT_STOP, limitsInUnits, type LimitKind } from '../../agent/core/limits/transaction-limits.js';
import { startRig, waitFor, type RigUnderTest } from '../helpers/rig.js';
import { FakeMeter } from './fakes/fake-meter.js';

const E0 = 1_234_567;

/** A Meter fed by hand: the test decides every reading and fault. */
const handFedMeter = (): FakeMeter => new FakeMeter(0, () => Date.now());

/** 36 kW delivers exactly 10 Wh per second, which keeps the arithmetic readable. */
const P36 = 36_000;

describe('LimitEnforcer (hand-fed meter, fake clock)', () => {
  let meter: FakeMeter;
  let fired: { kind: LimitKind; detail: ReachedDetail; at: number }[];
  let t0: number;
  let enforcer: LimitEnforcer | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    meter = handFedMeter();
    fired = [];
    t0 = Date.now();
  });
  afterEach(() => {
    enforcer?.stop();
    enforcer = undefined;
    vi.useRealTimers();
  });

  const start = (o: Partial<LimitEnforcerOptions>) => {
    enforcer = new LimitEnforcer({
      meter,
      startEnergyWh: E0,
      startedAt: t0,
      limits: {},
      onReached: (kind, detail) => fired.push({ kind, detail, at: Date.now() }),
      ...o,
    });
    return enforcer;
  };
  /** Moves the fake clock to t0 + ms, running the timers due on the way. */
  const at = (ms: number) => vi.advanceTimersByTime(t0 + ms - Date.now());

  it('fires at the crossing predicted from live power, not at the next reading', () => {
    start({ limits: { maxEnergyWh: 100 } });
    meter.feed(E0, P36);
    expect(enforcer!.predictedAt).toBe(t0 + 10_000);
    at(9_999);
    expect(fired).toHaveLength(0);
    at(10_000);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.kind).toBe('energy');
    expect(fired[0]!.at).toBe(t0 + 10_000);
    expect(fired[0]!.detail.deliveredWh).toBeCloseTo(100, 6);
    expect(fired[0]!.detail.elapsedMs).toBe(10_000);
  });

  it('subtracts openLatencyMs so the contacts, not the command, are open at the limit', () => {
    start({ limits: { maxEnergyWh: 100 }, openLatencyMs: 40 });
    meter.feed(E0, P36);
    at(9_959);
    expect(fired).toHaveLength(0);
    at(9_960);
    expect(fired).toHaveLength(1);
  });

  it('re-predicts on every reading with the latest power (taper moves the crossing later)', () => {
    start({ limits: { maxEnergyWh: 100 } });
    meter.feed(E0, P36);
    at(2_000);
    meter.feed(E0 + 20, P36 / 2); // 5 Wh/s from here: 80 Wh left → 16 s
    expect(enforcer!.predictedAt).toBe(t0 + 18_000);
    at(10_000);
    expect(fired).toHaveLength(0);
    at(17_999);
    expect(fired).toHaveLength(0);
    at(18_000);
    expect(fired.map((f) => f.at)).toEqual([t0 + 18_000]);
  });

  it('a pause (0 W) sets no timer; power resuming predicts again', () => {
    start({ limits: { maxEnergyWh: 100 } });
    meter.feed(E0, P36);
    at(3_000);
    meter.feed(E0 + 30, 0);
    expect(enforcer!.predictedAt).toBeUndefined();
    at(60_000);
    expect(fired).toHaveLength(0);
    meter.feed(E0 + 30, P36);
    at(66_999);
    expect(fired).toHaveLength(0);
    at(67_000);
    expect(fired).toHaveLength(1);
  });

  it('a reading at or past the limit fires at once', () => {
    start({ limits: { maxEnergyWh: 100 } });
    meter.feed(E0, 0);
    at(1_000);
    meter.feed(E0 + 100.5, 0);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.detail.deliveredWh).toBeCloseTo(100.5, 6);
  });

  it('a limit raised mid-session (incremental pre-authorisation) moves the crossing later', () => {
    start({ limits: { maxEnergyWh: 50 } });
    meter.feed(E0, P36);
    at(4_000);
    meter.feed(E0 + 40, P36);
    enforcer!.update({ maxEnergyWh: 100 });
    at(5_000);
    expect(fired).toHaveLength(0);
    at(9_999);
    expect(fired).toHaveLength(0);
    at(10_000);
    expect(fired.map((f) => f.kind)).toEqual(['energy']);
  });

  it('a limit lowered below the energy already delivered fires at once', () => {
    start({ limits: { maxEnergyWh: 100 } });
    meter.feed(E0, P36);
    at(3_000);
    meter.feed(E0 + 30, P36);
    enforcer!.update({ maxEnergyWh: 20 });
    expect(fired).toHaveLength(1);
    expect(fired[0]!.at).toBe(t0 + 3_000);
    expect(fired[0]!.detail.deliveredWh).toBeCloseTo(30, 6);
  });

  it('maxTime fires at startedAt + maxTime, independent of readings', () => {
    t0 = Date.now() - 500; // the transaction started before the enforcer was built
    start({ limits: { maxTimeS: 3 } });
    at(2_999);
    expect(fired).toHaveLength(0);
    at(3_000);
    expect(fired.map((f) => [f.kind, f.at])).toEqual([['time', t0 + 3_000]]);
  });

  it('maxTime honours openLatencyMs; a maxTime lowered into the past fires at once', () => {
    start({ limits: { maxTimeS: 10 }, openLatencyMs: 25 });
    at(4_000);
    enforcer!.update({ maxTimeS: 20 });
    at(19_974);
    expect(fired).toHaveLength(0);
    at(19_975);
    expect(fired.map((f) => f.kind)).toEqual(['time']);

    fired = [];
    t0 = Date.now();
    start({ limits: { maxTimeS: 10 } });
    at(5_000);
    enforcer!.update({ maxTimeS: 4 });
    expect(fired.map((f) => [f.kind, f.at])).toEqual([['time', t0 + 5_000]]);
  });

  it('fires exactly once and lets go of the meter', () => {
    start({ limits: { maxEnergyWh: 100, maxTimeS: 10 } }); // both fall due at t0 + 10 s
    meter.feed(E0, P36);
    at(10_000);
    meter.feed(E0 + 120, P36);
    enforcer!.update({ maxEnergyWh: 1 });
    at(30_000);
    expect(fired).toHaveLength(1);
    expect(enforcer!.reached).toBe(fired[0]!.kind);
    expect(meter.listenerCount('reading')).toBe(0);
    expect(meter.listenerCount('fault')).toBe(0);
  });

  it('stop() clears the timers and unsubscribes: nothing fires afterwards', () => {
    start({ limits: { maxEnergyWh: 100, maxTimeS: 5 } });
    meter.feed(E0, P36);
    expect(vi.getTimerCount()).toBe(2);
    enforcer!.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(meter.listenerCount('reading')).toBe(0);
    meter.feed(E0 + 200, P36);
    at(60_000);
    expect(fired).toHaveLength(0);
    expect(enforcer!.reached).toBeUndefined();
  });

  it('a meter fault re-predicts at worst-case power: early, never late', () => {
    start({ limits: { maxEnergyWh: 100 }, worstCasePowerW: P36 });
    meter.feed(E0, P36 / 2);
    at(2_000);
    meter.feed(E0 + 10, 0); // paused: no timer
    expect(enforcer!.predictedAt).toBeUndefined();
    at(3_000);
    meter.raiseFault(); // from the last good reading (t0+2 s, 10 Wh) at 36 kW: 90 Wh → 9 s
    expect(enforcer!.predictedAt).toBe(t0 + 11_000);
    at(10_999);
    expect(fired).toHaveLength(0);
    at(11_000);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.detail.deliveredWh).toBeCloseTo(100, 6);
  });

  it('a re-baselined energy register (discontinuity) continues the count from the new value', () => {
    start({ limits: { maxEnergyWh: 100 } });
    meter.feed(E0, P36);
    at(2_000);
    meter.feed(E0 + 20, P36);
    at(3_000);
    meter.feed(5_000_000, P36, { discontinuity: true }); // 20 Wh + 1 s at 36 kW = 30 Wh counted
    expect(enforcer!.deliveredWh).toBeCloseTo(30, 6);
    at(4_000);
    meter.feed(5_000_010, P36);
    expect(enforcer!.deliveredWh).toBeCloseTo(40, 6);
    at(10_000);
    expect(fired).toHaveLength(1);
  });

  it('further energy budgets (the cost seam) are predicted alongside maxEnergy; the earliest wins', () => {
    const costAsWh = { kind: 'energy' as const, remainingWh: (s: { deliveredWh: number }) => 60 - s.deliveredWh };
    start({ limits: { maxEnergyWh: 100 }, budgets: [costAsWh] });
    meter.feed(E0, P36);
    expect(enforcer!.predictedAt).toBe(t0 + 6_000);
  });

  it('rejects an invalid limit with a clear error and keeps the limits in force', () => {
    expect(() => start({ limits: { maxEnergyWh: Number.NaN } })).toThrow(/maxEnergyWh must be a finite number >= 0/);
    enforcer = undefined;
    start({ limits: { maxEnergyWh: 100 } });
    meter.feed(E0, P36);
    expect(() => enforcer!.update({ maxTimeS: -1 })).toThrow(/maxTimeS/);
    expect(enforcer!.predictedAt).toBe(t0 + 10_000);
  });

  it('maps CSMS limits to the enforcer units and limit kinds to trigger and stop reasons', () => {
    expect(limitsInUnits({ maxEnergy: 250, maxTime: 600 })).toEqual({ maxEnergyWh: 250, maxTimeS: 600 });
    expect(limitsInUnits({ maxTime: 60, maxCost: 5 })).toEqual({ maxTimeS: 60, maxCost: 5 });
    expect(limitsInUnits({})).toEqual({});
    expect([LIMIT_STOP.energy.trigger, LIMIT_STOP.time.trigger, LIMIT_STOP.cost.trigger]).toEqual(['EnergyLimitReached', 'TimeLimitReached', 'CostLimitReached']);
    expect([LIMIT_STOP.energy.reason, LIMIT_STOP.time.reason, LIMIT_STOP.cost.reason]).toEqual(['EnergyLimitReached', 'TimeLimitReached', 'LocalOutOfCredit']);
  });
});

describe('LimitEnforcer on the station rig over Modbus TCP', () => {
  let current: RigUnderTest | undefined;
  let polled: PolledMeter | undefined;
  afterEach(async () => {
    polled?.stop();
    await current?.close();
    current = undefined;
    polled = undefined;
  });

  it('opens the contactor at maxEnergy with less than one poll of overshoot (22 kW, 250 ms poll)', async () => {
    const pollMs = 250;
    const powerW = 22_000;
    const limitWh = 12.3; // ≈ 2 s at 22 kW
    current = await startRig('tcp', { ev: { maxPowerW: powerW } });
    current.rig.evse(1).ev.plug();
    const meter = (polled = new PolledMeter('meter-1', new RegisterMapMeterSource(current.client, 1, loadMeterMap('sdm630'))));
    const contactor = new ModbusCoilContactor('contactor-1', current.client, {
      unit: 11,
      coil: 0,
      feedback: { function: 2, address: 0, inverted: false },
      feedbackTimeoutMs: 500,
      faultAfterFailures: 3,
    });

    const start = await meter.read();
    await contactor.close();
    const reached: LimitKind[] = [];
    let opened: Promise<void> | undefined;
    const enforcer = new LimitEnforcer({
      meter,
      startEnergyWh: start.energyImportWh,
      startedAt: Date.now(),
      limits: { maxEnergyWh: limitWh },
      onReached: (kind) => {
        reached.push(kind);
        opened = contactor.open();
      },
    });
    meter.start(pollMs);
    await waitFor(() => opened !== undefined, 5_000, 'the energy limit to fire');
    await opened;
    enforcer.stop();
    meter.stop();
    expect(current.rig.evse(1).contactor.closed).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    const end = await meter.read();

    const overshootWh = end.energyImportWh - start.energyImportWh - limitWh;
    const pollEnergyWh = (powerW * pollMs) / 3_600_000; // 1.53 Wh
    expect(reached).toEqual(['energy']);
    expect(end.powerW).toBe(0);
    // float32 kWh register near 1.2 MWh resolves ~0.12 Wh; the contacts take ~30 ms (0.18 Wh) to open
    expect(overshootWh).toBeGreaterThan(-0.5);
    expect(overshootWh).toBeLessThan(pollEnergyWh);
  });
});
