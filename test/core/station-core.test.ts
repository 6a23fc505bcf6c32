// StationCore from fakes (EVSEs on fake devices, a fake CSMS link, a real OutboxSender on a memory queue): boot, availability, reset, remote start, triggers, clock-aligned values.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutboxSender } from '../../agent/core/outbox/outbox-sender.js';
import type { BootReason } from '../../agent/core/station/csms-link.js';
import { StationCore, type ResetKind } from '../../agent/core/station/station-core.js';
import { evseUnderTest, silentLogger, type EvseUnderTest } from './fakes/evse-under-test.js';
import { FakeCsmsLink } from './fakes/fake-csms-link.js';
import { fakeStationSettings, type StationSettingValues } from './fakes/fake-station-settings.js';
import { MemoryJournal } from './fakes/memory-journal.js';
import { MemoryOutbox } from './fakes/memory-outbox.js';

const TOKEN = { idToken: 'CARD-1', type: 'ISO14443' };
const TIMERS: Parameters<typeof vi.useFakeTimers>[0] = { toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] };

interface StationUnderTest {
  core: StationCore;
  link: FakeCsmsLink;
  evses: EvseUnderTest[];
  outbox: MemoryOutbox;
  settings: ReturnType<typeof fakeStationSettings>;
  resets: ResetKind[];
  bootReasons: BootReason[];
  persisted: Array<[number, boolean]>;
  clock: { ms: number };
}

let current: StationUnderTest | undefined;
afterEach(() => {
  if (current) {
    current.core.detach();
    current.core.stopClock();
    for (const e of current.evses) e.evse.stop();
  }
  current = undefined;
  vi.useRealTimers();
});

/** Lets the boot, the outbox and any setImmediate step run. */
async function flush(s: StationUnderTest): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setImmediate(r));
    for (const e of s.evses) await e.evse.idle();
  }
}

async function station(o: { evses?: number; settings?: Partial<StationSettingValues> } = {}): Promise<StationUnderTest> {
  const journal = new MemoryJournal();
  const outbox = new MemoryOutbox();
  journal.onRecord = (e) => outbox.push(e);
  const evses: EvseUnderTest[] = [];
  for (let id = 1; id <= (o.evses ?? 2); id++) evses.push(await evseUnderTest({ evseId: id, journal }));
  const clock = { ms: Date.UTC(2026, 0, 1, 12, 14, 59) };
  const sender = new OutboxSender({
    outbox,
    settings: { messageAttempts: () => 3, messageAttemptIntervalS: () => 0, replayGapMs: () => 0 },
    logger: silentLogger,
    onAck: (event, ack) => evses.find((e) => e.evse.evseId === event.evseId)?.evse.applyAck(event.transactionId, ack),
  });
  const settings = fakeStationSettings(o.settings);
  const resets: ResetKind[] = [];
  const bootReasons: BootReason[] = [];
  const persisted: Array<[number, boolean]> = [];
  const core = new StationCore({
    evses: evses.map((e) => e.evse),
    sender,
    settings,
    logger: silentLogger,
    onReset: (kind) => resets.push(kind),
    now: () => clock.ms,
    persistAvailability: (evseId, operative) => persisted.push([evseId, operative]),
    persistBootReason: (reason) => bootReasons.push(reason),
  });
  current = { core, link: new FakeCsmsLink(), evses, outbox, settings, resets, bootReasons, persisted, clock };
  return current;
}

async function accepted(o?: Parameters<typeof station>[0]): Promise<StationUnderTest> {
  const s = await station(o);
  s.core.attach(s.link);
  await flush(s);
  return s;
}

function evse(s: StationUnderTest, id: number): EvseUnderTest {
  const e = s.evses.find((x) => x.evse.evseId === id);
  if (!e) throw new Error(`no EVSE ${id}`);
  return e;
}

