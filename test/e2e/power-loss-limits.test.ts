// A resumed transaction (onPowerLoss "resume") is checked against its energy, cost and time limit before the contactor may close again (issue 14).

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransactionEventRequest } from '../../agent/core/types/v21.js';
import { ensureBuilt } from '../helpers/agent-process.js';
import { processStation, receivedTxEvents } from '../helpers/process-station.js';
import { STATION_ID, until } from '../helpers/station-harness.js';

type Kind = 'energy' | 'cost' | 'time';
const TRIGGER: Record<Kind, string> = { energy: 'EnergyLimitReached', cost: 'CostLimitReached', time: 'TimeLimitReached' };
/** The overshoot the limit tests allow a session that runs into its limit (test/e2e/power-loss.test.ts), Wh. */
const OVERSHOOT_WH = 6.2;
const MAX_TIME_S = 8;
const EV_POWER_W = 22_000;

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

beforeAll(() => ensureBuilt(), 200_000);

interface CoilWrite {
  at: number;
  on: boolean;
  /** The simulated meter's register when the coil was written, Wh. */
  wh: number;
}

async function setUp(kind: Kind) {
  const pricePerKwh = kind === 'cost' ? 3 : 0.3;
  const { rig, csms, start } = await processStation(
    {
      pricePerKwh,
      onPowerLoss: 'resume',
      ocppDefaults: { 'SampledDataCtrlr.TxUpdatedInterval': 1 },
      ...(kind === 'cost' ? { tariff: { currency: 'EUR', pricePerKwh } } : {}),
    },
    (fn) => cleanup.push(fn),
  );
  // Every coil command the agent writes, with the register at that moment (seen from the rig, not the agent).
  const e = rig.evse(1);
  const coil: CoilWrite[] = [];
  const onWrite = e.contactor.bank.onWrite;
  e.contactor.bank.onWrite = (table, address, value) => {
    if (table === 'coils') {
      e.meter.sync(); // the register up to this moment
      coil.push({ at: Date.now(), on: value === true, wh: e.meter.state.energyImportWh });
    }
    onWrite?.(table, address, value);
  };
  return { rig, csms, coil, start };
}

type Rig = Awaited<ReturnType<typeof setUp>>;

const txEvents = receivedTxEvents;

/** Starts a paid session with a limit of `kind`, lets it charge, and kills the agent (SIGKILL) with the coil left closed. */
async function chargeThenKill(r: Rig, kind: Kind): Promise<{ beginWh: number; limitWh: number; deadline: number }> {
  const first = r.start();
  await r.csms.waitForBoot(STATION_ID, 'Accepted', 20_000);
  r.rig.evse(1).ev.plug();
  await until(() => txEvents(r.csms).some((e) => e.eventType === 'Started'), 10_000, 'Started');
  const started = txEvents(r.csms).find((e) => e.eventType === 'Started')!;
  const txId = started.transactionInfo.transactionId;
  if (kind === 'cost') await r.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 0.1, method: 'card', limitBy: 'cost' }); // 33.3 Wh at 3 EUR/kWh
  else await r.csms.pay({ stationId: STATION_ID, evseId: 1, amount: kind === 'energy' ? 0.012 : 5, method: 'upi' }); // 40 Wh, or 16.7 kWh
  if (kind === 'time') r.csms.book.byTransaction(txId)!.maxTimeS = MAX_TIME_S;
  const limitSet = (e: TransactionEventRequest) => e.triggerReason === 'LimitSet' && (kind !== 'time' || e.transactionInfo.transactionLimit?.maxTime !== undefined);
  await until(() => txEvents(r.csms).some(limitSet), 10_000, 'LimitSet');
  await until(() => r.rig.evse(1).contactor.closed, 10_000, 'charging');
  const limit = txEvents(r.csms).find(limitSet)!.transactionInfo.transactionLimit!;
  await first.kill();
  const beginWh = r.csms.station(STATION_ID)!.transaction(txId)!.beginWh!;
  return { beginWh, limitWh: kind === 'cost' ? (0.1 / 3) * 1000 : (limit.maxEnergy ?? Infinity), deadline: Date.parse(started.timestamp) + MAX_TIME_S * 1000 };
}

