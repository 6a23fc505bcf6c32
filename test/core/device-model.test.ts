// Device model: GetVariables (B06), SetVariables (B05), GetBaseReport content (B07), persistence, write-only secrecy, change events.

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { coreCatalog } from '../../agent/core/device-model/core-catalog.js';
import { DeviceModel, DeviceModelError, evseComponent } from '../../agent/core/device-model/device-model.js';
import { catalogFor, initialValuesFor } from '../../agent/run/device-model-from-config.js';
import { MemoryPersistence } from '../../agent/core/device-model/memory-persistence.js';
import { stationComponents } from '../../agent/core/device-model/station-components.js';
import type { VariableDefinition } from '../../agent/core/device-model/types.js';

const layout = {
  vendor: 'charger-agent',
  model: 'test',
  evses: [
    { id: 1, maxPowerW: 22000, phases: 3 as const, connectors: [{ id: 1, type: 'cType2' }] },
    { id: 2, maxPowerW: 11000, phases: 1 as const, connectors: [{ id: 1, type: 'sType2' }, { id: 2, type: 'cCCS2' }] },
  ],
};
const PASSWORD = 'Secret-Password-0123';

function catalog(): VariableDefinition[] {
  return [...coreCatalog(), ...stationComponents(layout)];
}

let store: MemoryPersistence;
let lines: string[];
let dm: DeviceModel;

function make(overrides: Record<string, string> = {}): DeviceModel {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return new DeviceModel({ definitions: catalog(), persistence: store, overrides, logger: pino({ level: 'trace' }, sink) });
}

beforeEach(() => {
  store = new MemoryPersistence();
  lines = [];
  dm = make({ 'SecurityCtrlr.BasicAuthPassword': PASSWORD, 'OCPPCommCtrlr.OfflineThreshold': '300' });
});

describe('GetVariables (B06)', () => {
  it('B06.FR.01 a known variable is Accepted with its Actual value (TC_B_06: OfflineThreshold 300)', () => {
    expect(dm.get('OCPPCommCtrlr', 'OfflineThreshold')).toEqual({ status: 'Accepted', value: '300' });
    expect(dm.get('AuthCtrlr', 'LocalAuthorizeOffline', 'Actual')).toEqual({ status: 'Accepted', value: 'true' });
  });

  it('B06.FR.01 variable instances and EVSE/connector components are addressed exactly', () => {
    expect(dm.get('OCPPCommCtrlr', { name: 'MessageAttempts', instance: 'TransactionEvent' })).toEqual({ status: 'Accepted', value: '5' });
    expect(dm.get(evseComponent(2, 2), 'ConnectorType')).toEqual({ status: 'Accepted', value: 'cCCS2' });
    expect(dm.get(evseComponent(2), 'SupplyPhases')).toEqual({ status: 'Accepted', value: '1' });
    expect(dm.get({ name: 'EVSE', evse: { id: 3 } }, 'Power').status).toBe('UnknownComponent');
    expect(dm.get('EVSE', 'Power').status).toBe('UnknownComponent');
  });

  it('component and variable names are case-insensitive', () => {
    expect(dm.get('ocppcommctrlr', 'offlinethreshold')).toEqual({ status: 'Accepted', value: '300' });
  });

  it('B06.FR.06 an unknown component answers UnknownComponent (TC_B_32)', () => {
    expect(dm.get('UnknownComponent', 'OfflineThreshold')).toEqual({ status: 'UnknownComponent' });
  });

  it('B06.FR.07 an unknown variable of a known component answers UnknownVariable (TC_B_33)', () => {
    expect(dm.get('OCPPCommCtrlr', 'UnknownVariable')).toEqual({ status: 'UnknownVariable' });
  });

  it('B06.FR.08 an attribute type the variable does not have answers NotSupportedAttributeType (TC_B_34)', () => {
    expect(dm.get('OCPPCommCtrlr', 'OfflineThreshold', 'Target').status).toBe('NotSupportedAttributeType');
  });

  it('a WriteOnly variable is Rejected and its value is not returned', () => {
    const r = dm.get('SecurityCtrlr', 'BasicAuthPassword');
    expect(r).toEqual({ status: 'Rejected', reason: { code: 'WriteOnly', additionalInfo: 'SecurityCtrlr.BasicAuthPassword is write-only' } });
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
  });

  it('ClockCtrlr.DateTime reads the clock', () => {
    const fixed = new DeviceModel({ definitions: coreCatalog(), persistence: store, now: () => new Date('2025-03-04T05:06:07.890Z') });
    expect(fixed.get('ClockCtrlr', 'DateTime')).toEqual({ status: 'Accepted', value: '2025-03-04T05:06:07Z' });
  });
});

