// California pricing messages (org.openchargealliance.costmsg): the 1.6 JSON-text and 2.0.1 object forms, the native 2.0.1 forms, and each rejection reason.

import { describe, expect, it } from 'vitest';
import {
  COSTMSG_VENDOR_ID,
  costFromTransactionEventResponse,
  costMsgV16Response,
  costMsgV2Response,
  handleCostMsgDataTransfer,
  parseCostMsgDataTransfer,
  runningCostFromCostUpdated,
  type CostMsgOutcome,
} from '../../../agent/ocpp/extensions/california-costmsg.js';
import { pickCostMsgText, type CostMessage } from '../../../agent/core/pricing/cost-messages.js';

const RUNNING = {
  transactionId: 1234,
  timestamp: '2024-03-19T12:05:00Z',
  meterValue: 12345,
  cost: 3.31,
  state: 'Charging',
  chargingPrice: { kWhPrice: 0.12, hourPrice: 1.0, flatFee: 0.5 },
  idlePrice: { graceMinutes: 30, hourPrice: 2.0 },
  nextPeriod: { atTime: '2024-03-19T14:00:00-07:00', chargingPrice: { kWhPrice: 0.1 }, idlePrice: { hourPrice: 1.5 } },
  triggerMeterValue: { atTime: '2024-03-19T14:00:00-07:00', atEnergykWh: 50, atPowerkW: 0.1, atCPStatus: ['SuspendedEV', 'SuspendedEVSE'] },
};
const FINAL = {
  transactionId: 1234,
  cost: 3.31,
  priceText: '$2.81 @ $0.12/kWh, $0.50 @ $1/h, TOTAL KWH: 23.4 TIME: 03.50 COST: $3.31',
  qrCodeText: 'https://cpo.example.com/invoices/13546',
};
const USER = {
  idToken: 'ABC123',
  priceText: '$0.12/kWh, no idle fee',
  priceTextExtra: [
    { format: 'UTF8', language: 'nl', content: '€0.12/kWh, geen idle fee' },
    { format: 'UTF8', language: 'de', content: '€0,12/kWh, keine Leerlaufgebühr' },
  ],
};

const dt16 = (messageId: string, data: unknown, vendorId = COSTMSG_VENDOR_ID) => ({ vendorId, messageId, data: typeof data === 'string' ? data : JSON.stringify(data) });
const dt2 = (messageId: string, data: unknown, vendorId = COSTMSG_VENDOR_ID) => ({ vendorId, messageId, data });

function rejected(o: CostMsgOutcome): { reasonCode: string; additionalInfo: string } {
  if (o.status !== 'Rejected') throw new Error(`expected Rejected, got ${o.status}`);
  return o;
}

function accepted(o: CostMsgOutcome): CostMessage {
  if (o.status !== 'Accepted') throw new Error(`expected Accepted, got ${JSON.stringify(o)}`);
  return o.message;
}