const delivered = (r: Rig, beginWh: number) => r.rig.evse(1).meter.state.energyImportWh - beginWh;

async function restartUntilEnded(r: Rig, kind: Kind) {
  const restartAt = Date.now();
  const agent = r.start();
  await until(() => txEvents(r.csms).some((e) => e.eventType === 'Ended'), 30_000, `Ended after the restart\n${agent.output()}`);
  const ended = txEvents(r.csms).find((e) => e.eventType === 'Ended')!;
  expect(ended.triggerReason).toBe(TRIGGER[kind]);
  expect(txEvents(r.csms).some((e) => e.triggerReason === 'TxResumed')).toBe(true);
  await until(() => !r.rig.evse(1).contactor.closed, 5_000, 'contacts open');
  return { after: r.coil.filter((c) => c.at >= restartAt), ended };
}

describe('power loss with onPowerLoss "resume": the limit is checked against the meter register before the contactor closes again', () => {
  for (const kind of ['energy', 'cost', 'time'] as const) {
    it(`E16 ${kind} limit used up while the agent was down: LimitReached at once, the coil is never closed again after the restart`, async () => {
      const r = await setUp(kind);
      const { beginWh, limitWh, deadline } = await chargeThenKill(r, kind);
      // The coil stayed closed: the EV keeps drawing past the limit while nobody supervises.
      if (kind === 'time') await until(() => Date.now() >= deadline + 300, 20_000, 'the time limit passed');
      else await until(() => delivered(r, beginWh) >= limitWh + 2, 20_000, 'the limit used up');
      const { after } = await restartUntilEnded(r, kind);
      expect(after.length).toBeGreaterThanOrEqual(1);
      expect(after.filter((c) => c.on)).toEqual([]);
      // Nothing flowed after the start-up's safe-state opening but the contacts' opening time (20 ms, 0.12 Wh).
      r.rig.evse(1).meter.sync();
      expect(r.rig.evse(1).meter.state.energyImportWh - after[0]!.wh).toBeLessThan(1);
    }, 90_000);

    it(`E16 ${kind} limit with a little left at the restart: the session resumes and stops within the limit's normal overshoot`, async () => {
      const r = await setUp(kind);
      const { beginWh, limitWh, deadline } = await chargeThenKill(r, kind);
      const ev = r.rig.evse(1).ev;
      if (kind !== 'time') {
        await until(() => delivered(r, beginWh) >= limitWh - 3.5, 20_000, 'close to the limit');
        ev.profile = { ...ev.profile, maxPowerW: 0 }; // the EV pauses (pilot still C) while the agent is down
        await until(() => r.rig.evse(1).meter.state.powerW === 0, 5_000, 'the EV paused');
        expect(delivered(r, beginWh)).toBeLessThan(limitWh);
        const restartAt = Date.now();
        const resumed = restartUntilEnded(r, kind);
        await until(() => r.coil.some((c) => c.at >= restartAt && c.on), 20_000, 'the coil closed again');
        ev.profile = { ...ev.profile, maxPowerW: EV_POWER_W };
        await resumed;
        expect(delivered(r, beginWh)).toBeGreaterThanOrEqual(limitWh - 1.5);
        expect(delivered(r, beginWh)).toBeLessThan(limitWh + OVERSHOOT_WH);
      } else {
        await until(() => Date.now() >= deadline - 4_000, 20_000, 'close to the time limit');
        const { after } = await restartUntilEnded(r, kind);
        // No closing after the deadline, and the last opening within 1 s of the deadline (or of the start-up, if that came later).
        expect(after.filter((c) => c.on && c.at >= deadline)).toEqual([]);
        const firstOpen = after.find((c) => !c.on)!.at;
        expect(after.at(-1)!.on).toBe(false);
        expect(after.at(-1)!.at).toBeLessThan(Math.max(deadline, firstOpen) + 1_000);
      }
    }, 90_000);
  }
});