describe('SetVariables (B05)', () => {
  it('B05.FR.01 B05.FR.02 a valid value is Accepted and read back (TC_B_09, TC_B_10)', () => {
    expect(dm.set('OCPPCommCtrlr', 'OfflineThreshold', '120')).toEqual({ status: 'Accepted' });
    expect(dm.set('AuthCtrlr', 'LocalAuthorizeOffline', 'false')).toEqual({ status: 'Accepted' });
    expect(dm.int('OCPPCommCtrlr', 'OfflineThreshold')).toBe(120);
    expect(dm.bool('AuthCtrlr', 'LocalAuthorizeOffline')).toBe(false);
  });

  it('B05.FR.04 an unknown component answers UnknownComponent (TC_B_35)', () => {
    expect(dm.set('UnknownComponent', 'OfflineThreshold', '1')).toEqual({ status: 'UnknownComponent' });
  });

  it('B05.FR.05 an unknown variable answers UnknownVariable (TC_B_36)', () => {
    expect(dm.set('OCPPCommCtrlr', 'UnknownVariable', '1')).toEqual({ status: 'UnknownVariable' });
  });

  it('B05.FR.06 an unsupported attribute type answers NotSupportedAttributeType (TC_B_37)', () => {
    expect(dm.set('OCPPCommCtrlr', 'OfflineThreshold', '1', 'Target').status).toBe('NotSupportedAttributeType');
    expect(dm.int('OCPPCommCtrlr', 'OfflineThreshold')).toBe(300);
  });

  it('B05.FR.07 invalidly formatted values are Rejected (TC_B_11: 1, 1.1, true, a date, "abc")', () => {
    const now = new Date().toISOString();
    const offline = ['1', '1.1', 'true', now, 'abc'].map((v) => dm.set('OCPPCommCtrlr', 'OfflineThreshold', v).status);
    expect(offline).toEqual(['Accepted', 'Rejected', 'Rejected', 'Rejected', 'Rejected']);
    const remote = ['1', '1.1', 'true', now, 'abc'].map((v) => dm.set('AuthCtrlr', 'AuthorizeRemoteStart', v).status);
    expect(remote).toEqual(['Rejected', 'Rejected', 'Accepted', 'Rejected', 'Rejected']);
    expect(dm.set('OCPPCommCtrlr', 'OfflineThreshold', 'abc').reason).toEqual({ code: 'InvalidValue', additionalInfo: '"abc" is not an integer' });
  });

  it('B05.FR.09 a ReadOnly variable is Rejected (TC_B_39: MessageTimeout[Default])', () => {
    expect(dm.set('OCPPCommCtrlr', { name: 'MessageTimeout', instance: 'Default' }, '10')).toEqual({
      status: 'Rejected',
      reason: { code: 'ReadOnly', additionalInfo: 'OCPPCommCtrlr.MessageTimeout[Default] is read-only' },
    });
    expect(dm.int('OCPPCommCtrlr', { name: 'MessageTimeout', instance: 'Default' })).toBe(30);
  });

  it('values outside minLimit/maxLimit are Rejected with ValueTooLow/ValueTooHigh', () => {
    expect(dm.set('OCPPCommCtrlr', 'HeartbeatInterval', '0').reason?.code).toBe('ValueTooLow');
    expect(dm.set('OCPPCommCtrlr', 'HeartbeatInterval', '86401').reason?.code).toBe('ValueTooHigh');
    expect(dm.set('OCPPCommCtrlr', 'WebSocketPingInterval', '-1').status).toBe('Rejected');
    expect(dm.set('OCPPCommCtrlr', 'HeartbeatInterval', '86400').status).toBe('Accepted');
  });

  it('MemberList values must be members of valuesList, without repeats; spelling is normalized', () => {
    expect(dm.set('TxCtrlr', 'TxStartPoint', 'ParkingBayOccupancy').status).toBe('Rejected');
    expect(dm.set('TxCtrlr', 'TxStartPoint', 'Authorized,Authorized').status).toBe('Rejected');
    expect(dm.set('TxCtrlr', 'TxStartPoint', '').status).toBe('Rejected');
    expect(dm.set('TxCtrlr', 'TxStartPoint', 'authorized, EVConnected').status).toBe('Accepted');
    expect(dm.list('TxCtrlr', 'TxStartPoint')).toEqual(['Authorized', 'EVConnected']);
    expect(dm.set('SampledDataCtrlr', 'TxUpdatedMeasurands', '').status).toBe('Accepted');
    expect(dm.list('SampledDataCtrlr', 'TxUpdatedMeasurands')).toEqual([]);
  });

  it('SequenceList values keep their order', () => {
    expect(dm.set('ClockCtrlr', 'TimeSource', 'Heartbeat,NTP').status).toBe('Accepted');
    expect(dm.list('ClockCtrlr', 'TimeSource')).toEqual(['Heartbeat', 'NTP']);
    expect(dm.set('ClockCtrlr', 'TimeSource', 'GPS').status).toBe('Rejected');
  });

  it('string length is checked against minLimit/maxLimit, and the character set where one is defined', () => {
    expect(dm.set('SecurityCtrlr', 'OrganizationName', 'x'.repeat(65)).reason?.code).toBe('ValueOutOfRange');
    expect(dm.set('SecurityCtrlr', 'BasicAuthPassword', 'short').reason).toEqual({
      code: 'ValueOutOfRange',
      additionalInfo: 'the value has 5 characters, at least 16 are required',
    });
    const bad = dm.set('SecurityCtrlr', 'BasicAuthPassword', 'has space in it 12345');
    expect(bad.status).toBe('Rejected');
    expect(JSON.stringify(bad)).not.toContain('has space');
  });

  it('a variable whose change needs a reboot answers RebootRequired; the value is stored and used after the restart', () => {
    expect(dm.set('SecurityCtrlr', 'Identity', 'CS-NEW-1')).toEqual({ status: 'RebootRequired' });
    expect(dm.str('SecurityCtrlr', 'Identity')).toBe('');
    expect(dm.pendingReboot()).toEqual(['SecurityCtrlr.Identity']);
    expect(make().str('SecurityCtrlr', 'Identity')).toBe('CS-NEW-1');
  });

  it('the value is stored before Accepted; a storage failure answers Rejected and keeps the old value', () => {
    expect(dm.set('OCPPCommCtrlr', 'HeartbeatInterval', '90').status).toBe('Accepted');
    expect(store.values.get('OCPPCommCtrlr.HeartbeatInterval')).toBe('90');
    store.failSaves = true;
    expect(dm.set('OCPPCommCtrlr', 'HeartbeatInterval', '45')).toMatchObject({ status: 'Rejected', reason: { code: 'InternalError' } });
    expect(dm.int('OCPPCommCtrlr', 'HeartbeatInterval')).toBe(90);
  });

  it('emits change with the key and the new value, once per actual change', () => {
    const seen: Array<[string, string | undefined]> = [];
    dm.on('change', (key, value) => seen.push([key, value]));
    dm.set('OCPPCommCtrlr', 'HeartbeatInterval', '90');
    dm.set('OCPPCommCtrlr', 'HeartbeatInterval', '90');
    dm.set('OCPPCommCtrlr', { name: 'MessageAttempts', instance: 'TransactionEvent' }, '3');
    dm.setActual(evseComponent(1), 'AvailabilityState', 'Occupied');
    expect(seen).toEqual([
      ['OCPPCommCtrlr.HeartbeatInterval', '90'],
      ['OCPPCommCtrlr.MessageAttempts[TransactionEvent]', '3'],
      ['EVSE@1.AvailabilityState', 'Occupied'],
    ]);
  });
});