describe('the DataTransfer forms', () => {
  it('1.6 RunningCost: every field of the table read from the JSON text; transactionId kept as text', () => {
    const m = accepted(parseCostMsgDataTransfer(dt16('RunningCost', RUNNING), 'ocpp1.6'));
    expect(m).toEqual({
      kind: 'RunningCost',
      transactionId: '1234',
      cost: 3.31,
      timestamp: '2024-03-19T12:05:00Z',
      meterValueWh: 12345,
      state: 'Charging',
      chargingPrice: { kWhPrice: 0.12, hourPrice: 1, flatFee: 0.5 },
      idlePrice: { graceMinutes: 30, hourPrice: 2 },
      nextPeriod: { atTime: '2024-03-19T14:00:00-07:00', chargingPrice: { kWhPrice: 0.1 }, idlePrice: { hourPrice: 1.5 } },
      triggerMeterValue: { atTime: '2024-03-19T14:00:00-07:00', atEnergykWh: 50, atPowerkW: 0.1, atCPStatus: ['SuspendedEV', 'SuspendedEVSE'] },
      priceTextExtra: [],
    });
  });

  it('2.0.1 RunningCost: data as an object, a 2.x string transactionId', () => {
    const m = accepted(parseCostMsgDataTransfer(dt2('RunningCost', { ...RUNNING, transactionId: 'c0ffee-42', state: 'Idle' }), 'ocpp2.0.1'));
    expect(m.kind).toBe('RunningCost');
    expect(m.kind === 'RunningCost' && m.transactionId).toBe('c0ffee-42');
    expect(m.kind === 'RunningCost' && m.state).toBe('Idle');
  });

  it('2.0.1 also takes the JSON text a CSMS reusing its 1.6 code sends', () => {
    expect(accepted(parseCostMsgDataTransfer(dt16('FinalCost', FINAL), 'ocpp2.0.1')).kind).toBe('FinalCost');
  });

  it('SetUserPrice with multi-language priceTextExtra', () => {
    const m = accepted(parseCostMsgDataTransfer(dt16('SetUserPrice', USER), 'ocpp1.6'));
    expect(m).toEqual({
      kind: 'SetUserPrice',
      idToken: 'ABC123',
      priceText: '$0.12/kWh, no idle fee',
      priceTextExtra: [
        { format: 'UTF8', language: 'nl', content: '€0.12/kWh, geen idle fee' },
        { format: 'UTF8', language: 'de', content: '€0,12/kWh, keine Leerlaufgebühr' },
      ],
    });
  });

  it('FinalCost with and without qrCodeText', () => {
    expect(accepted(parseCostMsgDataTransfer(dt2('FinalCost', FINAL), 'ocpp2.0.1'))).toEqual({ kind: 'FinalCost', transactionId: '1234', cost: 3.31, priceText: FINAL.priceText, priceTextExtra: [], qrCodeText: FINAL.qrCodeText });
    const { qrCodeText: _q, ...noQr } = FINAL;
    const m = accepted(parseCostMsgDataTransfer(dt2('FinalCost', noQr), 'ocpp2.0.1'));
    expect(m.kind === 'FinalCost' && m.qrCodeText).toBeUndefined();
  });

  it('another vendorId: UnknownVendorId; another messageId: UnknownMessageId; the vendorId compares case-insensitively', () => {
    expect(parseCostMsgDataTransfer(dt2('RunningCost', RUNNING, 'com.example'), 'ocpp2.0.1').status).toBe('UnknownVendorId');
    expect(parseCostMsgDataTransfer(dt2('TotalCost', RUNNING), 'ocpp2.0.1').status).toBe('UnknownMessageId');
    expect(parseCostMsgDataTransfer({ vendorId: COSTMSG_VENDOR_ID, data: RUNNING }, 'ocpp2.0.1').status).toBe('UnknownMessageId');
    expect(parseCostMsgDataTransfer(dt2('RunningCost', RUNNING, 'Org.OpenChargeAlliance.CostMsg'), 'ocpp2.0.1').status).toBe('Accepted');
  });

  it('unknown top-level fields are ignored (the convention grows)', () => {
    expect(parseCostMsgDataTransfer(dt2('FinalCost', { ...FINAL, futureField: { a: 1 } }), 'ocpp2.0.1').status).toBe('Accepted');
  });
});

