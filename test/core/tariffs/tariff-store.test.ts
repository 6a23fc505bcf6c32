// SetDefaultTariff, GetTariffs, ClearTariffs, ChangeTransactionTariff and driver tariffs through the TariffStore, with their statuses.

import { describe, expect, it } from 'vitest';
import type { TariffType } from '../../../agent/core/types/v21.js';
import { TariffStore, type TariffStoreOptions, type TariffStorePort } from '../../../agent/core/tariffs/tariff-store.js';
import type { TariffSettings } from '../../../agent/core/tariffs/tariff-validate.js';
import { configDefaultTariff } from '../../../agent/core/tariffs/config-tariff.js';
import { SchemaValidator } from '../../../agent/ocpp/schema-validator.js';

const NOW = Date.UTC(2025, 0, 6, 10, 0, 0);
const HOUR = 3_600_000;

function memoryPort(): TariffStorePort & { text?: string } {
  const port: TariffStorePort & { text?: string } = {
    load: () => port.text,
    save: (json) => {
      port.text = json;
    },
  };
  return port;
}

function store(over: Partial<TariffStoreOptions> = {}, settings: Partial<TariffSettings> = {}, clock = { now: NOW }): TariffStore {
  return new TariffStore({
    evseIds: [1, 2],
    settings: () => ({ tariffEnabled: true, conditionsSupported: true, currency: 'EUR', maxElements: 3, ...settings }),
    now: () => clock.now,
    ...over,
  });
}

const flat = (tariffId: string, priceKwh = 0.3, over: Partial<TariffType> = {}): TariffType => ({ tariffId, currency: 'EUR', energy: { prices: [{ priceKwh }] }, ...over });
const v21 = SchemaValidator.for('ocpp2.1');

describe('SetDefaultTariff (I07)', () => {
  it('evseId 0 installs on every EVSE; GetTariffs lists the assignment', () => {
    const s = store();
    expect(s.setDefaultTariff({ evseId: 0, tariff: flat('A') })).toEqual({ status: 'Accepted' });
    expect(s.defaultTariffFor(1)?.tariffId).toBe('A');
    expect(s.defaultTariffFor(2)?.tariffId).toBe('A');
    const got = s.getTariffs({ evseId: 0 });
    expect(got).toEqual({ status: 'Accepted', tariffAssignments: [{ tariffId: 'A', tariffKind: 'DefaultTariff', evseIds: [1, 2] }] });
    expect(v21.validateResponse('GetTariffs', got)).toEqual({ ok: true });
  });

  it('an unknown EVSE is Rejected (UnknownEvse)', () => {
    expect(store().setDefaultTariff({ evseId: 9, tariff: flat('A') })).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } });
  });

  it('more price elements than MaxElements → TooManyElements', () => {
    const tariff: TariffType = { tariffId: 'A', currency: 'EUR', energy: { prices: [1, 2, 3, 4].map((h) => ({ priceKwh: 0.1 * h, conditions: { minPower: h * 1000 } })) } };
    const r = store().setDefaultTariff({ evseId: 1, tariff });
    expect(r.status).toBe('TooManyElements');
    expect(v21.validateResponse('SetDefaultTariff', r)).toEqual({ ok: true });
  });

  it('conditions while ConditionsSupported is false → ConditionNotSupported', () => {
    const tariff = flat('A', 0.3, { energy: { prices: [{ priceKwh: 0.4, conditions: { startTimeOfDay: '17:00' } }, { priceKwh: 0.3 }] } });
    expect(store({}, { conditionsSupported: false }).setDefaultTariff({ evseId: 1, tariff }).status).toBe('ConditionNotSupported');
    expect(store().setDefaultTariff({ evseId: 1, tariff }).status).toBe('Accepted');
  });

  it('a currency other than TariffCostCtrlr.Currency is Rejected (InvalidValue)', () => {
    const r = store().setDefaultTariff({ evseId: 1, tariff: { ...flat('A'), currency: 'USD' } });
    expect(r).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue' } });
    expect(r.statusInfo?.additionalInfo).toContain('USD');
  });

  it('Enabled[Tariff] false → Rejected (NotEnabled)', () => {
    expect(store({}, { tariffEnabled: false }).setDefaultTariff({ evseId: 1, tariff: flat('A') })).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'NotEnabled' } });
  });

  it('malformed values are Rejected: time of day, opposite-sign bounds, minCost above maxCost', () => {
    const s = store();
    expect(s.setDefaultTariff({ evseId: 1, tariff: flat('A', 0.3, { energy: { prices: [{ priceKwh: 1, conditions: { startTimeOfDay: '25:00' } }] } }) }).status).toBe('Rejected');
    expect(s.setDefaultTariff({ evseId: 1, tariff: flat('B', 0.3, { energy: { prices: [{ priceKwh: 1, conditions: { minPower: 10, maxPower: -50 } }] } }) }).status).toBe('Rejected');
    expect(s.setDefaultTariff({ evseId: 1, tariff: flat('C', 0.3, { minCost: { exclTax: 10 }, maxCost: { exclTax: 5 } }) }).status).toBe('Rejected');
  });

  it('the same tariffId with other content → DuplicateTariffId; with the same content it is accepted again', () => {
    const s = store();
    expect(s.setDefaultTariff({ evseId: 1, tariff: flat('A') }).status).toBe('Accepted');
    expect(s.setDefaultTariff({ evseId: 2, tariff: flat('A', 0.99) }).status).toBe('DuplicateTariffId');
    expect(s.setDefaultTariff({ evseId: 2, tariff: flat('A') }).status).toBe('Accepted');
    expect(s.getTariffs({ evseId: 0 }).tariffAssignments).toEqual([{ tariffId: 'A', tariffKind: 'DefaultTariff', evseIds: [1, 2] }]);
  });

  it('a tariff with validFrom in the future waits, then takes over; the old one is dropped', () => {
    const clock = { now: NOW };
    const s = store({}, {}, clock);
    s.setDefaultTariff({ evseId: 1, tariff: flat('OLD') });
    const validFrom = new Date(NOW + HOUR).toISOString();
    s.setDefaultTariff({ evseId: 1, tariff: flat('NEW', 0.4, { validFrom }) });
    expect(s.defaultTariffFor(1)?.tariffId).toBe('OLD');
    expect(s.nextDefaultChangeAt()).toBe(NOW + HOUR);
    expect(s.getTariffs({ evseId: 1 }).tariffAssignments).toEqual([
      { tariffId: 'OLD', tariffKind: 'DefaultTariff', evseIds: [1] },
      { tariffId: 'NEW', tariffKind: 'DefaultTariff', validFrom, evseIds: [1] },
    ]);
    clock.now = NOW + HOUR;
    expect(s.defaultTariffFor(1)?.tariffId).toBe('NEW');
    expect(s.getTariffs({ evseId: 1 }).tariffAssignments?.map((a) => a.tariffId)).toEqual(['NEW']);
  });

  it('a later-installed tariff with an earlier validFrom does not remove one with a later validFrom', () => {
    const clock = { now: NOW };
    const s = store({}, {}, clock);
    s.setDefaultTariff({ evseId: 1, tariff: flat('LATE', 0.5, { validFrom: new Date(NOW + 2 * HOUR).toISOString() }) });
    s.setDefaultTariff({ evseId: 1, tariff: flat('EARLY', 0.4, { validFrom: new Date(NOW + HOUR).toISOString() }) });
    clock.now = NOW + 1.5 * HOUR;
    expect(s.defaultTariffFor(1)?.tariffId).toBe('EARLY');
    clock.now = NOW + 2.5 * HOUR;
    expect(s.defaultTariffFor(1)?.tariffId).toBe('LATE');
  });
});

