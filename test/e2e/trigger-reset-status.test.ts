// End to end over real WebSocket and Modbus TCP: TriggerMessage (F06), Reset (B11/B12), GetTransactionStatus (E14) and UnlockConnector (F05).

import { afterEach, describe, expect, it } from 'vitest';
import type { MeterValuesRequest, StatusNotificationRequest, TransactionEventRequest } from '../../agent/core/types/v21.js';
import { startCharging, startHarness, STATION_ID, until, type Harness, type HarnessOptions } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function booted(version: string, o: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness({ versions: [version], ...o });
  await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
  await h.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
  return h;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Restarts the agent as systemd would after a Reset, and resolves with the new connection's BootNotificationRequest reason. */
async function rebootAndBootReason(x: Harness): Promise<string | undefined> {
  await x.stopAgent();
  await until(() => !x.csms.station(STATION_ID)?.connected, 5_000, 'the station to disconnect');
  const before = x.csms.station(STATION_ID)!.connections;
  await x.restartAgent();
  const boot = await x.csms.waitForMessage(STATION_ID, (r) => r.connection > before && r.kind === 'CALL' && r.action === 'BootNotification', 10_000);
  return boot.payload.reason as string | undefined;
}

for (const version of ['ocpp2.1', 'ocpp2.0.1'] as const) {
  describe(`TriggerMessage over ${version}`, () => {
    it('TC_F_26_CS Trigger message - BootNotification - Rejected after Accepted; TC_F_20_CS Heartbeat; TC_F_27_CS NotImplemented', async () => {
      const x = await booted(version);
      const s = x.csms.connectedStation(STATION_ID);
      expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'BootNotification' })).status).toBe('Rejected');
      const from = s.mark();
      expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'Heartbeat' })).status).toBe('Accepted');
      await s.waitForCall('Heartbeat', () => true, 3_000, { fromIndex: from });
      for (const requestedMessage of ['SignCombinedCertificate', 'LogStatusNotification', 'FirmwareStatusNotification'] as const) {
        expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage })).status, requestedMessage).toBe('NotImplemented');
      }
      await pause(300);
      expect(s.calls('BootNotification')).toHaveLength(1);
    });

    it('TC_F_23_CS / TC_F_24_CS Trigger message - StatusNotification - Specific EVSE - Available, then Occupied; unknown EVSE Rejected', async () => {
      const x = await booted(version, { evses: 2 });
      const s = x.csms.connectedStation(STATION_ID);
      let from = s.mark();
      expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 2, connectorId: 1 } })).status).toBe('Accepted');
      let sn = (await s.waitForCall('StatusNotification', () => true, 3_000, { fromIndex: from })) as StatusNotificationRequest;
      expect(sn).toMatchObject({ evseId: 2, connectorId: 1, connectorStatus: 'Available' });
      x.rig.evse(2).ev.plug();
      await x.csms.waitForStatus(STATION_ID, 2, 1, 'Occupied', 5_000);
      from = s.mark();
      expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 2, connectorId: 1 } })).status).toBe('Accepted');
      sn = (await s.waitForCall('StatusNotification', () => true, 3_000, { fromIndex: from })) as StatusNotificationRequest;
      expect(sn).toMatchObject({ evseId: 2, connectorId: 1, connectorStatus: 'Occupied' });
      expect(s.calls('StatusNotification').filter((r) => r.index >= from)).toHaveLength(1);
      expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 9, connectorId: 1 } })).status).toBe('Rejected');
    });

    it('TC_F_11_CS / TC_F_12_CS Trigger message - MeterValues - Specific EVSE and All EVSE (context Trigger)', async () => {
      const x = await booted(version, { evses: 2 });
      const s = x.csms.connectedStation(STATION_ID);
      // The meters are polled every 250 ms; wait until both have a fresh reading.
      await until(() => x.agent.evses.every((e) => e.controller.currentSample() !== undefined), 5_000, 'fresh meter readings');
      let from = s.mark();
      expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 1 } })).status).toBe('Accepted');
      const one = (await s.waitForCall('MeterValues', () => true, 3_000, { fromIndex: from })) as MeterValuesRequest;
      expect(one.evseId).toBe(1);
      expect(one.meterValue[0]?.sampledValue[0]?.context).toBe('Trigger');
      const register = one.meterValue[0]?.sampledValue.find((v) => (v.measurand ?? 'Energy.Active.Import.Register') === 'Energy.Active.Import.Register');
      expect(register?.value).toBeCloseTo(x.rig.evse(1).meter.state.energyImportWh, -1);
      from = s.mark();
      expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'MeterValues' })).status).toBe('Accepted');
      await until(() => s.calls('MeterValues').filter((r) => r.index >= from).length >= 2, 3_000, 'MeterValues of both EVSEs');
      const all = s.calls('MeterValues').filter((r) => r.index >= from).map((r) => r.payload as unknown as MeterValuesRequest);
      expect(all.map((m) => m.evseId).sort()).toEqual([1, 2]);
      for (const m of all) expect(m.meterValue[0]?.sampledValue[0]?.context).toBe('Trigger');
    });

    it('TC_F_13_CS / TC_F_14_CS Trigger message - TransactionEvent: Updated, triggerReason Trigger, Charging, meter values; Rejected on an EVSE without one', async () => {
      const x = await booted(version, { evses: 2 });
      const txId = await startCharging(x, 1);
      const s = x.csms.connectedStation(STATION_ID);
      for (const evse of [{ evse: { id: 1 } }, {}]) {
        const from = s.mark();
        expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'TransactionEvent', ...evse })).status).toBe('Accepted');
        const e: TransactionEventRequest = await x.csms.waitForTransactionEvent(STATION_ID, (t) => t.triggerReason === 'Trigger', 3_000, { fromIndex: from });
        expect(e.eventType).toBe('Updated');
        expect(e.transactionInfo.transactionId).toBe(txId);
        expect(e.transactionInfo.chargingState).toBe('Charging');
        expect(e.meterValue?.[0]?.sampledValue[0]?.context).toBe('Trigger');
        if (e.evse) expect(e.evse.id).toBe(1);
      }
      expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 2 } })).status).toBe('Rejected');
      const report = s.seqNoReport(txId);
      expect(report.duplicates).toEqual([]);
      expect(report.gaps).toEqual([]);
    });
  });

  describe(`Reset over ${version}`, () => {
    it('TC_B_20_CS Reset Charging Station - Without ongoing transaction - OnIdle: Accepted, the reset happens, the next boot says RemoteReset', async () => {
      const x = await booted(version);
      expect((await x.csms.call(STATION_ID, 'Reset', { type: 'OnIdle' })).status).toBe('Accepted');
      await until(() => x.resets.length > 0, 3_000, 'the reset');
      expect(x.resets).toEqual(['OnIdle']);
      expect(await rebootAndBootReason(x)).toBe('RemoteReset');
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
    });

    it('TC_B_21_CS Reset Charging Station - With Ongoing Transaction - OnIdle: Scheduled, performed when the transaction has ended; next boot ScheduledReset', async () => {
      const x = await booted(version);
      const txId = await startCharging(x, 1);
      expect((await x.csms.call(STATION_ID, 'Reset', { type: 'OnIdle' })).status).toBe('Scheduled');
      await pause(500);
      expect(x.resets).toEqual([]);
      expect(x.rig.evse(1).contactor.closed).toBe(true);
      x.rig.evse(1).ev.unplug();
      const ended = await x.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === txId, 5_000);
      expect(ended.transactionInfo.stoppedReason).toBe('EVDisconnected');
      await until(() => x.resets.length > 0, 3_000, 'the scheduled reset');
      expect(x.resets).toEqual(['OnIdle']);
      expect(await rebootAndBootReason(x)).toBe('ScheduledReset');
    });

    it('TC_B_22_CS Reset Charging Station - With Ongoing Transaction - Immediate: the transaction ends (ResetCommand, ImmediateReset) before the reset', async () => {
      let openAtReset: unknown[] = ['not called'];
      const x = await booted(version, {
        onReset: () => {
          openAtReset = h!.agent.evses.map((e) => e.controller.transaction()).filter((t) => t !== undefined);
        },
      });
      const txId = await startCharging(x, 1);
      expect((await x.csms.call(STATION_ID, 'Reset', { type: 'Immediate' })).status).toBe('Accepted');
      await until(() => x.resets.length > 0, 5_000, 'the reset');
      expect(x.resets).toEqual(['Immediate']);
      expect(openAtReset).toEqual([]);
      const ended = await x.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === txId, 5_000);
      expect(ended.triggerReason).toBe('ResetCommand');
      expect(ended.transactionInfo.stoppedReason).toBe('ImmediateReset');
      expect(ended.transactionInfo.chargingState).toBe('EVConnected');
      expect(ended.idToken).toBeUndefined();
      expect(await rebootAndBootReason(x)).toBe('RemoteReset');
      await x.csms.waitForStatus(STATION_ID, 1, 1, 'Occupied', 5_000);
    });

    it('TC_B_22_CS the contactor is open when an Immediate reset ends the transaction', async () => {
      let contactorAtReset: boolean | undefined;
      const x = await booted(version, { onReset: () => (contactorAtReset = h!.rig.evse(1).contactor.closed) });
      await startCharging(x, 1);
      expect((await x.csms.call(STATION_ID, 'Reset', { type: 'Immediate' })).status).toBe('Accepted');
      await until(() => x.resets.length > 0, 5_000, 'the reset');
      expect(contactorAtReset).toBe(false);
      expect(x.rig.evse(1).contactor.closed).toBe(false);
    });

    it('TC_B_28_CS Reset EVSE - Not Supported: Rejected; nothing is reset', async () => {
      const x = await booted(version);
      expect((await x.csms.call(STATION_ID, 'Reset', { type: 'OnIdle', evseId: 1 })).status).toBe('Rejected');
      expect((await x.csms.call(STATION_ID, 'Reset', { type: 'Immediate', evseId: 1 })).status).toBe('Rejected');
      if (version === 'ocpp2.1') {
        // 2.1 ImmediateAndResume (keep transactions across the reset) is not offered.
        expect((await x.csms.call(STATION_ID, 'Reset', { type: 'ImmediateAndResume' })).status).toBe('Rejected');
      }
      await pause(300);
      expect(x.resets).toEqual([]);
    });
  });

  describe(`GetTransactionStatus and UnlockConnector over ${version}`, () => {
    it('TC_E_28_CS .. TC_E_34_CS Check Transaction status: ongoing / ended, with and without messages in the queue, unknown id, no id', async () => {
      // Pending keeps transaction events queued (TxBeforeAcceptedEnabled false) while the CSMS asks.
      h = await startHarness({ versions: [version], csms: { boot: { status: 'Pending', interval: 60 } } });
      const x = h;
      await x.csms.waitForBoot(STATION_ID, 'Pending', 10_000);
      x.csms.setBoot({ status: 'Accepted', interval: 300 });
      const status = (transactionId?: string) => x.csms.call(STATION_ID, 'GetTransactionStatus', transactionId ? { transactionId } : {});

      // TC_E_34_CS: no id, nothing queued.
      expect(await status()).toEqual({ messagesInQueue: false });
      // TC_E_28_CS: unknown id.
      expect(await status('0f8e6c1a-unknown')).toEqual({ ongoingIndicator: false, messagesInQueue: false });

      x.rig.evse(1).ev.plug();
      await until(() => x.agent.snapshot().evses[0]?.transaction !== undefined && x.agent.snapshot().queueDepth > 0, 5_000, 'a queued transaction');
      const txId = x.agent.snapshot().evses[0]!.transaction!.transactionId;
      // TC_E_29_CS: ongoing, queued. TC_E_33_CS: no id, queued.
      expect(await status(txId)).toEqual({ ongoingIndicator: true, messagesInQueue: true });
      expect(await status()).toEqual({ messagesInQueue: true });

      x.rig.evse(1).ev.unplug();
      await until(() => x.agent.snapshot().evses[0]?.transaction === undefined, 5_000, 'the transaction to end');
      // TC_E_31_CS: ended, its events still queued.
      expect(await status(txId)).toEqual({ ongoingIndicator: false, messagesInQueue: true });

      expect((await x.csms.call(STATION_ID, 'TriggerMessage', { requestedMessage: 'BootNotification' })).status).toBe('Accepted');
      await x.csms.waitForBoot(STATION_ID, 'Accepted', 5_000);
      await x.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === txId, 10_000);
      await until(() => x.agent.snapshot().queueDepth === 0, 5_000, 'the queue to drain');
      // TC_E_32_CS: ended, nothing queued.
      expect(await status(txId)).toEqual({ ongoingIndicator: false, messagesInQueue: false });

      // TC_E_30_CS: ongoing, nothing queued.
      x.rig.evse(1).ev.plug();
      const started = await x.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Started' && e.transactionInfo.transactionId !== txId, 5_000);
      await until(() => x.agent.snapshot().queueDepth === 0, 5_000, 'the queue to drain');
      expect(await status(started.transactionInfo.transactionId)).toEqual({ ongoingIndicator: true, messagesInQueue: false });
      expect(x.csms.connectedStation(STATION_ID).violations).toEqual([]);
    });

    it('TC_F_10_CS Remote unlock Connector - UnknownConnector; no lock hardware: UnlockFailed with a reason; TC_F_05_CS with an authorized transaction: OngoingAuthorizedTransaction', async () => {
      const x = await booted(version);
      const unlock = (evseId: number, connectorId: number) => x.csms.call(STATION_ID, 'UnlockConnector', { evseId, connectorId });
      expect((await unlock(1, 999)).status).toBe('UnknownConnector');
      expect((await unlock(9, 1)).status).toBe('UnknownConnector');
      const failed = await unlock(1, 1);
      expect(failed.status).toBe('UnlockFailed');
      expect(failed.statusInfo?.reasonCode).toBeTruthy();
      await startCharging(x, 1);
      expect((await unlock(1, 1)).status).toBe('OngoingAuthorizedTransaction');
      expect(x.rig.evse(1).contactor.closed).toBe(true);
    });
  });
}