describe('persistence', () => {
  it('values set survive a new DeviceModel on the same persistence; they win over config overrides', () => {
    dm.set('OCPPCommCtrlr', 'OfflineThreshold', '600');
    dm.set('TxCtrlr', 'TxStopPoint', 'EVConnected');
    dm.set('SecurityCtrlr', 'BasicAuthPassword', 'Another-Password-99');
    const again = make({ 'OCPPCommCtrlr.OfflineThreshold': '300', 'SecurityCtrlr.BasicAuthPassword': PASSWORD });
    expect(again.int('OCPPCommCtrlr', 'OfflineThreshold')).toBe(600);
    expect(again.list('TxCtrlr', 'TxStopPoint')).toEqual(['EVConnected']);
    expect(again.str('SecurityCtrlr', 'BasicAuthPassword')).toBe('Another-Password-99');
  });

  it('non-persistent station values are not stored', () => {
    dm.setActual(evseComponent(1), 'AvailabilityState', 'Faulted');
    expect(make().str(evseComponent(1), 'AvailabilityState')).toBe('Available');
  });

  it('a stored value the catalog no longer allows is ignored', () => {
    store.values.set('OCPPCommCtrlr.HeartbeatInterval', '999999');
    expect(make().int('OCPPCommCtrlr', 'HeartbeatInterval')).toBe(300);
  });
});