describe('GetTariffs (I09)', () => {
  it('NoTariff when none is installed; Rejected for an unknown EVSE', () => {
    expect(store().getTariffs({ evseId: 0 })).toEqual({ status: 'NoTariff' });
    expect(store().getTariffs({ evseId: 7 }).status).toBe('Rejected');
  });

  it('per EVSE: only the tariffs on that EVSE', () => {
    const s = store();
    s.setDefaultTariff({ evseId: 1, tariff: flat('A') });
    s.setDefaultTariff({ evseId: 2, tariff: flat('B') });
    expect(s.getTariffs({ evseId: 2 }).tariffAssignments).toEqual([{ tariffId: 'B', tariffKind: 'DefaultTariff', evseIds: [2] }]);
  });

  it('lists the config-file default on EVSEs without a CSMS default', () => {
    const s = store({ configDefault: configDefaultTariff({ currency: 'EUR', pricePerKwh: 0.3 }) });
    s.setDefaultTariff({ evseId: 1, tariff: flat('A') });
    expect(s.getTariffs({ evseId: 0 }).tariffAssignments).toEqual([
      { tariffId: 'A', tariffKind: 'DefaultTariff', evseIds: [1] },
      { tariffId: 'config-default', tariffKind: 'DefaultTariff', evseIds: [2] },
    ]);
    expect(s.defaultTariffFor(2)?.tariffId).toBe('config-default');
  });
});

