// ModbusCoilContactor against the rig's contactor simulator over TCP and RTU: feedback, weld, fail-to-close, no answer, recovery.

import { afterEach, describe, expect, it } from 'vitest';
import { ContactorError, type ContactorFault } from '../../hal/contactor/contactor.js';
import { ModbusCoilContactor, type FeedbackInput, type ModbusCoilContactorOptions } from '../../hal/contactor/modbus-coil-contactor.js';
import { startRig, waitFor, type RigUnderTest, type TransportKind } from '../helpers/rig.js';

const FEEDBACK_TIMEOUT_MS = 400;
/** Slack on top of the feedback timeout for one in-flight feedback read and a busy 2-core machine. */
const SLACK_MS = 1500;
const UNIT = 11; // rig: contactor of EVSE 1
const AUX_INPUT: FeedbackInput = { function: 2, address: 0, inverted: false };

let current: RigUnderTest | undefined;
let contactor: ModbusCoilContactor | undefined;
afterEach(async () => {
  contactor?.stop();
  contactor = undefined;
  await current?.close();
  current = undefined;
});

async function setup(transport: TransportKind, o: { feedback?: FeedbackInput | null; settleMs?: number } = {}) {
  current = await startRig(transport, { contactorSettleMs: o.settleMs ?? 30 });
  const options: ModbusCoilContactorOptions = { unit: UNIT, coil: 0, feedbackTimeoutMs: FEEDBACK_TIMEOUT_MS, faultAfterFailures: 3 };
  if (o.feedback !== null) options.feedback = o.feedback ?? AUX_INPUT;
  contactor = new ModbusCoilContactor('evse-1/contactor', current.client, options);
  const faults: ContactorFault[] = [];
  let recoveries = 0;
  contactor.on('fault', (f) => faults.push(f));
  contactor.on('recovered', () => recoveries++);
  return { c: contactor, sim: current.rig.evse(1).contactor, devices: current.rig.devices, faults, recoveries: () => recoveries };
}

/** Runs `op`, expects a ContactorError, returns it with the time it took. */
async function expectContactorError(op: () => Promise<void>): Promise<{ error: ContactorError; elapsedMs: number }> {
  const started = Date.now();
  const outcome = await op().then(
    () => undefined,
    (e: unknown) => e,
  );
  const elapsedMs = Date.now() - started;
  expect(outcome).toBeInstanceOf(ContactorError);
  return { error: outcome as ContactorError, elapsedMs };
}