describe('overrides (config ocppDefaults)', () => {
  it('set initial values, including for ReadOnly variables', () => {
    const m = make({ 'OCPPCommCtrlr.HeartbeatInterval': '60', 'DeviceDataCtrlr.ItemsPerMessage[GetVariables]': '20' });
    expect(m.int('OCPPCommCtrlr', 'HeartbeatInterval')).toBe(60);
    expect(m.int('DeviceDataCtrlr', { name: 'ItemsPerMessage', instance: 'GetVariables' })).toBe(20);
    expect(m.overrideProblems()).toEqual([]);
  });

  it('unknown keys (with a suggestion) and invalid values are reported, not applied', () => {
    const m = make({ 'OCPPCommCtrlr.HeartbeatIntervall': '60', 'TxCtrlr.EVConnectionTimeOut': 'soon', 'SecurityCtrlr.BasicAuthPassword': 'tiny' });
    expect(m.overrideProblems()).toEqual([
      { key: 'TxCtrlr.EVConnectionTimeOut', message: '"soon" is not an integer' },
      { key: 'SecurityCtrlr.BasicAuthPassword', message: 'the value has 4 characters, at least 16 are required' },
      { key: 'OCPPCommCtrlr.HeartbeatIntervall', message: 'no device-model variable "OCPPCommCtrlr.HeartbeatIntervall"; did you mean "OCPPCommCtrlr.HeartbeatInterval"?' },
    ]);
    expect(m.int('TxCtrlr', 'EVConnectionTimeOut')).toBe(60);
  });

  it('an override for a component registered later applies when it is registered', () => {
    const m = make({ 'WebPaymentsCtrlr.ValidityTime': '45' });
    expect(m.overrideProblems()).toHaveLength(1);
    m.register([{ component: { name: 'WebPaymentsCtrlr' }, variable: { name: 'ValidityTime' }, dataType: 'integer', default: '30', mutability: 'ReadWrite', persistent: true }]);
    expect(m.int('WebPaymentsCtrlr', 'ValidityTime')).toBe(45);
    expect(m.overrideProblems()).toEqual([]);
  });
});