describe('ClearTariffs (I10)', () => {
  it('by tariffId: Accepted for an installed one, NoTariff for an unknown one', () => {
    const s = store();
    s.setDefaultTariff({ evseId: 0, tariff: flat('A') });
    const r = s.clearTariffs({ tariffIds: ['A', 'Z'] });
    expect(r).toEqual({ clearTariffsResult: [{ tariffId: 'A', status: 'Accepted' }, { tariffId: 'Z', status: 'NoTariff' }] });
    expect(v21.validateResponse('ClearTariffs', r)).toEqual({ ok: true });
    expect(s.defaultTariffFor(1)).toBeUndefined();
  });

  it('by evseId: only that EVSE', () => {
    const s = store();
    s.setDefaultTariff({ evseId: 0, tariff: flat('A') });
    expect(s.clearTariffs({ evseId: 2 })).toEqual({ clearTariffsResult: [{ tariffId: 'A', status: 'Accepted' }] });
    expect(s.defaultTariffFor(1)?.tariffId).toBe('A');
    expect(s.defaultTariffFor(2)).toBeUndefined();
  });

  it('everything; nothing to clear → a single NoTariff', () => {
    const s = store();
    s.setDefaultTariff({ evseId: 1, tariff: flat('A') });
    s.setDefaultTariff({ evseId: 2, tariff: flat('B') });
    expect(s.clearTariffs({}).clearTariffsResult.map((r) => r.status)).toEqual(['Accepted', 'Accepted']);
    expect(s.clearTariffs({})).toEqual({ clearTariffsResult: [{ status: 'NoTariff' }] });
  });

  it('the config-file default cannot be cleared (Rejected); a running transaction keeps its cleared tariff', () => {
    const s = store({ configDefault: configDefaultTariff({ currency: 'EUR', pricePerKwh: 0.3 }) });
    s.setDefaultTariff({ evseId: 1, tariff: flat('A') });
    s.startTransaction('tx1', 1);
    const r = s.clearTariffs({ tariffIds: ['A', 'config-default'] });
    expect(r.clearTariffsResult.map((x) => x.status)).toEqual(['Accepted', 'Rejected']);
    expect(s.transactionTariff('tx1')?.tariff.tariffId).toBe('A');
    expect(s.defaultTariffFor(1)?.tariffId).toBe('config-default');
  });
});

describe('driver tariff (I08, AuthorizeResponse.tariff)', () => {
  it('is used for that idToken, listed as DriverTariff, dropped when the transaction ends', () => {
    const s = store();
    s.setDefaultTariff({ evseId: 0, tariff: flat('DEF') });
    expect(s.receiveDriverTariff('TOKEN1', flat('DRV', 0.2, { validFrom: '2030-01-01T00:00:00Z' }))).toEqual({ status: 'Accepted' });
    expect(s.startTransaction('tx1', 2, 'TOKEN1')).toEqual({ tariff: flat('DRV', 0.2), kind: 'DriverTariff' });
    expect(s.startTransaction('tx2', 1, 'OTHER')?.tariff.tariffId).toBe('DEF');
    expect(s.getTariffs({ evseId: 2 }).tariffAssignments).toEqual([
      { tariffId: 'DEF', tariffKind: 'DefaultTariff', evseIds: [1, 2] },
      { tariffId: 'DRV', tariffKind: 'DriverTariff', evseIds: [2], idTokens: ['TOKEN1'] },
    ]);
    s.endTransaction('tx1');
    expect(s.tariffFor(2, 'TOKEN1')?.tariff.tariffId).toBe('DEF');
  });

  it('a driver tariff that cannot be processed returns its status (HandleFailedTariff decides)', () => {
    expect(store().receiveDriverTariff('T', { ...flat('DRV'), currency: 'USD' }).status).toBe('Rejected');
  });

  it('I08 a transaction started at plug-in (default tariff) and authorized later is priced with the token\'s driver tariff; without one it keeps the default', () => {
    const s = store();
    s.setDefaultTariff({ evseId: 0, tariff: flat('DEF') });
    expect(s.startTransaction('tx1', 1)?.tariff.tariffId).toBe('DEF'); // no token yet
    s.receiveDriverTariff('TOKEN1', flat('DRV', 0.2));
    expect(s.authorizeTransaction('tx1', 1, 'TOKEN1')).toEqual({ changed: true, choice: { tariff: flat('DRV', 0.2), kind: 'DriverTariff' } });
    expect(s.transactionTariff('tx1')?.tariff.tariffId).toBe('DRV');
    expect(s.authorizeTransaction('tx1', 1, 'TOKEN1')).toEqual({ changed: false }); // already the token's
    s.endTransaction('tx1');
    expect(s.tariffFor(1, 'TOKEN1')?.tariff.tariffId).toBe('DEF'); // the driver tariff went with its transaction
    expect(s.startTransaction('tx2', 1)?.tariff.tariffId).toBe('DEF');
    expect(s.authorizeTransaction('tx2', 1, 'PLAIN')).toEqual({ changed: false });
    expect(s.transactionTariff('tx2')?.tariff.tariffId).toBe('DEF');
  });

  it('I08 HandleFailedTariff CentralCost: a transaction started at plug-in and authorized later for that token loses its local tariff', () => {
    const s = store();
    s.setDefaultTariff({ evseId: 0, tariff: flat('DEF') });
    expect(s.startTransaction('tx1', 1)?.tariff.tariffId).toBe('DEF');
    s.useCentralCost('T');
    expect(s.authorizeTransaction('tx1', 1, 'T')).toEqual({ changed: true });
    expect(s.transactionTariff('tx1')).toBeUndefined();
    expect(s.startTransaction('tx1', 1)).toBeUndefined(); // resumed: still central
    expect(s.startTransaction('tx2', 2, 'T')?.tariff.tariffId).toBe('DEF'); // used up by tx1
  });
});