describe('rejections name what was wrong', () => {
  const cases: Array<[string, string, unknown, 'ocpp1.6' | 'ocpp2.0.1', string, RegExp]> = [
    ['data not JSON', 'RunningCost', '{"transactionId": 1,', 'ocpp1.6', 'InvalidData', /not valid JSON/],
    ['1.6 data as an object', 'RunningCost', RUNNING, 'ocpp1.6', 'InvalidData', /JSON text in OCPP 1\.6/],
    ['data missing', 'FinalCost', undefined, 'ocpp2.0.1', 'InvalidData', /'data' is missing/],
    ['data an array', 'FinalCost', [FINAL], 'ocpp2.0.1', 'InvalidData', /must be a JSON object/],
    ['RunningCost without timestamp', 'RunningCost', { ...RUNNING, timestamp: undefined }, 'ocpp2.0.1', 'MissingField', /RunningCost: 'timestamp' is required/],
    ['RunningCost without chargingPrice', 'RunningCost', { ...RUNNING, chargingPrice: undefined }, 'ocpp2.0.1', 'MissingField', /'chargingPrice' is required/],
    ['RunningCost without meterValue', 'RunningCost', { ...RUNNING, meterValue: undefined }, 'ocpp2.0.1', 'MissingField', /'meterValue' is required/],
    ['RunningCost without state', 'RunningCost', { ...RUNNING, state: undefined }, 'ocpp2.0.1', 'MissingField', /'state' is required/],
    ['meterValue not an integer', 'RunningCost', { ...RUNNING, meterValue: 12.5 }, 'ocpp2.0.1', 'InvalidValue', /RunningCost\.meterValue must be an integer, got 12\.5/],
    ['negative cost', 'RunningCost', { ...RUNNING, cost: -1 }, 'ocpp2.0.1', 'InvalidValue', /RunningCost\.cost must not be negative/],
    ['cost as a string', 'FinalCost', { ...FINAL, cost: '3.31' }, 'ocpp2.0.1', 'InvalidValue', /FinalCost\.cost must be a number, got "3\.31"/],
    ['unknown state', 'RunningCost', { ...RUNNING, state: 'Finished' }, 'ocpp2.0.1', 'InvalidValue', /state must be "Charging" or "Idle"/],
    ['timestamp without offset', 'RunningCost', { ...RUNNING, timestamp: '2024-03-19T12:05:00' }, 'ocpp2.0.1', 'InvalidValue', /timestamp must be an ISO 8601 date-time/],
    ['negative kWhPrice', 'RunningCost', { ...RUNNING, chargingPrice: { kWhPrice: -0.1 } }, 'ocpp2.0.1', 'InvalidValue', /chargingPrice\.kWhPrice must not be negative/],
    ['graceMinutes fractional', 'RunningCost', { ...RUNNING, idlePrice: { graceMinutes: 1.5 } }, 'ocpp2.0.1', 'InvalidValue', /idlePrice\.graceMinutes must be an integer/],
    ['nextPeriod without atTime', 'RunningCost', { ...RUNNING, nextPeriod: { chargingPrice: {} } }, 'ocpp2.0.1', 'MissingField', /RunningCost\.nextPeriod: 'atTime' is required/],
    ['atCPStatus unknown', 'RunningCost', { ...RUNNING, triggerMeterValue: { atCPStatus: ['Sleeping'] } }, 'ocpp2.0.1', 'InvalidValue', /atCPStatus must be an array of connector statuses/],
    ['transactionId fractional', 'FinalCost', { ...FINAL, transactionId: 1.5 }, 'ocpp2.0.1', 'InvalidValue', /transactionId must be an integer/],
    ['transactionId too long', 'FinalCost', { ...FINAL, transactionId: 'x'.repeat(37) }, 'ocpp2.0.1', 'InvalidValue', /1 to 36 characters/],
    ['FinalCost without priceText', 'FinalCost', { ...FINAL, priceText: undefined }, 'ocpp2.0.1', 'MissingField', /FinalCost: 'priceText' is required/],
    ['priceText too long', 'FinalCost', { ...FINAL, priceText: 'x'.repeat(1025) }, 'ocpp2.0.1', 'InvalidValue', /1025 characters; at most 1024/],
    ['SetUserPrice without idToken', 'SetUserPrice', { priceText: 'x' }, 'ocpp2.0.1', 'MissingField', /SetUserPrice: 'idToken' is required/],
    ['1.6 idTag over 20 characters', 'SetUserPrice', { ...USER, idToken: 'A'.repeat(21) }, 'ocpp1.6', 'InvalidValue', /1 to 20 characters/],
    ['priceTextExtra not an array', 'SetUserPrice', { ...USER, priceTextExtra: { content: 'x' } }, 'ocpp2.0.1', 'InvalidValue', /priceTextExtra must be an array/],
    ['priceTextExtra bad format', 'SetUserPrice', { ...USER, priceTextExtra: [{ format: 'PDF', content: 'x' }] }, 'ocpp2.0.1', 'InvalidValue', /priceTextExtra\[0\]\.format must be one of/],
    ['priceTextExtra language too long', 'SetUserPrice', { ...USER, priceTextExtra: [{ format: 'UTF8', language: 'x'.repeat(9), content: 'x' }] }, 'ocpp2.0.1', 'InvalidValue', /priceTextExtra\[0\]\.language/],
  ];
  for (const [name, messageId, data, protocol, code, info] of cases) {
    it(name, () => {
      const req = protocol === 'ocpp1.6' && typeof data !== 'string' && name !== '1.6 data as an object' ? dt16(messageId, data) : dt2(messageId, data);
      const r = rejected(parseCostMsgDataTransfer(req, protocol));
      expect(r.reasonCode).toBe(code);
      expect(r.reasonCode.length).toBeLessThanOrEqual(20);
      expect(r.additionalInfo).toMatch(info);
    });
  }
});