describe('station values (setActual)', () => {
  it('updates ReadOnly values without min/max checks, and clears them with undefined', () => {
    expect(dm.setActual(evseComponent(1), 'Power', '23000')).toBe(true);
    expect(dm.get(evseComponent(1), 'Power')).toEqual({ status: 'Accepted', value: '23000' });
    expect(dm.setActual(evseComponent(1), 'Power', undefined)).toBe(true);
    expect(dm.get(evseComponent(1), 'Power')).toEqual({ status: 'Accepted', value: '' });
  });

  it('refuses a badly formatted value and keeps the old one', () => {
    expect(dm.setActual(evseComponent(1), 'AvailabilityState', 'Broken')).toBe(false);
    expect(dm.setActual(evseComponent(1), 'Power', 'NaN')).toBe(false);
    expect(dm.str(evseComponent(1), 'AvailabilityState')).toBe('Available');
  });

  it('throws for a variable that does not exist (a programming error)', () => {
    expect(() => dm.setActual('Nope', 'X', '1')).toThrow(DeviceModelError);
    expect(() => dm.int('Nope', 'X')).toThrow('device model has no variable Nope.X');
    expect(() => dm.int(evseComponent(1), 'Power')).toThrow('device-model variable EVSE@1.Power has no value');
  });
});

describe('GetBaseReport (B07)', () => {
  it('B07.FR.07 ConfigurationInventory lists the ReadWrite and WriteOnly variables with characteristics (TC_B_12)', () => {
    const report = dm.report('ConfigurationInventory');
    expect(report.length).toBeGreaterThan(30);
    for (const e of report) {
      expect(['ReadWrite', 'WriteOnly']).toContain(e.variableAttribute[0]?.mutability);
      expect(e.variableCharacteristics.dataType).toBeDefined();
      if (['OptionList', 'MemberList', 'SequenceList'].includes(e.variableCharacteristics.dataType)) {
        expect(e.variableCharacteristics.valuesList).toBeTruthy();
      }
    }
    expect(report.find((e) => e.variable.name === 'HeartbeatInterval')).toEqual({
      component: { name: 'OCPPCommCtrlr' },
      variable: { name: 'HeartbeatInterval' },
      variableAttribute: [{ type: 'Actual', value: '300', mutability: 'ReadWrite', persistent: true, constant: false }],
      variableCharacteristics: { unit: 's', dataType: 'integer', minLimit: 1, maxLimit: 86400, supportsMonitoring: false },
    });
  });

  it('B07.FR.08 FullInventory lists every variable, including read-only ones and every EVSE and connector (TC_B_13)', () => {
    const report = dm.report('FullInventory');
    expect(report).toHaveLength(dm.definitions().length);
    expect(report.find((e) => e.component.name === 'Connector' && e.component.evse?.connectorId === 2 && e.variable.name === 'ConnectorType'))
      .toMatchObject({ component: { evse: { id: 2, connectorId: 2 } }, variableAttribute: [{ value: 'cCCS2', mutability: 'ReadOnly', constant: true }] });
    expect(report.find((e) => e.component.name === 'EVSE' && e.component.evse?.id === 2 && e.variable.name === 'Power')?.variableCharacteristics)
      .toEqual({ unit: 'W', dataType: 'decimal', minLimit: 0, maxLimit: 11000, supportsMonitoring: false });
    expect(report.find((e) => e.variable.name === 'SupportedLimits')?.variableAttribute[0]?.value).toBe('maxEnergy,maxTime,maxCost');
  });

  it('SummaryInventory lists availability and problem state only', () => {
    const names = new Set(dm.report('SummaryInventory').map((e) => e.variable.name));
    expect([...names].sort()).toEqual(['AvailabilityState', 'Available', 'Problem']);
    // ChargingStation + 2 EVSEs + 3 connectors, three variables each.
    expect(dm.report('SummaryInventory')).toHaveLength(18);
  });

  it('WriteOnly values are never included in any report', () => {
    for (const base of ['ConfigurationInventory', 'FullInventory', 'SummaryInventory'] as const) {
      const text = JSON.stringify(dm.report(base));
      expect(text).not.toContain(PASSWORD);
    }
    const entry = dm.report('FullInventory').find((e) => e.variable.name === 'BasicAuthPassword');
    expect(entry?.variableAttribute).toEqual([{ type: 'Actual', mutability: 'WriteOnly', persistent: true, constant: false }]);
  });
});

