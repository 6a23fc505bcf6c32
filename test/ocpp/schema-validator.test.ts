// Schema validation: every official schema compiles, and schema failures map to the right RPC error code per version.
import { describe, expect, it } from 'vitest';
import { checkAllSchemas, SchemaValidator } from '../../agent/ocpp/schema-validator.js';
import { wireErrorCode, type OcppProtocol } from '../../agent/ocpp/rpc-errors.js';

describe('schema files', () => {
  it.each<OcppProtocol>(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'])('every %s schema compiles', (protocol) => {
    const v = SchemaValidator.for(protocol);
    expect(v.compileAll()).toEqual([]);
  });

  it('the startup self-check passes for all versions', () => {
    expect(() => checkAllSchemas()).not.toThrow();
  });

  it('lists the CALL and SEND actions of each version', () => {
    expect(SchemaValidator.for('ocpp1.6').callActions()).toHaveLength(39);
    expect(SchemaValidator.for('ocpp2.0.1').callActions()).toHaveLength(64);
    expect(SchemaValidator.for('ocpp2.1').callActions()).toHaveLength(90);
    expect(SchemaValidator.for('ocpp2.1').sendActions()).toEqual(['NotifyPeriodicEventStream']);
    expect(SchemaValidator.for('ocpp2.0.1').sendActions()).toEqual([]);
  });

  it('knows actions only by their schema names; path-like or suffixed names are unknown', () => {
    const v = SchemaValidator.for('ocpp2.1');
    expect(v.has('Authorize', 'request')).toBe(true);
    expect(v.has('AuthorizeRequest', 'request')).toBe(false);
    expect(v.has('AuthorizeResponse', 'request')).toBe(false);
    expect(v.has('../v16/Authorize', 'request')).toBe(false);
    expect(v.has('NotifyPeriodicEventStream', 'send')).toBe(true);
    expect(v.has('NotifyPeriodicEventStream', 'request')).toBe(false);
    expect(SchemaValidator.for('ocpp1.6').has('Authorize', 'request')).toBe(true);
    expect(SchemaValidator.for('ocpp1.6').has('TransactionEvent', 'request')).toBe(false);
    expect(() => v.validateRequest('NoSuchAction', {})).toThrow(/no request schema for action 'NoSuchAction'/);
  });
});

const boot2x = { reason: 'PowerUp', chargingStation: { model: 'M1', vendorName: 'V' } };

describe.each<OcppProtocol>(['ocpp2.0.1', 'ocpp2.1'])('%s schema failures -> RPC error codes', (protocol) => {
  const v = SchemaValidator.for(protocol);
  it.each([
    ['a valid payload', boot2x, undefined],
    ['missing required field', { reason: 'PowerUp' }, 'OccurrenceConstraintViolation'],
    ['missing nested required field', { reason: 'PowerUp', chargingStation: { model: 'M1' } }, 'OccurrenceConstraintViolation'],
    ['wrong type', { ...boot2x, reason: 5 }, 'TypeConstraintViolation'],
    ['value not in enum', { ...boot2x, reason: 'Bogus' }, 'PropertyConstraintViolation'],
    ['string too long', { ...boot2x, chargingStation: { model: 'M'.repeat(21), vendorName: 'V' } }, 'PropertyConstraintViolation'],
    ['field the message does not define', { ...boot2x, colour: 'red' }, 'ProtocolError'],
    ['payload not an object', ['PowerUp'], 'FormatViolation'],
  ])('BootNotificationRequest with %s', (_what, payload, code) => {
    const r = v.validateRequest('BootNotification', payload);
    if (code === undefined) expect(r).toEqual({ ok: true });
    else expect(r).toMatchObject({ ok: false, errorCode: code });
  });

  it('a malformed date-time is a TypeConstraintViolation and the description names the field', () => {
    const r = v.validateResponse('Heartbeat', { currentTime: 'yesterday' });
    expect(r).toMatchObject({ ok: false, errorCode: 'TypeConstraintViolation', instancePath: '/currentTime' });
    if (!r.ok) expect(r.description).toContain('HeartbeatResponse: payload/currentTime');
    expect(v.validateResponse('Heartbeat', { currentTime: '2025-01-23T10:00:00Z' })).toEqual({ ok: true });
  });

  it('a required field missing is described by name', () => {
    const r = v.validateRequest('BootNotification', { chargingStation: { model: 'M1', vendorName: 'V' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.description).toBe("BootNotificationRequest: payload: required property 'reason' is missing");
  });
});

describe('ocpp1.6 schema failures -> RPC error codes (1.6 wire spellings)', () => {
  const v = SchemaValidator.for('ocpp1.6');
  const boot = { chargePointVendor: 'V', chargePointModel: 'M' };
  it.each([
    ['a valid payload', boot, undefined, undefined],
    ['missing required field', { chargePointVendor: 'V' }, 'OccurrenceConstraintViolation', 'OccurenceConstraintViolation'],
    ['wrong type', { ...boot, chargePointModel: 7 }, 'TypeConstraintViolation', 'TypeConstraintViolation'],
    ['string too long', { ...boot, chargePointModel: 'M'.repeat(21) }, 'PropertyConstraintViolation', 'PropertyConstraintViolation'],
    ['field the message does not define', { ...boot, colour: 'red' }, 'FormatViolation', 'FormationViolation'],
  ])('BootNotification with %s', (_what, payload, code, wire) => {
    const r = v.validateRequest('BootNotification', payload);
    if (code === undefined) {
      expect(r).toEqual({ ok: true });
      return;
    }
    expect(r).toMatchObject({ ok: false, errorCode: code });
    if (!r.ok) expect(wireErrorCode(r.errorCode, 'ocpp1.6')).toBe(wire);
  });

  it('checks 1.6 responses and enums', () => {
    expect(v.validateResponse('Authorize', { idTagInfo: { status: 'Accepted' } })).toEqual({ ok: true });
    expect(v.validateResponse('Authorize', { idTagInfo: { status: 'Maybe' } })).toMatchObject({
      ok: false,
      errorCode: 'PropertyConstraintViolation',
    });
  });
});
