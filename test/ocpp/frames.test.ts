// OCPP-J frame parsing: every malformed frame gets a precise problem and the reply the spec prescribes per version.
import { describe, expect, it } from 'vitest';
import { parseFrame, replyToInvalidFrame, serializeFrame, type Frame, type FrameProblem } from '../../agent/ocpp/frames.js';
import type { OcppProtocol } from '../../agent/ocpp/rpc-errors.js';

const ID37 = 'x'.repeat(37);

type Reply = [number, string, string] | undefined;

describe('parseFrame: malformed frames and the reply each gets', () => {
  // raw frame, problem, reply per version as [type, messageId, errorCode] or undefined for "ignore"
  const table: [string, string, FrameProblem, Record<OcppProtocol, Reply>][] = [
    ['not JSON', '[2, "a", "Heartbeat", {', 'not-json',
      { 'ocpp1.6': [4, '-1', 'FormationViolation'], 'ocpp2.0.1': [4, '-1', 'RpcFrameworkError'], 'ocpp2.1': [4, '-1', 'RpcFrameworkError'] }],
    ['not an array', '{"a":1}', 'not-array',
      { 'ocpp1.6': [4, '-1', 'FormationViolation'], 'ocpp2.0.1': [4, '-1', 'RpcFrameworkError'], 'ocpp2.1': [4, '-1', 'RpcFrameworkError'] }],
    ['empty array', '[]', 'bad-message-type',
      { 'ocpp1.6': [4, '-1', 'FormationViolation'], 'ocpp2.0.1': [4, '-1', 'RpcFrameworkError'], 'ocpp2.1': [4, '-1', 'RpcFrameworkError'] }],
    ['message type a string', '["2", "a", "Heartbeat", {}]', 'bad-message-type',
      { 'ocpp1.6': [4, '-1', 'FormationViolation'], 'ocpp2.0.1': [4, '-1', 'RpcFrameworkError'], 'ocpp2.1': [4, '-1', 'RpcFrameworkError'] }],
    ['unknown message type 7', '[7, "a", "X", {}]', 'unknown-message-type',
      { 'ocpp1.6': undefined, 'ocpp2.0.1': [4, 'a', 'MessageTypeNotSupported'], 'ocpp2.1': undefined }],
    ['CALL with numeric message id', '[2, 19223201, "Heartbeat", {}]', 'bad-message-id',
      { 'ocpp1.6': [4, '-1', 'FormationViolation'], 'ocpp2.0.1': [4, '-1', 'RpcFrameworkError'], 'ocpp2.1': [4, '-1', 'RpcFrameworkError'] }],
    ['CALL with a 37-character message id', `[2, "${ID37}", "Heartbeat", {}]`, 'message-id-too-long',
      { 'ocpp1.6': [4, '-1', 'FormationViolation'], 'ocpp2.0.1': [4, '-1', 'RpcFrameworkError'], 'ocpp2.1': [4, '-1', 'RpcFrameworkError'] }],
    ['CALL with 3 elements', '[2, "a", "Heartbeat"]', 'wrong-element-count',
      { 'ocpp1.6': [4, 'a', 'FormationViolation'], 'ocpp2.0.1': [4, 'a', 'RpcFrameworkError'], 'ocpp2.1': [4, 'a', 'RpcFrameworkError'] }],
    ['CALL with 5 elements', '[2, "a", "Heartbeat", {}, {}]', 'wrong-element-count',
      { 'ocpp1.6': [4, 'a', 'FormationViolation'], 'ocpp2.0.1': [4, 'a', 'RpcFrameworkError'], 'ocpp2.1': [4, 'a', 'RpcFrameworkError'] }],
    ['CALL with a numeric action', '[2, "a", 5, {}]', 'bad-action',
      { 'ocpp1.6': [4, 'a', 'FormationViolation'], 'ocpp2.0.1': [4, 'a', 'RpcFrameworkError'], 'ocpp2.1': [4, 'a', 'RpcFrameworkError'] }],
    ['CALL with an array payload', '[2, "a", "Heartbeat", []]', 'bad-payload',
      { 'ocpp1.6': [4, 'a', 'FormationViolation'], 'ocpp2.0.1': [4, 'a', 'FormatViolation'], 'ocpp2.1': [4, 'a', 'FormatViolation'] }],
    ['CALLRESULT with a string payload', '[3, "a", "ok"]', 'bad-payload',
      { 'ocpp1.6': undefined, 'ocpp2.0.1': undefined, 'ocpp2.1': [5, 'a', 'FormatViolation'] }],
    ['CALLRESULT with 4 elements', '[3, "a", {}, {}]', 'wrong-element-count',
      { 'ocpp1.6': undefined, 'ocpp2.0.1': undefined, 'ocpp2.1': [5, 'a', 'FormatViolation'] }],
    ['CALLERROR with 4 elements', '[4, "a", "GenericError", "x"]', 'wrong-element-count',
      { 'ocpp1.6': undefined, 'ocpp2.0.1': undefined, 'ocpp2.1': undefined }],
    ['CALLERROR with a numeric code', '[4, "a", 500, "x", {}]', 'bad-error-fields',
      { 'ocpp1.6': undefined, 'ocpp2.0.1': undefined, 'ocpp2.1': undefined }],
    ['CALLRESULT with a numeric id', '[3, 7, {}]', 'bad-message-id',
      { 'ocpp1.6': undefined, 'ocpp2.0.1': undefined, 'ocpp2.1': undefined }],
  ];

  describe.each<OcppProtocol>(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'])('%s', (protocol) => {
    it.each(table)('%s', (_name, raw, problem, replies) => {
      const r = parseFrame(raw, protocol);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.problem).toBe(problem);
      expect(r.error.description.length).toBeGreaterThan(10);
      const reply = replyToInvalidFrame(r.error, protocol);
      const expected = replies[protocol];
      if (expected === undefined) {
        expect(reply).toBeUndefined();
      } else {
        expect(reply).toMatchObject({ type: expected[0], messageId: expected[1], errorCode: expected[2], errorDetails: {} });
        // The reply is itself a well-formed frame of this version.
        const back = parseFrame(serializeFrame(reply!), protocol);
        expect(back.ok).toBe(true);
      }
    });
  });

  it.each(['[5, "a", "FormatViolation", "", {}]', '[6, "a", "NotifyPeriodicEventStream", {}]'])(
    'CALLRESULTERROR and SEND are unknown message types before 2.1: %s',
    (raw) => {
      for (const p of ['ocpp1.6', 'ocpp2.0.1'] as const) {
        const r = parseFrame(raw, p);
        expect(!r.ok && r.error.problem).toBe('unknown-message-type');
        if (r.ok) continue;
        const reply = replyToInvalidFrame(r.error, p);
        // 2.0.1 part 4 section 4.4: respond MessageTypeNotSupported; 1.6 section 4.1.3: ignore.
        if (p === 'ocpp2.0.1') expect(reply).toMatchObject({ type: 4, messageId: 'a', errorCode: 'MessageTypeNotSupported' });
        else expect(reply).toBeUndefined();
      }
      expect(parseFrame(raw, 'ocpp2.1').ok).toBe(true);
    },
  );
});