describe.each<TransportKind>(['tcp', 'rtu'])('coil contactor over %s', (transport) => {
  it('close and open resolve only once the auxiliary feedback confirms them', async () => {
    const { c, sim, faults } = await setup(transport);
    expect(c.status()).toEqual({ commanded: 'open', feedback: 'unknown', fault: undefined });
    await c.close();
    // resolved after the contacts moved (settle time), not just after the coil write
    expect(sim.closed).toBe(true);
    expect(c.status()).toEqual({ commanded: 'closed', feedback: 'closed', fault: undefined });
    await c.open();
    expect(sim.closed).toBe(false);
    expect(sim.coilOn).toBe(false);
    expect(c.status()).toEqual({ commanded: 'open', feedback: 'open', fault: undefined });
    expect(faults).toEqual([]);
  });

  it('without feedback, close resolves right after the coil write, before the contacts settle', async () => {
    const { c, sim } = await setup(transport, { feedback: null, settleMs: 400 });
    await c.close();
    expect(sim.coilOn).toBe(true);
    expect(sim.closed).toBe(false); // the 400 ms settle has not passed: no feedback was waited for
    expect(c.status()).toEqual({ commanded: 'closed', feedback: 'none', fault: undefined });
    await waitFor(() => sim.closed, 3000, 'the contacts to close');
    await c.open();
    expect(sim.coilOn).toBe(false);
    // supervision without feedback checks the coil the module holds
    expect((await c.refresh()).fault).toBeUndefined();
  });

  it('reads a normally-closed (inverted) auxiliary contact', async () => {
    const { c, sim } = await setup(transport, { feedback: { function: 2, address: 1, inverted: true } });
    // wire an NC auxiliary contact to input 1: it reads 1 while the main contacts are open
    sim.bank.setBit('discreteInputs', 1, true);
    const rigHook = sim.onContacts;
    sim.onContacts = (closed) => {
      sim.bank.setBit('discreteInputs', 1, !closed);
      rigHook?.(closed);
    };
    expect((await c.refresh()).feedback).toBe('open');
    await c.close();
    expect(sim.closed).toBe(true);
    expect(c.status().feedback).toBe('closed');
    await c.open();
    expect(sim.closed).toBe(false);
    expect(c.status()).toEqual({ commanded: 'open', feedback: 'open', fault: undefined });
  });

  it('welded contacts: open() rejects "welded" within the feedback timeout, a fault event is emitted, close is refused, recovery follows', async () => {
    const { c, sim, faults, recoveries } = await setup(transport);
    await c.close();
    sim.setFault('weld');
    const { error, elapsedMs } = await expectContactorError(() => c.open());
    expect(error.fault.kind).toBe('welded');
    expect(error.message).toMatch(/welded/);
    expect(elapsedMs).toBeGreaterThanOrEqual(FEEDBACK_TIMEOUT_MS);
    expect(elapsedMs).toBeLessThan(FEEDBACK_TIMEOUT_MS + SLACK_MS);
    expect(faults.map((f) => f.kind)).toEqual(['welded']);
    expect(c.status()).toMatchObject({ commanded: 'open', feedback: 'closed', fault: { kind: 'welded' } });
    expect(sim.coilOn).toBe(false);
    expect(sim.closed).toBe(true);
    // a faulted contactor is never closed
    const refused = await expectContactorError(() => c.close());
    expect(refused.error.fault.kind).toBe('welded');
    // supervision keeps the fault while the contacts stay welded, without repeating the event
    await c.refresh();
    expect(faults).toHaveLength(1);
    expect(recoveries()).toBe(0);
    // the weld is cleared (contacts replaced): the next supervision read sees them open and recovers
    sim.setFault('none');
    await waitFor(() => !sim.closed, 3000, 'the contacts to open');
    expect((await c.refresh()).fault).toBeUndefined();
    expect(recoveries()).toBe(1);
    await c.close();
    expect(sim.closed).toBe(true);
  });

  it('fail-to-close: close() rejects "failed-to-close" within the feedback timeout and the coil is commanded open again', async () => {
    const { c, sim, faults } = await setup(transport);
    sim.setFault('fail-to-close');
    const { error, elapsedMs } = await expectContactorError(() => c.close());
    expect(error.fault.kind).toBe('failed-to-close');
    expect(elapsedMs).toBeGreaterThanOrEqual(FEEDBACK_TIMEOUT_MS);
    expect(elapsedMs).toBeLessThan(FEEDBACK_TIMEOUT_MS + SLACK_MS);
    expect(faults.map((f) => f.kind)).toEqual(['failed-to-close']);
    expect(sim.coilOn).toBe(false);
    expect(sim.closed).toBe(false);
    expect(c.status()).toMatchObject({ commanded: 'open', feedback: 'open', fault: { kind: 'failed-to-close' } });
  });

  it('a module that stops answering is "no-answer" after faultAfterFailures supervision reads, and recovers when it answers', async () => {
    const { c, devices, faults, recoveries } = await setup(transport);
    await c.refresh();
    devices.setFault(UNIT, { kind: 'no-answer' });
    await c.refresh();
    await c.refresh();
    expect(faults).toEqual([]); // two failed reads: not yet
    const status = await c.refresh();
    expect(status.fault?.kind).toBe('no-answer');
    expect(faults.map((f) => f.kind)).toEqual(['no-answer']);
    // a command to a silent module fails as no-answer, it never pretends to have switched
    const { error } = await expectContactorError(() => c.close());
    expect(error.fault.kind).toBe('no-answer');
    devices.setFault(UNIT, { kind: 'none' });
    expect((await c.refresh()).fault).toBeUndefined();
    expect(recoveries()).toBe(1);
  });

  it('a command to a silent module rejects "no-answer" and raises the fault at once', async () => {
    const { c, devices, faults, sim } = await setup(transport);
    devices.setFault(UNIT, { kind: 'no-answer' });
    const { error } = await expectContactorError(() => c.close());
    expect(error.fault.kind).toBe('no-answer');
    expect(faults.map((f) => f.kind)).toEqual(['no-answer']);
    expect(sim.coilOn).toBe(false);
  });

  it('an open command lost while the module was silent is sent again when it answers, not reported as a weld', async () => {
    const { c, sim, devices, faults, recoveries } = await setup(transport);
    await c.close();
    devices.setFault(UNIT, { kind: 'no-answer' });
    const { error } = await expectContactorError(() => c.open());
    expect(error.fault.kind).toBe('no-answer');
    expect(sim.coilOn).toBe(true); // the command never reached the module
    devices.setFault(UNIT, { kind: 'none' });
    const status = await c.refresh();
    expect(sim.coilOn).toBe(false);
    expect(sim.closed).toBe(false);
    expect(status).toEqual({ commanded: 'open', feedback: 'open', fault: undefined });
    expect(faults.map((f) => f.kind)).toEqual(['no-answer']);
    expect(recoveries()).toBe(1);
  });

  it('a close command lost while the module was silent is never re-sent as a close', async () => {
    const { c, sim, devices, faults } = await setup(transport);
    devices.setFault(UNIT, { kind: 'no-answer' });
    await expectContactorError(() => c.close());
    devices.setFault(UNIT, { kind: 'none' });
    const status = await c.refresh();
    expect(status).toEqual({ commanded: 'open', feedback: 'open', fault: undefined });
    expect(sim.coilOn).toBe(false);
    expect(faults.map((f) => f.kind)).toEqual(['no-answer']);
  });

  it('contacts that open by themselves while closed are "opened-unexpectedly"; the coil is commanded open', async () => {
    const { c, sim, faults, recoveries } = await setup(transport);
    await c.close();
    c.start(50);
    // the auxiliary contact drops out while the coil is still energised (contacts fell open)
    sim.bank.setBit('discreteInputs', 0, false);
    await waitFor(() => faults.length > 0, 3000, 'the opened-unexpectedly fault');
    expect(faults[0]!.kind).toBe('opened-unexpectedly');
    await waitFor(() => !sim.coilOn, 3000, 'the coil to be commanded open');
    expect(c.status().commanded).toBe('open');
    // the command and the feedback agree again (both open): the fault condition is gone
    await waitFor(() => recoveries() === 1, 3000, 'the recovered event');
    c.stop();
    expect(sim.closed).toBe(false);
  });
});