describe('StationCore: registration', () => {
  it('B01 BootNotification Accepted: reason PowerUp, heartbeat interval stored, every connector status sent', async () => {
    const s = await station();
    s.link.bootAnswer = { status: 'Accepted', intervalS: 120, currentTime: new Date(0).toISOString() };
    s.core.attach(s.link);
    await flush(s);
    expect(s.link.boots).toEqual(['PowerUp']);
    expect(s.settings.values.heartbeatIntervalS).toBe(120);
    expect(s.link.statuses).toEqual([
      { evseId: 1, connectorId: 1, status: 'Available' },
      { evseId: 2, connectorId: 1, status: 'Available' },
    ]);
    expect(s.core.online()).toBe(true);
    expect(s.core.snapshot().registration).toBe('Accepted');
  });

  it('B03.FR.08 refuses while Rejected (requests not accepted); B03.FR.02 nothing sent: no status, no transaction event, remote start Rejected', async () => {
    const s = await station();
    s.link.bootAnswer = { status: 'Rejected', intervalS: 600, currentTime: new Date(0).toISOString() };
    s.core.attach(s.link);
    await flush(s);
    expect(s.core.acceptsRequests()).toBe(false);
    expect(s.core.online()).toBe(false);
    evse(s, 1).vehicle.set('connected');
    await flush(s);
    expect(s.link.statuses).toEqual([]);
    expect(s.link.txEvents).toEqual([]);
    expect(await s.core.requestStart(1, TOKEN, 1)).toEqual({ status: 'Rejected', reason: 'registration Rejected' });
  });

  it('B02.FR.05 Pending: RequestStartTransaction Rejected; B02.FR.02 with TxBeforeAcceptedEnabled false no transaction event goes out', async () => {
    const s = await station();
    s.link.bootAnswer = { status: 'Pending', intervalS: 600, currentTime: new Date(0).toISOString() };
    s.core.attach(s.link);
    await flush(s);
    expect(await s.core.requestStart(1, TOKEN, 1)).toMatchObject({ status: 'Rejected' });
    evse(s, 1).vehicle.set('connected');
    await flush(s);
    expect(s.outbox.depth()).toBe(1);
    expect(s.link.txEvents).toEqual([]);
  });

  it('E04.FR.02 events queued before the boot are sent in order once Accepted, and acknowledged', async () => {
    const s = await station();
    const e1 = evse(s, 1);
    e1.vehicle.set('connected');
    await flush(s);
    await e1.evse.localStart(TOKEN);
    expect(s.outbox.depth()).toBe(3);
    expect(s.link.txEvents).toEqual([]);
    s.core.attach(s.link);
    // a backlog is paced (replayGapMs, here 0 ms, still a timer): wait for the queue to drain
    await vi.waitFor(() => expect(s.outbox.depth()).toBe(0), { timeout: 10_000 });
    expect(s.link.txEvents.map((e) => `${e.seqNo} ${e.eventType}/${e.triggerReason}`)).toEqual([
      '0 Started/CablePluggedIn',
      '1 Updated/Authorized',
      '2 Updated/ChargingStateChanged',
    ]);
  });
});

describe('StationCore: remote start and stop', () => {
  it('F01.FR.20 remote start without EVSE id chooses the plugged EVSE (its transaction becomes authorized)', async () => {
    const s = await accepted();
    const e2 = evse(s, 2);
    e2.vehicle.set('connected');
    await flush(s);
    const txId = e2.evse.transaction()?.transactionId;
    expect(txId).toBeDefined();
    const r = await s.core.requestStart(undefined, TOKEN, 9);
    expect(r).toEqual({ status: 'Accepted', transactionId: txId });
    expect(e2.evse.transaction()?.authorized).toBe(true);
    expect(evse(s, 1).evse.transaction()).toBeUndefined();
  });

  it('F01.FR.20 remote start without EVSE id and nothing plugged: the first Available EVSE', async () => {
    const s = await accepted();
    await s.core.changeAvailability(1, undefined, false);
    const r = await s.core.requestStart(undefined, TOKEN, 3);
    expect(r.status).toBe('Accepted');
    expect(evse(s, 2).evse.transaction()?.remoteStartId).toBe(3);
  });

  it('F01.FR.23 remote start on an Unavailable EVSE is Rejected; on an unknown EVSE too', async () => {
    const s = await accepted();
    await s.core.changeAvailability(1, undefined, false);
    expect(await s.core.requestStart(1, TOKEN, 1)).toEqual({ status: 'Rejected', reason: 'EVSE is Inoperative' });
    expect(await s.core.requestStart(7, TOKEN, 1)).toEqual({ status: 'Rejected', reason: 'no EVSE 7' });
  });

  it('F03 RequestStopTransaction: Accepted for an ongoing transaction (Ended Remote), Rejected for an unknown one', async () => {
    const s = await accepted();
    const r = await s.core.requestStart(1, TOKEN, 1);
    expect(await s.core.requestStop('nope')).toBe('Rejected');
    expect(await s.core.requestStop(r.transactionId ?? '')).toBe('Accepted');
    await vi.waitFor(() => expect(s.outbox.depth()).toBe(0), { timeout: 10_000 });
    expect(s.link.txEvents.at(-1)).toMatchObject({ eventType: 'Ended', stoppedReason: 'Remote' });
  });

  it('C01 local authorization: a token the CSMS does not accept authorizes nothing; an accepted one authorizes the EVSE', async () => {
    const s = await accepted();
    s.link.authorizeAnswer = { status: 'Blocked' };
    expect(await s.core.localAuthorize(1, TOKEN)).toEqual({ status: 'Blocked' });
    expect(evse(s, 1).evse.transaction()).toBeUndefined();
    s.link.authorizeAnswer = { status: 'Accepted' };
    const r = await s.core.localAuthorize(1, TOKEN);
    expect(r.status).toBe('Accepted');
    expect(evse(s, 1).evse.transaction()?.idToken).toEqual(TOKEN);
    expect(s.link.authorizations).toEqual([TOKEN, TOKEN]);
  });

  it('C01 local authorization while not connected is refused (no offline authorization)', async () => {
    const s = await station();
    expect((await s.core.localAuthorize(1, TOKEN)).status).toBe('Rejected');
    expect(evse(s, 1).evse.transaction()).toBeUndefined();
  });
});