describe('parseFrame: valid frames', () => {
  const frames: [OcppProtocol, string, Frame][] = [
    ['ocpp2.1', '[2,"19223201","BootNotification",{"reason":"PowerUp"}]',
      { type: 2, messageId: '19223201', action: 'BootNotification', payload: { reason: 'PowerUp' } }],
    ['ocpp2.0.1', '[3,"19223201",{"status":"Accepted"}]', { type: 3, messageId: '19223201', payload: { status: 'Accepted' } }],
    ['ocpp1.6', '[4,"162376037","NotSupported","SendLocalList.req not implemented",{}]',
      { type: 4, messageId: '162376037', errorCode: 'NotSupported', errorDescription: 'SendLocalList.req not implemented', errorDetails: {} }],
    ['ocpp2.1', '[5,"a","FormatViolation","bad",{"x":1}]',
      { type: 5, messageId: 'a', errorCode: 'FormatViolation', errorDescription: 'bad', errorDetails: { x: 1 } }],
    ['ocpp2.1', '[6,"b","NotifyPeriodicEventStream",{"id":1}]',
      { type: 6, messageId: 'b', action: 'NotifyPeriodicEventStream', payload: { id: 1 } }],
  ];
  it.each(frames)('%s %s parses and serializes back', (protocol, raw, frame) => {
    expect(parseFrame(raw, protocol)).toEqual({ ok: true, frame });
    expect(serializeFrame(frame)).toBe(raw);
  });

  it('reads a null payload as {} (allowed by 1.6 section 4.2.1 and 2.x section 4.1.5)', () => {
    expect(parseFrame('[2,"a","Heartbeat",null]', 'ocpp1.6')).toEqual({
      ok: true,
      frame: { type: 2, messageId: 'a', action: 'Heartbeat', payload: {} },
    });
  });

  it('accepts a 36-character message id (UUID)', () => {
    const id = '123e4567-e89b-12d3-a456-426614174000';
    expect(parseFrame(`[3,"${id}",{}]`, 'ocpp2.1').ok).toBe(true);
  });

  it('serializes a CALLERROR with the description cut to 255 characters', () => {
    const text = serializeFrame({ type: 4, messageId: 'a', errorCode: 'GenericError', errorDescription: 'e'.repeat(400), errorDetails: {} });
    const arr = JSON.parse(text) as unknown[];
    expect((arr[3] as string).length).toBe(255);
  });
});