describe('ChangeTransactionTariff (I11)', () => {
  it('TxNotFound for an unknown transaction', () => {
    expect(store().changeTransactionTariff({ transactionId: 'nope', tariff: flat('N') }).response.status).toBe('TxNotFound');
  });

  it('NoCurrencyChange, TooManyElements, ConditionNotSupported, Rejected, then Accepted', () => {
    const s = store({}, { currency: undefined });
    s.setDefaultTariff({ evseId: 1, tariff: flat('A') });
    s.startTransaction('tx1', 1);
    const change = (tariff: TariffType) => s.changeTransactionTariff({ transactionId: 'tx1', tariff }).response;
    expect(change({ ...flat('N'), currency: 'KES' }).status).toBe('NoCurrencyChange');
    const many: TariffType = { tariffId: 'N', currency: 'EUR', energy: { prices: [1, 2, 3, 4].map((i) => ({ priceKwh: i })) } };
    expect(change(many).status).toBe('TooManyElements');
    const noConditions = store({}, { conditionsSupported: false });
    noConditions.setDefaultTariff({ evseId: 1, tariff: flat('A') });
    noConditions.startTransaction('tx9', 1);
    expect(noConditions.changeTransactionTariff({ transactionId: 'tx9', tariff: flat('N', 0.3, { energy: { prices: [{ priceKwh: 1, conditions: { dayOfWeek: ['Monday'] } }] } }) }).response.status).toBe('ConditionNotSupported');
    expect(change(flat('A', 0.99)).status).toBe('Rejected');
    const ok = s.changeTransactionTariff({ transactionId: 'tx1', tariff: flat('N', 0.45) });
    expect(ok.response).toEqual({ status: 'Accepted' });
    expect(ok.tariff?.tariffId).toBe('N');
    expect(s.transactionTariff('tx1')?.tariff.tariffId).toBe('N');
    expect(v21.validateResponse('ChangeTransactionTariff', ok.response)).toEqual({ ok: true });
  });
});

describe('persistence', () => {
  it('survives a restart through the port', () => {
    const port = memoryPort();
    const a = store({ persistence: port });
    a.setDefaultTariff({ evseId: 0, tariff: flat('A') });
    a.receiveDriverTariff('T', flat('D', 0.1));
    a.startTransaction('tx1', 1, 'T');
    const b = store({ persistence: port });
    expect(b.defaultTariffFor(2)?.tariffId).toBe('A');
    expect(b.transactionTariff('tx1')?.kind).toBe('DriverTariff');
    expect(b.changeTransactionTariff({ transactionId: 'tx1', tariff: flat('N') }).response.status).toBe('Accepted');
  });

  it('a transaction resumed after a restart keeps its tariff, even when the default changed meanwhile; a CentralCost one stays central', () => {
    const port = memoryPort();
    const a = store({ persistence: port });
    a.setDefaultTariff({ evseId: 0, tariff: flat('A') });
    expect(a.startTransaction('tx1', 1)?.tariff.tariffId).toBe('A');
    a.useCentralCost('T');
    expect(a.startTransaction('tx2', 2, 'T')).toBeUndefined();
    a.setDefaultTariff({ evseId: 0, tariff: flat('B') });
    const b = store({ persistence: port }); // the restart
    expect(b.startTransaction('tx1', 1)?.tariff.tariffId).toBe('A');
    expect(b.startTransaction('tx2', 2, 'T')).toBeUndefined();
    b.endTransaction('tx2');
    expect(b.startTransaction('tx3', 2, 'T')?.tariff.tariffId).toBe('B'); // the token's central pricing was for one session
  });

  it('an unreadable stored state starts empty instead of throwing', () => {
    const port = memoryPort();
    port.text = '{not json';
    expect(store({ persistence: port }).getTariffs({ evseId: 0 }).status).toBe('NoTariff');
    const failing: TariffStorePort = { load: () => { throw new Error('disk'); }, save: () => { throw new Error('disk full'); } };
    const s = store({ persistence: failing });
    expect(s.setDefaultTariff({ evseId: 1, tariff: flat('A') }).status).toBe('Accepted');
  });
});