describe('StationCore: availability and reset', () => {
  it('G03.FR.08 ChangeAvailability persisted: Accepted idle, Scheduled during a transaction, Rejected for an unknown EVSE or connector', async () => {
    const s = await accepted();
    expect(await s.core.changeAvailability(1, 1, false)).toBe('Accepted');
    const e2 = evse(s, 2);
    e2.vehicle.set('connected');
    await flush(s);
    expect(await s.core.changeAvailability(2, undefined, false)).toBe('Scheduled');
    expect(await s.core.changeAvailability(3, undefined, false)).toBe('Rejected');
    expect(await s.core.changeAvailability(1, 2, true)).toBe('Rejected');
    expect(s.persisted).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(s.link.statuses.filter((x) => x.evseId === 1).map((x) => x.status)).toEqual(['Available', 'Unavailable']);
  });

  it('G04 station Inoperative: every EVSE persisted and Unavailable, remote start Rejected, station unavailable', async () => {
    const s = await accepted();
    expect(await s.core.changeAvailability(undefined, undefined, false)).toBe('Accepted');
    expect(s.persisted).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(s.core.stationAvailable()).toBe(false);
    expect(s.evses.map((e) => e.evse.status())).toEqual(['Unavailable', 'Unavailable']);
    expect((await s.core.requestStart(undefined, TOKEN, 1)).status).toBe('Rejected');
  });

  it('TC_B_21_CS OnIdle reset scheduled until idle: the reset runs once the transaction has ended (boot reason ScheduledReset)', async () => {
    const s = await accepted();
    const e1 = evse(s, 1);
    e1.vehicle.set('connected');
    await flush(s);
    expect(s.core.reset('OnIdle')).toBe('Scheduled');
    await flush(s);
    expect(s.resets).toEqual([]);
    e1.vehicle.set('disconnected');
    await flush(s);
    expect(s.resets).toEqual(['OnIdle']);
    expect(s.bootReasons).toEqual(['ScheduledReset']);
  });

  it('B12 Immediate reset with a transaction: Ended ResetCommand / ImmediateReset before the reset, boot reason RemoteReset', async () => {
    const s = await accepted();
    const e1 = evse(s, 1);
    e1.vehicle.set('connected');
    await flush(s);
    let endedBeforeReset = false;
    const ops: string[] = [];
    e1.evse.on('event', (e) => {
      if (e.eventType === 'Ended') {
        endedBeforeReset = s.resets.length === 0;
        ops.push(`${e.triggerReason}/${e.stoppedReason ?? ''}`);
      }
    });
    expect(s.core.reset('Immediate')).toBe('Accepted');
    await flush(s);
    expect(ops).toEqual(['ResetCommand/ImmediateReset']);
    expect(endedBeforeReset).toBe(true);
    expect(s.resets).toEqual(['Immediate']);
    expect(s.bootReasons).toEqual(['RemoteReset']);
  });

  it('B11 OnIdle reset without a transaction is Accepted at once; a reset of one EVSE is Rejected', async () => {
    const s = await accepted();
    expect(s.core.reset('OnIdle', 1)).toBe('Rejected');
    expect(s.core.reset('OnIdle')).toBe('Accepted');
    await flush(s);
    expect(s.resets).toEqual(['OnIdle']);
  });
});

