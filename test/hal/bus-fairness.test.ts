// Several meters on one RS-485 bus (one RtuClient, one pty pair): serialised transactions, and a dead meter cannot starve the others.

import { afterEach, describe, expect, it } from 'vitest';
import { PolledMeter } from '../../hal/meter/polled-meter.js';
import { loadMeterMap } from '../../hal/meter/register-map.js';
import { RegisterMapMeterSource } from '../../hal/meter/register-map-meter.js';
import { startRig, type RigUnderTest } from '../helpers/rig.js';

const TIMING = { timeoutMs: 150, retries: 1 };
const UNITS = [1, 2, 3] as const; // rig: the meters of EVSEs 1..3, all on the same line

let current: RigUnderTest | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function setup() {
  current = await startRig('rtu', { evses: UNITS.length }, TIMING);
  const { client, rig } = current;
  const map = loadMeterMap('sdm630');
  const sources = UNITS.map((unit) => new RegisterMapMeterSource(client, unit, map));
  const meters = sources.map((s, i) => new PolledMeter(`meter-${UNITS[i]}`, s, { faultAfterFailures: 2 }));
  /** Every request the slave side received: unit and arrival time. */
  const arrivals: { unit: number; at: number }[] = [];
  const countRequest = rig.devices.count.bind(rig.devices);
  rig.devices.count = (unit: number) => {
    arrivals.push({ unit, at: Date.now() });
    countRequest(unit);
  };
  return { client, devices: rig.devices, meters, spansPerRead: sources[0]!.requestsPerRead, arrivals };
}

interface LoopResult {
  ok: number;
  failed: number;
  /** Duration of each failed read, ms. */
  failedMs: number[];
}

/** Reads `meter` back to back until `until` (epoch ms). */
async function readLoop(meter: PolledMeter, until: number): Promise<LoopResult> {
  const r: LoopResult = { ok: 0, failed: 0, failedMs: [] };
  while (Date.now() < until) {
    const started = Date.now();
    try {
      await meter.read();
      r.ok++;
    } catch {
      r.failed++;
      r.failedMs.push(Date.now() - started);
    }
  }
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('several meters on one RTU bus', () => {
  it('transactions are serialised: the next request reaches the line only after the previous one was answered', async () => {
    const { devices, meters, arrivals } = await setup();
    const DELAY_MS = 25;
    for (const unit of UNITS) devices.setFault(unit, { kind: 'slow', delayMs: DELAY_MS });
    const results = await Promise.all(meters.map((m) => Promise.all([m.read(), m.read().then(() => m.read())])));
    expect(results.flat()).toHaveLength(6);
    expect(arrivals.length).toBeGreaterThanOrEqual(UNITS.length * 2 * 3);
    // every device answers DELAY_MS after a request; had the master sent the next request before
    // that answer, two requests would arrive closer together than DELAY_MS
    const gaps = arrivals.slice(1).map((a, i) => a.at - arrivals[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(DELAY_MS - 3);
    // and the bus took turns between the units rather than serving one meter's reads in a row
    const firstRound = new Set(arrivals.slice(0, UNITS.length).map((a) => a.unit));
    expect(firstRound.size).toBe(UNITS.length);
  });

  it('a dead meter costs one timeout per turn (no retries while failing) and the healthy meters keep reading at a bounded rate', async () => {
    const { devices, meters, spansPerRead } = await setup();
    const [dead, b, c] = UNITS;
    devices.setFault(dead, { kind: 'no-answer' });
    const DURATION_MS = 3000;
    const until = Date.now() + DURATION_MS;
    const [rA, rB, rC] = await Promise.all(meters.map((m) => readLoop(m, until)));
    const requests = (unit: number) => devices.requests.get(unit) ?? 0;

    expect(rA!.ok).toBe(0);
    expect(meters[0]!.fault?.kind).toBe('timeout');
    // only the first failure was retried; after that the failing unit gets exactly one attempt per read
    expect(requests(dead)).toBe(rA!.failed + TIMING.retries);
    // each later turn of the dead unit costs about one timeout, not (1 + retries) timeouts
    const later = rA!.failedMs.slice(1);
    expect(later.length).toBeGreaterThanOrEqual(5);
    expect(median(later)).toBeGreaterThanOrEqual(TIMING.timeoutMs - 5);
    expect(median(later)).toBeLessThan(TIMING.timeoutMs * 2);

    // B and C are served in turn with the dead unit: they get as many bus turns as it does (within a
    // round) and every read they start completes
    for (const [unit, r] of [
      [b, rB!],
      [c, rC!],
    ] as const) {
      expect(r.failed).toBe(0);
      expect(requests(unit)).toBeGreaterThanOrEqual(requests(dead) - 3);
      // at worst one dead-unit timeout per span: the rate is bounded below by that
      const floor = Math.floor(DURATION_MS / (spansPerRead * (TIMING.timeoutMs + 50)) / 2);
      expect(r.ok).toBeGreaterThanOrEqual(Math.max(2, floor));
    }
    expect(Math.abs(rB!.ok - rC!.ok)).toBeLessThanOrEqual(1);
  });

  it('a backlog of requests for a dead unit does not queue in front of a healthy unit', async () => {
    const { client, devices } = await setup();
    devices.setFault(1, { kind: 'no-answer' });
    await client.readRegisters(2, 4, 0x48, 2); // the port is open and unit 2 known before the clock starts
    const BACKLOG = 10;
    const deadReads = Array.from({ length: BACKLOG }, () => client.readRegisters(1, 4, 0x48, 2).then(
      () => 'answered',
      () => 'failed',
    ));
    const started = Date.now();
    await client.readRegisters(2, 4, 0x48, 2);
    const healthyMs = Date.now() - started;
    // first-come-first-served would put it behind (1 + retries) + (BACKLOG - 1) timeouts = 1650 ms;
    // taking turns puts it behind the one dead request on the wire (with its retry) at most
    expect(healthyMs).toBeLessThan(TIMING.timeoutMs * (1 + TIMING.retries) + 500);
    expect(await Promise.all(deadReads)).toEqual(Array(BACKLOG).fill('failed'));
  });
});