describe('secrets', () => {
  it('a WriteOnly value never appears in a log line, whatever happens to it', () => {
    dm.set('SecurityCtrlr', 'BasicAuthPassword', 'Brand-New-Password-77');
    dm.set('SecurityCtrlr', 'BasicAuthPassword', 'bad pass word with spaces');
    dm.setActual('SecurityCtrlr', 'BasicAuthPassword', 'Station-Set-Password-1');
    const m = make({ 'SecurityCtrlr.BasicAuthPassword': 'tiny-secret' });
    m.overrideProblems();
    expect(lines.length).toBeGreaterThan(2);
    const all = lines.join('\n');
    for (const secret of [PASSWORD, 'Brand-New-Password-77', 'bad pass word', 'Station-Set-Password-1', 'tiny-secret']) expect(all).not.toContain(secret);
    expect(JSON.stringify(m.overrideProblems())).not.toContain('tiny-secret');
  });

  it('the station reads the secret through the typed accessor (to connect), and later features register their own', () => {
    expect(dm.str('SecurityCtrlr', 'BasicAuthPassword')).toBe(PASSWORD);
    dm.register([
      { component: { name: 'WebPaymentsCtrlr' }, variable: { name: 'SharedSecret' }, dataType: 'string', maxLimit: 64, mutability: 'WriteOnly', persistent: true },
    ]);
    expect(dm.set('WebPaymentsCtrlr', 'SharedSecret', 'qr-secret-value').status).toBe('Accepted');
    expect(dm.get('WebPaymentsCtrlr', 'SharedSecret').status).toBe('Rejected');
    expect(JSON.stringify(dm.report('ConfigurationInventory'))).not.toContain('qr-secret-value');
    expect(lines.join('\n')).not.toContain('qr-secret-value');
  });
});

describe('catalog', () => {
  it('every default is valid and register() refuses duplicates and list types without valuesList', () => {
    expect(() => make()).not.toThrow();
    expect(() => dm.register([coreCatalog()[0] as VariableDefinition])).toThrow('device model: OCPPCommCtrlr.HeartbeatInterval is defined twice');
    expect(() =>
      dm.register([{ component: { name: 'X' }, variable: { name: 'Y' }, dataType: 'MemberList', mutability: 'ReadWrite', persistent: true }]),
    ).toThrow(/without a valuesList/);
  });

  it('built from a config: station components per EVSE and the config values as initial values', () => {
    const config = {
      station: { id: 'CS-9', vendor: 'v', model: 'm' },
      csms: { url: 'ws://x/ocpp', versions: ['ocpp2.0.1' as const], securityProfile: 1 as const, basicAuthPassword: PASSWORD, pingIntervalSec: 15 },
      ocppDefaults: { 'OCPPCommCtrlr.WebSocketPingInterval': '99', 'OCPPCommCtrlr.HeartbeatInterval': '60' },
      evses: [{ id: 1, maxPowerW: 7400, phases: 1 as const, connectors: [{ id: 1, type: 'sType2' }] }],
    };
    const m = new DeviceModel({
      definitions: catalogFor(config as never),
      persistence: new MemoryPersistence(),
      overrides: initialValuesFor(config as never),
    });
    expect(m.overrideProblems()).toEqual([]);
    expect(m.str('SecurityCtrlr', 'Identity')).toBe('CS-9');
    expect(m.int('SecurityCtrlr', 'SecurityProfile')).toBe(1);
    expect(m.int('OCPPCommCtrlr', 'WebSocketPingInterval')).toBe(15);
    expect(m.int('OCPPCommCtrlr', 'HeartbeatInterval')).toBe(60);
    expect(m.definition(evseComponent(1), 'Power')?.maxLimit).toBe(7400);
    expect(m.has(evseComponent(2), 'Power')).toBe(false);
  });
});