describe('StationCore: TriggerMessage and status queries', () => {
  it('F06.FR.17 TriggerMessage BootNotification after Accepted is refused; Heartbeat is sent', async () => {
    const s = await accepted();
    expect(await s.core.trigger('BootNotification')).toBe(false);
    expect(await s.core.trigger('Heartbeat')).toBe(true);
    await flush(s);
    expect(s.link.boots).toEqual(['PowerUp']);
    expect(s.link.heartbeats).toBe(1);
  });

  it('F06 TriggerMessage BootNotification while Pending: sent again with reason Triggered', async () => {
    const s = await station();
    s.link.bootAnswer = { status: 'Pending', intervalS: 600, currentTime: new Date(0).toISOString() };
    s.core.attach(s.link);
    await flush(s);
    expect(await s.core.trigger('BootNotification')).toBe(true);
    await flush(s);
    expect(s.link.boots).toEqual(['PowerUp', 'Triggered']);
  });

  it('F06 TriggerMessage TransactionEvent: Updated Trigger for the EVSE with a transaction; false for an idle EVSE', async () => {
    const s = await accepted();
    evse(s, 2).vehicle.set('connected');
    await flush(s);
    expect(await s.core.trigger('TransactionEvent', 1)).toBe(false);
    expect(await s.core.trigger('TransactionEvent', 2)).toBe(true);
    await vi.waitFor(() => expect(s.outbox.depth()).toBe(0), { timeout: 10_000 });
    expect(s.link.txEvents.at(-1)).toMatchObject({ evseId: 2, eventType: 'Updated', triggerReason: 'Trigger' });
  });

  it('F06 TriggerMessage MeterValues and StatusNotification: the latest sample and status of the EVSE asked', async () => {
    const s = await accepted();
    evse(s, 2).meter.set({ energyImportWh: 4321 });
    expect(await s.core.trigger('MeterValues', 2)).toBe(true);
    expect(await s.core.trigger('StatusNotification', 2)).toBe(true);
    expect(await s.core.trigger('MeterValues', 9)).toBe(false);
    await flush(s);
    expect(s.link.meterValueCalls.map((m) => [m.evseId, m.sample.sampledValue[0]?.value, m.sample.sampledValue[0]?.context])).toEqual([[2, 4321, 'Trigger']]);
    expect(s.link.statuses.at(-1)).toEqual({ evseId: 2, connectorId: 1, status: 'Available' });
  });

  it('E14 GetTransactionStatus: ongoingIndicator for an ongoing transaction only; messagesInQueue while events wait', async () => {
    const s = await station();
    evse(s, 1).vehicle.set('connected');
    await flush(s);
    const id = evse(s, 1).evse.transaction()?.transactionId ?? '';
    expect(s.core.transactionStatus(id)).toEqual({ ongoingIndicator: true, messagesInQueue: true });
    expect(s.core.transactionStatus('other')).toEqual({ ongoingIndicator: false, messagesInQueue: true });
    s.core.attach(s.link);
    await flush(s);
    expect(s.core.transactionStatus()).toEqual({ messagesInQueue: false });
  });

  it('F05 UnlockConnector: OngoingAuthorizedTransaction during an authorized transaction, UnlockFailed (no lock) otherwise', async () => {
    const s = await accepted();
    expect(s.core.unlockConnector(1, 2)).toEqual({ status: 'UnknownConnector' });
    expect(s.core.unlockConnector(1, 1)).toEqual({ status: 'UnlockFailed', reason: 'NoLock' });
    await s.core.requestStart(1, TOKEN, 1);
    expect(s.core.unlockConnector(1, 1)).toEqual({ status: 'OngoingAuthorizedTransaction' });
  });
});

describe('StationCore: clock-aligned samples', () => {
  it('J01 clock-aligned samples: MeterValues stamped with the boundary for each idle EVSE, on the injected clock', async () => {
    vi.useFakeTimers(TIMERS);
    const s = await accepted({ settings: { alignedIntervalS: 900 } });
    s.core.startClock();
    await vi.advanceTimersByTimeAsync(999);
    expect(s.link.meterValueCalls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await flush(s);
    const at = new Date(Date.UTC(2026, 0, 1, 12, 15, 0)).toISOString();
    expect(s.link.meterValueCalls.map((m) => [m.evseId, m.sample.timestamp, m.sample.sampledValue[0]?.context])).toEqual([
      [1, at, 'Sample.Clock'],
      [2, at, 'Sample.Clock'],
    ]);
  });

  it('J01 clock-aligned samples in a transaction become Updated MeterValueClock events; none sent while not connected', async () => {
    vi.useFakeTimers(TIMERS);
    const s = await station({ settings: { alignedIntervalS: 900 } });
    evse(s, 1).vehicle.set('connected');
    await flush(s);
    s.core.startClock();
    await vi.advanceTimersByTimeAsync(1000);
    await flush(s);
    expect(s.link.meterValueCalls).toEqual([]);
    expect(evse(s, 1).journal.trace()).toEqual(['Started/CablePluggedIn', 'Updated/MeterValueClock']);
  });
});
