// End to end over real WebSocket and Modbus TCP: raw malformed and schema-invalid frames from the CSMS get the OCPP-J CALLERRORs (part 4), and the agent keeps working.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { MessageRecord } from '../../simulators/csms/csms-types.js';
import type { StationSession } from '../../simulators/csms/station-session.js';
import { startCharging, startHarness, STATION_ID, type Harness } from '../helpers/station-harness.js';

/** The session's WebSocket: sending through it is logged as an outgoing frame like any other. */
function rawSocket(s: StationSession): WebSocket {
  const ws = (s as unknown as { ws?: WebSocket }).ws;
  if (!ws) throw new Error('the CSMS simulator session has no WebSocket');
  return ws;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const version of ['ocpp2.1', 'ocpp2.0.1'] as const) {
  describe(`OCPP-J RPC errors over ${version}`, () => {
    let h: Harness;
    let s: StationSession;
    beforeAll(async () => {
      h = await startHarness({ versions: [version] });
      await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
      await h.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 5_000);
      s = h.csms.connectedStation(STATION_ID);
    });
    afterAll(async () => {
      await h.close();
    });

    /** Sends `text` as is and resolves with the station's answer carrying `replyId` (default: the frame's own id). */
    async function send(text: string, replyId: string, timeoutMs = 3_000): Promise<MessageRecord> {
      const from = s.mark();
      rawSocket(s).send(text);
      return s.waitFor((r) => r.direction === 'in' && r.kind !== 'CALL' && r.messageId === replyId, timeoutMs, { fromIndex: from, what: `the answer ${replyId}` });
    }
    const call = (id: string, action: string, payload: unknown) => send(JSON.stringify([2, id, action, payload]), id);
    const errorCode = (r: MessageRecord) => {
      expect(r.kind, JSON.stringify(r.payload)).toBe('CALLERROR');
      expect(typeof r.payload.errorDescription).toBe('string');
      expect(r.payload.errorDetails).toBeTypeOf('object');
      return r.payload.errorCode;
    };

    it('part 4 §4.2.3: an unreadable message (not JSON, not an array, no string MessageId) gets CALLERROR "-1" RpcFrameworkError', async () => {
      expect(errorCode(await send('this is { not JSON', '-1'))).toBe('RpcFrameworkError');
      expect(errorCode(await send('{"messageTypeId":2}', '-1'))).toBe('RpcFrameworkError');
      expect(errorCode(await send('[2, 42, "Heartbeat", {}]', '-1'))).toBe('RpcFrameworkError');
      expect(errorCode(await send(`[2, "${'x'.repeat(37)}", "GetVariables", {}]`, '-1'))).toBe('RpcFrameworkError');
    });

    it('part 4 §4.2.3 / §4.3: a CALL with a readable id but a broken structure gets RpcFrameworkError; a payload that is no object FormatViolation', async () => {
      expect(errorCode(await send('[2, "rpc-3-elements", "GetVariables"]', 'rpc-3-elements'))).toBe('RpcFrameworkError');
      expect(errorCode(await send('[2, "rpc-no-action", 17, {}]', 'rpc-no-action'))).toBe('RpcFrameworkError');
      expect(errorCode(await send('[2, "rpc-string-payload", "GetVariables", "everything"]', 'rpc-string-payload'))).toBe('FormatViolation');
    });

    it(`part 4 §4.4: an unknown message type ${version === 'ocpp2.0.1' ? 'gets MessageTypeNotSupported' : 'is ignored'}; a CALLRESULT for no CALL is ignored`, async () => {
      if (version === 'ocpp2.0.1') {
        expect(errorCode(await send('[7, "rpc-type-7", "Foo", {}]', 'rpc-type-7'))).toBe('MessageTypeNotSupported');
      } else {
        const from = s.mark();
        rawSocket(s).send('[7, "rpc-type-7", "Foo", {}]');
        await pause(400);
        expect(s.log.filter((r) => r.index >= from && r.direction === 'in' && r.messageId === 'rpc-type-7')).toEqual([]);
      }
      const from = s.mark();
      rawSocket(s).send('[3, "rpc-result-for-nothing", {}]');
      await pause(400);
      expect(s.log.filter((r) => r.index >= from && r.direction === 'in' && r.messageId === 'rpc-result-for-nothing')).toEqual([]);
    });

    it('part 4 §4.3: an unknown action gets NotImplemented; a known action the station does not implement (GetLog, UpdateFirmware) NotSupported', async () => {
      expect(errorCode(await call('rpc-unknown', 'MakeCoffee', {}))).toBe('NotImplemented');
      expect(errorCode(await call('rpc-getlog', 'GetLog', { log: { remoteLocation: 'https://example.com/upload' }, logType: 'DiagnosticsLog', requestId: 1 }))).toBe('NotSupported');
      expect(
        errorCode(await call('rpc-firmware', 'UpdateFirmware', { requestId: 2, firmware: { location: 'https://example.com/fw.bin', retrieveDateTime: new Date().toISOString() } })),
      ).toBe('NotSupported');
    });

    it('part 4 §4.3: schema violations get OccurrenceConstraintViolation, TypeConstraintViolation, PropertyConstraintViolation, ProtocolError (unknown field)', async () => {
      expect(errorCode(await call('rpc-missing', 'GetVariables', {}))).toBe('OccurrenceConstraintViolation');
      expect(errorCode(await call('rpc-empty-array', 'GetVariables', { getVariableData: [] }))).toBe('OccurrenceConstraintViolation');
      expect(errorCode(await call('rpc-type', 'GetBaseReport', { requestId: 'one', reportBase: 'FullInventory' }))).toBe('TypeConstraintViolation');
      expect(errorCode(await call('rpc-enum', 'GetBaseReport', { requestId: 1, reportBase: 'EverythingYouHave' }))).toBe('PropertyConstraintViolation');
      expect(
        errorCode(await call('rpc-too-long', 'SetVariables', { setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeValue: '1'.repeat(2_501) }] })),
      ).toBe('PropertyConstraintViolation');
      expect(errorCode(await call('rpc-extra', 'ChangeAvailability', { operationalStatus: 'Inoperative', color: 'red' }))).toBe('ProtocolError');
      // Nothing was acted on: the station is still operative and the variable unchanged.
      expect(s.status(1, 1)).toBe('Available');
      const g = await h.csms.call(STATION_ID, 'GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' } }] });
      expect(g.getVariableResult[0]?.attributeValue).toBe('300');
    });

    it('after all of it the agent is still connected and works: a transaction runs and is stopped by the CSMS', async () => {
      expect(s.connected).toBe(true);
      expect(s.connections).toBe(1);
      const txId = await startCharging(h, 1);
      expect((await h.csms.call(STATION_ID, 'RequestStopTransaction', { transactionId: txId })).status).toBe('Accepted');
      const ended = await h.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Ended' && e.transactionInfo.transactionId === txId, 5_000);
      expect(ended.transactionInfo.stoppedReason).toBe('Remote');
      expect(s.seqNoReport(txId).gaps).toEqual([]);
      // The CSMS side never had to answer an agent frame with an error.
      expect(s.log.filter((r) => r.direction === 'out' && r.kind === 'CALLERROR')).toEqual([]);
    });
  });
}
