// EvseSafety against the real rig over Modbus TCP: a fault opens the contactor at once, a weld stays faulted, recovery clears.

import { afterEach, describe, expect, it } from 'vitest';
import type { SafetyPort } from '../../agent/core/evse/evse-ports.js';
import { EvseSafety, SafetyRefusalError, type SafetyFault } from '../../agent/core/safety/evse-safety.js';
import { ContactorError } from '../../hal/contactor/contactor.js';
import { ModbusCoilContactor } from '../../hal/contactor/modbus-coil-contactor.js';
import { PolledMeter } from '../../hal/meter/polled-meter.js';
import { loadMeterMap } from '../../hal/meter/register-map.js';
import { RegisterMapMeterSource } from '../../hal/meter/register-map-meter.js';
import { startRig, waitFor, type RigUnderTest } from '../helpers/rig.js';

const TIMING = { timeoutMs: 150, retries: 1 };
const METER_POLL_MS = 50;
const METER_FAULT_AFTER = 2;
const CONTACTOR_POLL_MS = 100;
const FEEDBACK_TIMEOUT_MS = 400;
/** Worst case from "meter goes silent" to "meter faulted": every failed read costs (1 + retries) timeouts plus a poll interval. */
const METER_FAULT_TIME_MS = METER_FAULT_AFTER * (TIMING.timeoutMs * (1 + TIMING.retries) + METER_POLL_MS);
const SLACK_MS = 1500;

let current: RigUnderTest | undefined;
let stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops) stop();
  stops = [];
  await current?.close();
  current = undefined;
});

async function setup() {
  current = await startRig('tcp', { contactorSettleMs: 30 }, TIMING);
  const { rig, client } = current;
  const meter = new PolledMeter('evse-1/meter', new RegisterMapMeterSource(client, 1, loadMeterMap('sdm630')), { faultAfterFailures: METER_FAULT_AFTER });
  const contactor = new ModbusCoilContactor('evse-1/contactor', client, {
    unit: 11,
    coil: 0,
    feedback: { function: 2, address: 0, inverted: false },
    feedbackTimeoutMs: FEEDBACK_TIMEOUT_MS,
    faultAfterFailures: 3,
  });
  const safety = new EvseSafety({ evseId: 1, meter, contactor });
  // the controller is written against this contract: the supervisor must satisfy it
  const port: SafetyPort = safety;
  const faulted: (SafetyFault & { at: number })[] = [];
  let cleared = 0;
  port.on('faulted', (f) => faulted.push({ ...f, at: Date.now() }));
  port.on('cleared', () => cleared++);
  const sim = rig.evse(1).contactor;
  /** When the module received each coil write (the sim's own write hook is kept). */
  const coilWrites: { on: boolean; at: number }[] = [];
  const simWrite = sim.bank.onWrite;
  sim.bank.onWrite = (table, address, value) => {
    if (table === 'coils') coilWrites.push({ on: value === true, at: Date.now() });
    simWrite?.(table, address, value);
  };
  meter.start(METER_POLL_MS);
  contactor.start(CONTACTOR_POLL_MS);
  stops.push(
    () => meter.stop(),
    () => contactor.stop(),
    () => safety.dispose(),
  );
  rig.evse(1).ev.plug();
  await waitFor(() => meter.latest() !== undefined, 3000, 'a first meter reading');
  return { rig, devices: rig.devices, meter, contactor, safety, sim, faulted, cleared: () => cleared, coilWrites };
}

async function refusal(op: () => Promise<void>): Promise<unknown> {
  return op().then(
    () => 'resolved',
    (e: unknown) => e,
  );
}

