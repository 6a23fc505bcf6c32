import { afterEach, describe, expect, it } from 'vitest';
import { runCli, serveRig, type ServedRig, type TransportKind } from './cli-harness.js';

let served: ServedRig | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** The contactor of EVSE 1: relay module unit 11, coil 0, auxiliary contact on discrete input 0. */
const contactor = (action: string, address: string[], ...extra: string[]) =>
  runCli(['contactor', action, '--driver', 'modbus-coil', ...address, '--unit', '11', '--coil', '0', '--feedback-input', '0', ...extra]);

describe.each<TransportKind>(['tcp', 'rtu'])('charger-agent contactor over %s', (kind) => {
  it('close waits for the feedback; status then reads commanded closed and feedback closed from the device', async () => {
    served = await serveRig(kind);
    const sim = served.rig.evse(1).contactor;
    const before = await contactor('status', served.address);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/^commanded: open/m);
    expect(before.stdout).toMatch(/^feedback:\s+open\s+\(discrete input 0\)/m);

    const closed = await contactor('close', served.address);
    expect(closed.stderr).toBe('');
    expect(closed.code).toBe(0);
    expect(closed.stdout).toMatch(/^closed: feedback confirms closed after \d+ ms/);
    expect(sim.coilOn).toBe(true);
    expect(sim.closed).toBe(true);

    // a new process: the state comes from the relay module (coil read with fc 1), not from memory
    const status = await contactor('status', served.address, '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({ commanded: 'closed', feedback: 'closed', fault: null });

    const opened = await contactor('open', served.address);
    expect(opened.code).toBe(0);
    expect(sim.closed).toBe(false);
  });

  it('welded contacts: open reports "welded" with exit 1, and status shows the disagreement', async () => {
    served = await serveRig(kind);
    const sim = served.rig.evse(1).contactor;
    expect((await contactor('close', served.address)).code).toBe(0);
    sim.setFault('weld');
    const open = await contactor('open', served.address, '--feedback-timeout', '200');
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/^charger-agent contactor open: welded: .*commanded open, feedback still closed after 200 ms: contacts welded\n$/);
    expect(sim.coilOn).toBe(false);
    const status = await contactor('status', served.address);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^commanded: open/m);
    expect(status.stdout).toMatch(/^feedback:\s+closed/m);
    expect(status.stdout).toMatch(/^fault:\s+welded/m);
  });

  it('a contactor that does not close: failed-to-close, exit 1, and the coil is de-energised again', async () => {
    served = await serveRig(kind);
    const sim = served.rig.evse(1).contactor;
    sim.setFault('fail-to-close');
    const res = await contactor('close', served.address, '--feedback-timeout', '150');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/failed-to-close: .*commanded closed, feedback still open after 150 ms/);
    expect(sim.coilOn).toBe(false);
  });

  it('a relay module that does not answer: no-answer with the Modbus timeout, exit 1', async () => {
    served = await serveRig(kind);
    served.rig.devices.setFault(11, { kind: 'no-answer' });
    const res = await contactor('close', served.address, '--timeout', '80', '--retries', '0');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^charger-agent contactor close: no-answer: .*cannot command closed: .*did not answer/);
    const status = await contactor('status', served.address, '--timeout', '80', '--retries', '0');
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/timeout: .*did not answer/);
  });
});

describe('charger-agent contactor with an inverted feedback on a coil', () => {
  it('reads a normally-closed auxiliary contact the right way round', async () => {
    served = await serveRig('tcp');
    // wire the "feedback" to coil 0 itself, inverted: coil on reads as open
    const res = await runCli(['contactor', 'status', ...served.address, '--unit', '11', '--coil', '0', '--feedback-coil', '0', '--feedback-inverted', '--json']);
    expect(JSON.parse(res.stdout)).toEqual({ commanded: 'open', feedback: 'closed', fault: 'welded: commanded open but the feedback reads closed' });
    expect(res.code).toBe(1);
  });
});
