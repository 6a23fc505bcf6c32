// A contactor command on a bus with a dead meter: it jumps the queue and waits for one attempt, not for the dead unit's retries.

import { afterEach, describe, expect, it } from 'vitest';
import { ModbusCoilContactor } from '../../hal/contactor/modbus-coil-contactor.js';
import { FairQueue } from '../../hal/modbus/fair-queue.js';
import { startRig, waitFor, type RigUnderTest, type TransportKind } from '../helpers/rig.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('FairQueue priorities', () => {
  it('an urgent job runs between the attempts of the job on the bus and before every queued normal job', async () => {
    const q = new FairQueue();
    const log: string[] = [];
    const slow = q.submit(1, async (turn) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        if (attempt > 0) await turn.yieldToUrgent();
        log.push(`meter attempt ${attempt}`);
        await sleep(30);
      }
    });
    const queuedRead = q.submit(2, async () => void log.push('vehicle read'));
    await sleep(10); // the slow job is in its first attempt
    const urgent = q.submit(11, async () => void log.push('contactor open'), 'urgent');
    await Promise.all([slow, queuedRead, urgent]);
    expect(log).toEqual(['meter attempt 0', 'contactor open', 'meter attempt 1', 'meter attempt 2', 'vehicle read']);
  });

  it('urgent jobs keep their arrival order, and a failing urgent job rejects only its own caller', async () => {
    const q = new FairQueue();
    const log: string[] = [];
    const hold = q.submit(1, () => sleep(20));
    const a = q.submit(11, async () => void log.push('a'), 'urgent');
    const b = q.submit(12, () => Promise.reject(new Error('no answer')), 'urgent');
    const c = q.submit(13, async () => void log.push('c'), 'urgent');
    await hold;
    await expect(b).rejects.toThrow('no answer');
    await Promise.all([a, c]);
    expect(log).toEqual(['a', 'c']);
  });

  it('drain rejects queued urgent jobs too', async () => {
    const q = new FairQueue();
    const hold = q.submit(1, () => sleep(20));
    const urgent = q.submit(11, () => Promise.resolve('late'), 'urgent');
    q.drain(new Error('closed'));
    await expect(urgent).rejects.toThrow('closed');
    await hold;
  });
});

const TIMING = { timeoutMs: 500, retries: 3 }; // a unit that just stopped answering holds the bus 4 × 500 ms per request
let current: RigUnderTest | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe.each<TransportKind>(['tcp', 'rtu'])('contactor command behind a dead meter over %s', (transport) => {
  it('the open command reaches the relay module within one attempt timeout of a meter request that is retrying', async () => {
    current = await startRig(transport, { contactorSettleMs: 10 }, TIMING);
    const { client, rig } = current;
    const contactor = new ModbusCoilContactor('evse-1/contactor', client, { unit: 11, coil: 0, feedbackTimeoutMs: 1500, faultAfterFailures: 3 });
    await contactor.close();
    await waitFor(() => rig.evse(1).contactor.closed, 1_000, 'contacts closed');
    rig.devices.setFault(1, { kind: 'no-answer' });
    // the meter's first failing request (4 attempts) and a backlog of reads behind it, as a poll loop and a transaction end make
    const meterReads = [0, 1, 2].map(() =>
      client.readRegisters(1, 4, 0, 2).then(
        () => 'answered',
        () => 'failed',
      ),
    );
    await sleep(50); // the meter request is on the bus, in its first attempt
    const started = Date.now();
    await contactor.open(); // no feedback input configured: resolves once the module echoed the coil write
    await waitFor(() => !rig.evse(1).contactor.closed, 1_000, 'contacts open');
    const openedMs = Date.now() - started;
    // one attempt (500 ms) plus the coil write and the contacts' 10 ms settle; the old way waited for all four attempts (~1950 ms)
    expect(openedMs).toBeLessThan(1_200);
    expect(await Promise.all(meterReads)).toEqual(['failed', 'failed', 'failed']);
  }, 15_000);
});