describe('answers', () => {
  const sink = (ok: boolean) => ({
    applied: [] as CostMessage[],
    apply(m: CostMessage) {
      this.applied.push(m);
      return ok ? ({ ok: true } as const) : ({ ok: false, reasonCode: 'UnknownTransaction', additionalInfo: `no transaction` } as const);
    },
  });

  it('an accepted message goes to the sink; a refusal by the sink is a Rejected answer', () => {
    const yes = sink(true);
    expect(handleCostMsgDataTransfer(dt2('FinalCost', FINAL), 'ocpp2.0.1', yes).status).toBe('Accepted');
    expect(yes.applied).toHaveLength(1);
    const no = sink(false);
    const r = handleCostMsgDataTransfer(dt2('FinalCost', FINAL), 'ocpp2.0.1', no);
    expect(costMsgV2Response(r)).toEqual({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownTransaction', additionalInfo: 'no transaction' } });
    const bad = sink(true);
    expect(handleCostMsgDataTransfer(dt2('FinalCost', {}), 'ocpp2.0.1', bad).status).toBe('Rejected');
    expect(bad.applied).toHaveLength(0);
  });

  it('1.6 carries the reason as a JSON text in data; other statuses carry nothing', () => {
    const r = parseCostMsgDataTransfer(dt16('RunningCost', '[1'), 'ocpp1.6');
    const conf = costMsgV16Response(r);
    expect(conf.status).toBe('Rejected');
    expect(JSON.parse(conf.data!)).toEqual({ reasonCode: 'InvalidData', additionalInfo: "RunningCost: 'data' is not valid JSON" });
    expect(costMsgV16Response({ status: 'UnknownMessageId' })).toEqual({ status: 'UnknownMessageId' });
    expect(costMsgV2Response({ status: 'UnknownVendorId' })).toEqual({ status: 'UnknownVendorId' });
  });
});

describe('the whitepaper native OCPP 2.0.1 forms', () => {
  it('CostUpdated with costmsg customData is a RunningCost with the table 4 fields', () => {
    const { transactionId: _t, cost: _c, ...details } = RUNNING;
    const r = runningCostFromCostUpdated({ totalCost: 1.345, transactionId: 'tx-1', customData: { vendorId: COSTMSG_VENDOR_ID, ...details } });
    expect(r.ok && r.message).toMatchObject({ kind: 'RunningCost', transactionId: 'tx-1', cost: 1.345, meterValueWh: 12345, state: 'Charging', chargingPrice: { kWhPrice: 0.12 } });
  });

  it('CostUpdated without customData (or another vendor) is just the cost; a bad costmsg field is named', () => {
    expect(runningCostFromCostUpdated({ totalCost: 2, transactionId: 'tx-1' })).toEqual({ ok: true, message: { kind: 'RunningCost', transactionId: 'tx-1', cost: 2, priceTextExtra: [] } });
    expect(runningCostFromCostUpdated({ totalCost: 2, transactionId: 'tx-1', customData: { vendorId: 'x', state: 'bad' } }).ok).toBe(true);
    const bad = runningCostFromCostUpdated({ totalCost: 2, transactionId: 'tx-1', customData: { vendorId: COSTMSG_VENDOR_ID, state: 'bad' } });
    expect(!bad.ok && bad.additionalInfo).toMatch(/CostUpdated\.customData\.state/);
  });

  it('TransactionEventResponse: totalCost with updatedPersonalMessage is the FinalCost of an Ended event, a RunningCost otherwise', () => {
    const response = {
      totalCost: 3.31,
      updatedPersonalMessage: { format: 'UTF8', language: 'en', content: 'TOTAL 3.31' },
      customData: { vendorId: 'org.openchargealliance.org.qrcode', qrCodeText: 'https://cpo.example.com/i/1' },
    };
    expect(costFromTransactionEventResponse('Ended', 'tx-9', response)).toEqual({
      ok: true,
      message: { kind: 'FinalCost', transactionId: 'tx-9', cost: 3.31, priceText: 'TOTAL 3.31', priceTextExtra: [], qrCodeText: 'https://cpo.example.com/i/1' },
    });
    const running = costFromTransactionEventResponse('Updated', 'tx-9', response);
    expect(running?.ok && running.message.kind).toBe('RunningCost');
    expect(costFromTransactionEventResponse('Updated', 'tx-9', {})).toBeUndefined();
  });
});

describe('pickCostMsgText', () => {
  it('the first preferred language present, else the main text', () => {
    const extras = [{ format: 'UTF8' as const, language: 'nl', content: 'NL' }, { format: 'UTF8' as const, language: 'de', content: 'DE' }];
    expect(pickCostMsgText('EN', extras, ['de', 'nl'])).toBe('DE');
    expect(pickCostMsgText('EN', extras, ['fr'])).toBe('EN');
    expect(pickCostMsgText('EN', extras, ['en', 'nl'], 'en')).toBe('EN');
    expect(pickCostMsgText(undefined, extras, [])).toBe('NL');
  });
});
