// The agent process drains before it exits (Reset, SIGTERM): the CSMS's request is answered, sent events acknowledged, nothing sent twice; a stop is bounded below systemd's TimeoutStopSec.

import { createServer, Socket, type Server } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransactionEventRequest } from '../../agent/core/types/v21.js';
import { CsmsSim } from '../../simulators/csms/csms-server.js';
import { ensureBuilt, type AgentProcess } from '../helpers/agent-process.js';
import { processStation, receivedTxEvents } from '../helpers/process-station.js';
import { STATION_ID, until } from '../helpers/station-harness.js';

/** The systemd unit's TimeoutStopSec, ms: a stop must end before systemd kills the agent. */
const TIMEOUT_STOP_MS = 15_000;

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

beforeAll(() => ensureBuilt(), 200_000);

/** A TCP relay between the agent and the CSMS that can go silent (a network path that stops passing anything, sockets left open). */
async function relay(target: number): Promise<{ port: number; freeze(): void; server: Server }> {
  let frozen = false;
  const sockets: Socket[] = [];
  const server = createServer((inbound) => {
    const outbound = new Socket();
    sockets.push(inbound, outbound);
    outbound.connect(target, '127.0.0.1');
    inbound.on('data', (d) => void (frozen || outbound.write(d)));
    outbound.on('data', (d) => void (frozen || inbound.write(d)));
    const end = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('close', end).on('error', end);
    outbound.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, freeze: () => (frozen = true), server };
}

async function setUp(viaRelay = false) {
  let path: Awaited<ReturnType<typeof relay>> | undefined;
  const station = await processStation(
    { versions: ['ocpp2.0.1'], ...(viaRelay ? { csmsPortFor: async (port: number) => (path = await relay(port)).port } : {}) },
    (fn) => cleanup.push(fn),
  );
  return { ...station, freeze: () => path?.freeze() };
}

function endedEvents(csms: CsmsSim, txId: string): TransactionEventRequest[] {
  return receivedTxEvents(csms).filter((e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === txId);
}

function exitOf(p: AgentProcess, timeoutMs: number): Promise<number | null | 'still running'> {
  if (p.child.exitCode !== null) return Promise.resolve(p.child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still running'), timeoutMs);
    p.child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function charging(x: Awaited<ReturnType<typeof setUp>>): Promise<{ agent: AgentProcess; txId: string }> {
  const agent = x.start();
  await x.csms.waitForBoot(STATION_ID, 'Accepted', 20_000);
  x.rig.evse(1).ev.plug();
  const r = await x.csms.call(STATION_ID, 'RequestStartTransaction', { evseId: 1, remoteStartId: 7, idToken: { idToken: 'DRAIN-1', type: 'Central' } });
  expect(r.status).toBe('Accepted');
  await until(() => x.rig.evse(1).contactor.closed, 10_000, 'charging');
  const started = await x.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Started' || e.triggerReason === 'RemoteStart', 10_000);
  return { agent, txId: started.transactionInfo.transactionId };
}

/** After the restart nothing is left to replay: the CSMS got every event once. */
async function restartedWithNothingQueued(x: Awaited<ReturnType<typeof setUp>>, txId: string): Promise<void> {
  const before = x.csms.station(STATION_ID)!.connections;
  x.rig.evse(1).ev.unplug(); // while the agent is down: no new transaction starts at the restart
  x.start();
  await x.csms.waitForMessage(STATION_ID, (m) => m.connection > before && m.kind === 'CALL' && m.action === 'BootNotification', 20_000);
  await x.csms.waitForBoot(STATION_ID, 'Accepted', 20_000);
  const status = await x.csms.call(STATION_ID, 'GetTransactionStatus', { transactionId: txId });
  expect(status).toEqual({ ongoingIndicator: false, messagesInQueue: false });
  expect(endedEvents(x.csms, txId)).toHaveLength(1);
  expect(x.csms.station(STATION_ID)!.seqNoReport(txId).duplicates).toEqual([]);
}

describe('the agent drains before it exits', () => {
  it('TC_B_21_CS RequestStopTransaction during a scheduled OnIdle reset: answered Accepted, the Ended event acknowledged before the exit, not sent again after the restart', async () => {
    const x = await setUp();
    const { agent, txId } = await charging(x);
    expect((await x.csms.call(STATION_ID, 'Reset', { type: 'OnIdle' })).status).toBe('Scheduled');
    // the answer arriving is the point: it used to be lost when the agent exited 3 ms after the Ended event
    expect((await x.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: txId })).status).toBe('Accepted');
    expect(await exitOf(agent, TIMEOUT_STOP_MS)).toBe(0);
    expect(endedEvents(x.csms, txId).map((e) => e.triggerReason)).toEqual(['RemoteStop']);
    await restartedWithNothingQueued(x, txId);
  }, 90_000);

  it('TC_B_22_CS Reset Immediate during a transaction: the Ended event (ImmediateReset) acknowledged before the exit, not sent again after the restart', async () => {
    const x = await setUp();
    const { agent, txId } = await charging(x);
    expect((await x.csms.call(STATION_ID, 'Reset', { type: 'Immediate' })).status).toBe('Accepted');
    expect(await exitOf(agent, TIMEOUT_STOP_MS)).toBe(0);
    expect(endedEvents(x.csms, txId).map((e) => e.transactionInfo.stoppedReason)).toEqual(['ImmediateReset']);
    expect(x.rig.evse(1).contactor.closed).toBe(false);
    await restartedWithNothingQueued(x, txId);
  }, 90_000);

  it('SIGTERM with a CSMS that stopped answering (an event unacknowledged, the close frame unanswered): the agent exits 0 within TimeoutStopSec, contactor open, the unacknowledged event left stored', async () => {
    const x = await setUp(true);
    const { agent, txId } = await charging(x);
    x.freeze();
    x.rig.evse(1).ev.unplug(); // an Ended event the CSMS will never acknowledge
    await until(() => !x.rig.evse(1).contactor.closed, 10_000, 'the contactor to open on unplug');
    const t0 = performance.now();
    agent.child.kill('SIGTERM');
    const code = await exitOf(agent, TIMEOUT_STOP_MS + 5_000);
    const ms = performance.now() - t0;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(TIMEOUT_STOP_MS);
    expect(agent.output()).toMatch(/did not acknowledge in time/);
    expect(endedEvents(x.csms, txId)).toHaveLength(0);
  }, 90_000);
});