describe('EVSE safety supervisor', () => {
  it('a meter that stops answering mid-charge opens the contactor within the meter fault time; closing is refused until it recovers', async () => {
    const { devices, meter, safety, sim, faulted, cleared, coilWrites } = await setup();
    expect(safety.mayClose()).toBe(true);
    await safety.close('test: transaction authorized and EV ready');
    expect(sim.closed).toBe(true);
    await waitFor(() => (meter.latest()?.reading.powerW ?? 0) > 0, 3000, 'energy to flow');

    const silentAt = Date.now();
    devices.setFault(1, { kind: 'no-answer' });
    await waitFor(() => faulted.length > 0, METER_FAULT_TIME_MS + SLACK_MS, 'the safety fault');
    await waitFor(() => !sim.closed, 3000, 'the contacts to open');
    const openedAt = Date.now();
    const fault = faulted[0]!;
    expect(fault).toMatchObject({ source: 'meter', kind: 'timeout' });
    expect(fault.at - silentAt).toBeLessThan(METER_FAULT_TIME_MS + SLACK_MS);
    // the open command reached the module right after the fault (behind at most one meter request on the bus)
    const offWrite = coilWrites.find((w) => !w.on);
    expect(offWrite).toBeDefined();
    expect(offWrite!.at - fault.at).toBeLessThan(TIMING.timeoutMs * (1 + TIMING.retries) + 500);
    expect(openedAt - silentAt).toBeLessThan(METER_FAULT_TIME_MS + SLACK_MS + 1000);

    expect(safety.state()).toEqual({ faulted: true, reasons: [expect.objectContaining({ source: 'meter', kind: 'timeout' })] });
    expect(safety.mayClose()).toBe(false);
    const refused = await refusal(() => safety.close('test: try to resume'));
    expect(refused).toBeInstanceOf(SafetyRefusalError);
    expect((refused as Error).message).toMatch(/meter timeout/);
    expect(sim.coilOn).toBe(false);
    expect(coilWrites.filter((w) => w.on)).toHaveLength(1); // only the first, authorized close ever energised the coil

    devices.setFault(1, { kind: 'none' });
    await waitFor(() => cleared() === 1, 3000, 'the fault to clear');
    expect(safety.state()).toEqual({ faulted: false, reasons: [] });
    expect(safety.mayClose()).toBe(true);
    await safety.close('test: resume after recovery');
    expect(sim.closed).toBe(true);
  });

  it('a welded contactor faults the EVSE: open rejects, closing is refused, and it clears only when the contacts open again', async () => {
    const { safety, sim, faulted, cleared, coilWrites } = await setup();
    await safety.close('test: charge');
    sim.setFault('weld');
    const err = await refusal(() => safety.open('test: EV unplugged'));
    expect(err).toBeInstanceOf(ContactorError);
    expect((err as ContactorError).fault.kind).toBe('welded');
    expect(faulted.map((f) => [f.source, f.kind])).toEqual([['contactor', 'welded']]);
    expect(safety.mayClose()).toBe(false);
    expect(safety.state().reasons).toEqual([expect.objectContaining({ source: 'contactor', kind: 'welded' })]);
    expect(sim.coilOn).toBe(false);
    expect(sim.closed).toBe(true);

    const refused = await refusal(() => safety.close('test: retry'));
    expect(refused).toBeInstanceOf(SafetyRefusalError);
    expect(coilWrites.filter((w) => w.on)).toHaveLength(1);

    // still welded after further supervision: the EVSE stays faulted
    await new Promise((r) => setTimeout(r, 3 * CONTACTOR_POLL_MS));
    expect(safety.state().faulted).toBe(true);
    expect(cleared()).toBe(0);

    sim.setFault('none'); // contacts replaced: they follow the (open) coil again
    await waitFor(() => cleared() === 1, 3000, 'the weld to clear');
    expect(sim.closed).toBe(false);
    expect(safety.mayClose()).toBe(true);
  });

  it('a protective open lost while the relay module is silent is delivered when it answers (no false weld); the EVSE stays faulted while the meter is', async () => {
    const { devices, safety, sim, faulted, cleared } = await setup();
    await safety.close('test: charge');
    // the relay module and the meter both go silent: the protective open cannot be delivered
    devices.setFault(11, { kind: 'no-answer' });
    devices.setFault(1, { kind: 'no-answer' });
    await waitFor(() => faulted.some((f) => f.source === 'meter'), METER_FAULT_TIME_MS + SLACK_MS + 1000, 'the meter fault');
    await waitFor(() => faulted.some((f) => f.source === 'contactor' && f.kind === 'no-answer'), 3000, 'the contactor fault');
    expect(sim.closed).toBe(true); // nothing could reach the module
    // the module answers again: its recovery brings the owed open command
    devices.setFault(11, { kind: 'none' });
    await waitFor(() => !sim.closed, 3000, 'the contacts to open');
    await waitFor(() => safety.state().reasons.length === 1, 3000, 'the contactor to recover');
    expect(safety.state().reasons[0]).toMatchObject({ source: 'meter' });
    expect(faulted.some((f) => f.kind === 'welded')).toBe(false);
    expect(cleared()).toBe(0);
    devices.setFault(1, { kind: 'none' });
    await waitFor(() => cleared() === 1, 3000, 'the fault to clear');
  });

  it('without contactor supervision, the failed protective open is retried on the meter recovery event', async () => {
    const { devices, contactor, safety, sim, faulted, cleared } = await setup();
    contactor.stop(); // only the supervisor's own retry can deliver the open now
    await safety.close('test: charge');
    devices.setFault(11, { kind: 'no-answer' });
    devices.setFault(1, { kind: 'no-answer' });
    await waitFor(() => faulted.some((f) => f.source === 'contactor' && f.kind === 'no-answer'), METER_FAULT_TIME_MS + SLACK_MS + 1000, 'the failed open');
    devices.setFault(11, { kind: 'none' });
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.closed).toBe(true); // nobody has re-sent the open yet
    devices.setFault(1, { kind: 'none' });
    await waitFor(() => !sim.closed, 3000, 'the retried open to reach the contacts');
    await waitFor(() => cleared() === 1, 3000, 'the fault to clear');
    expect(safety.state()).toEqual({ faulted: false, reasons: [] });
  });

  it('a fault present before supervision starts opens the contactor at once', async () => {
    const { devices, meter, contactor, sim } = await setup();
    await contactor.close(); // closed without the supervisor, e.g. left closed by an earlier run
    devices.setFault(1, { kind: 'no-answer' });
    await waitFor(() => meter.fault !== undefined, METER_FAULT_TIME_MS + SLACK_MS, 'the meter fault');
    const late = new EvseSafety({ evseId: 1, meter, contactor });
    stops.push(() => late.dispose());
    expect(late.state().faulted).toBe(true);
    expect(late.mayClose()).toBe(false);
    await waitFor(() => !sim.closed, 3000, 'the contacts to open');
  });
});
