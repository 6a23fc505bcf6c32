// OCPP 1.6 GetConfiguration / ChangeConfiguration over the version-neutral device model: the standard 1.6 keys that have
// a device-model equivalent, a few read-only station facts, the security whitepaper's AuthorizationKey/CpoName/
// SecurityProfile, and the web-payment whitepaper's WebPaymentsCtrlr.* keys.

import type { DeviceModel } from '../../core/device-model/device-model.js';
import type { ComponentRef, VariableRef } from '../../core/device-model/variable-key.js';
import { parseV16WebPaymentsKey, v16WebPaymentsConfiguration, v16WebPaymentsKey, type V16ConfigurationEntry } from '../extensions/web-payments-datatransfer.js';
import { checkWebPaymentsValue } from '../../core/payments/web-payment-settings.js';
import type { ChangeConfigurationResponse, GetConfigurationResponse } from '../types/v16.js';

/** The Feature Profiles this adapter implements (SupportedFeatureProfiles). */
export const V16_FEATURE_PROFILES = 'Core,RemoteTrigger';
/** GetConfigurationMaxKeys. */
export const V16_GET_CONFIGURATION_MAX_KEYS = 100;
/** 1.6 GetConfiguration.conf value: at most 500 characters. */
const MAX_VALUE = 500;

type V16Key =
  | {
      key: string;
      component: ComponentRef;
      variable: VariableRef;
      /** Read-only on 1.6 even when the device model lets 2.x write it. */
      readonly?: boolean;
      /** The change is stored but used only after a restart (the answer is RebootRequired). */
      rebootRequired?: boolean;
      /** A second 2.x variable the 1.6 key stands for too (1.6 has one interval where 2.x has two). */
      alsoSets?: { component: ComponentRef; variable: VariableRef };
    }
  | { key: string; fixed: (ctx: V16ConfigurationContext) => string };

const dm = (
  key: string,
  component: string,
  variable: string,
  extra: { instance?: string; readonly?: boolean; rebootRequired?: boolean; alsoSets?: string } = {},
): V16Key => ({
  key,
  component: { name: component },
  variable: extra.instance === undefined ? { name: variable } : { name: variable, instance: extra.instance },
  ...(extra.readonly ? { readonly: true } : {}),
  ...(extra.rebootRequired ? { rebootRequired: true } : {}),
  ...(extra.alsoSets ? { alsoSets: { component: { name: component }, variable: { name: extra.alsoSets } } } : {}),
});

/** The 1.6 keys and their device-model variables (OCPP 1.6 §9.1 Core, §9.4 Remote Trigger has none; security whitepaper §7). */
const KEYS: V16Key[] = [
  dm('AllowOfflineTxForUnknownId', 'AuthCtrlr', 'OfflineTxForUnknownIdEnabled'),
  // The station never sends Authorize before a remote start: read-only, whatever the device model holds.
  dm('AuthorizeRemoteTxRequests', 'AuthCtrlr', 'AuthorizeRemoteStart', { readonly: true }),
  // 1.6: StopTxnAlignedData is sampled every ClockAlignedDataInterval, StopTxnSampledData every MeterValueSampleInterval.
  dm('ClockAlignedDataInterval', 'AlignedDataCtrlr', 'Interval', { alsoSets: 'TxEndedInterval' }),
  dm('ConnectionTimeOut', 'TxCtrlr', 'EVConnectionTimeOut'),
  { key: 'ConnectorPhaseRotation', fixed: (c) => Array.from({ length: c.connectors + 1 }, (_, i) => `${i}.Unknown`).join(',') },
  { key: 'GetConfigurationMaxKeys', fixed: () => String(V16_GET_CONFIGURATION_MAX_KEYS) },
  dm('HeartbeatInterval', 'OCPPCommCtrlr', 'HeartbeatInterval'),
  dm('LocalAuthorizeOffline', 'AuthCtrlr', 'LocalAuthorizeOffline'),
  dm('LocalPreAuthorize', 'AuthCtrlr', 'LocalPreAuthorize'),
  dm('MaxEnergyOnInvalidId', 'TxCtrlr', 'MaxEnergyOnInvalidId'),
  dm('MeterValuesAlignedData', 'AlignedDataCtrlr', 'Measurands'),
  dm('MeterValuesSampledData', 'SampledDataCtrlr', 'TxUpdatedMeasurands'),
  dm('MeterValueSampleInterval', 'SampledDataCtrlr', 'TxUpdatedInterval', { alsoSets: 'TxEndedInterval' }),
  { key: 'NumberOfConnectors', fixed: (c) => String(c.connectors) },
  dm('ResetRetries', 'OCPPCommCtrlr', 'ResetRetries'),
  dm('StopTransactionOnEVSideDisconnect', 'TxCtrlr', 'StopTxOnEVSideDisconnect'),
  dm('StopTransactionOnInvalidId', 'TxCtrlr', 'StopTxOnInvalidId'),
  dm('StopTxnAlignedData', 'AlignedDataCtrlr', 'TxEndedMeasurands'),
  dm('StopTxnSampledData', 'SampledDataCtrlr', 'TxEndedMeasurands'),
  { key: 'SupportedFeatureProfiles', fixed: () => V16_FEATURE_PROFILES },
  dm('TransactionMessageAttempts', 'OCPPCommCtrlr', 'MessageAttempts', { instance: 'TransactionEvent' }),
  dm('TransactionMessageRetryInterval', 'OCPPCommCtrlr', 'MessageAttemptInterval', { instance: 'TransactionEvent' }),
  dm('UnlockConnectorOnEVSideDisconnect', 'OCPPCommCtrlr', 'UnlockOnEVSideDisconnect'),
  // The keep-alive is set up when the connection opens: a new interval is used from the next start.
  dm('WebSocketPingInterval', 'OCPPCommCtrlr', 'WebSocketPingInterval', { rebootRequired: true }),
  // Security whitepaper: the basic-auth password (write-only; the connection uses a new one from the next start).
  dm('AuthorizationKey', 'SecurityCtrlr', 'BasicAuthPassword', { rebootRequired: true }),
  dm('CpoName', 'SecurityCtrlr', 'OrganizationName'),
  dm('SecurityProfile', 'SecurityCtrlr', 'SecurityProfile'),
];

export interface V16ConfigurationContext {
  deviceModel: DeviceModel;
  /** Connectors (= EVSEs) of the station. */
  connectors: number;
}

type ConfigurationKey = NonNullable<GetConfigurationResponse['configurationKey']>[number];

function find(key: string): V16Key | undefined {
  const lower = key.trim().toLowerCase();
  return KEYS.find((k) => k.key.toLowerCase() === lower);
}

function entryOf(k: V16Key, ctx: V16ConfigurationContext): ConfigurationKey | undefined {
  if ('fixed' in k) return { key: k.key, readonly: true, value: k.fixed(ctx).slice(0, MAX_VALUE) };
  const def = ctx.deviceModel.definition(k.component, k.variable);
  if (!def) return undefined;
  const readonly = k.readonly === true || def.mutability === 'ReadOnly';
  // A write-only value (AuthorizationKey) is never disclosed (security whitepaper A01.FR.12): the key without a value.
  if (def.mutability === 'WriteOnly') return { key: k.key, readonly };
  const r = ctx.deviceModel.get(k.component, k.variable);
  return { key: k.key, readonly, ...(r.status === 'Accepted' ? { value: (r.value ?? '').slice(0, MAX_VALUE) } : {}) };
}

function webPaymentsEntry(key: string, ctx: V16ConfigurationContext): V16ConfigurationEntry | undefined {
  const parsed = parseV16WebPaymentsKey(key);
  if (!parsed) return undefined;
  const def = ctx.deviceModel.definition(parsed.component, parsed.variable);
  if (!def) return undefined;
  return {
    key: v16WebPaymentsKey(def.variable.name, def.component.evse?.id),
    readonly: def.mutability === 'ReadOnly',
    // SharedSecret (write-only) reads as "" (the whitepaper's way to show support without disclosing it).
    value: def.mutability === 'WriteOnly' ? '' : ctx.deviceModel.str(def.component, def.variable),
  };
}

/** GetConfiguration.conf: every known key when none is asked for; asked-for keys the station does not know go to unknownKey. */
export function getV16Configuration(keys: readonly string[] | undefined, ctx: V16ConfigurationContext): GetConfigurationResponse {
  if (!keys || keys.length === 0) {
    const all = KEYS.map((k) => entryOf(k, ctx)).filter((e): e is ConfigurationKey => e !== undefined);
    const web = v16WebPaymentsConfiguration(ctx.deviceModel).map((e) => ({ ...e, value: e.value.slice(0, MAX_VALUE) }));
    return { configurationKey: [...all, ...web] };
  }
  const configurationKey: ConfigurationKey[] = [];
  const unknownKey: string[] = [];
  for (const key of keys) {
    const k = find(key);
    const e = k ? entryOf(k, ctx) : webPaymentsEntry(key, ctx);
    if (e) configurationKey.push({ ...e, ...(e.value !== undefined ? { value: e.value.slice(0, MAX_VALUE) } : {}) });
    else unknownKey.push(key.slice(0, 50));
  }
  return { ...(configurationKey.length > 0 ? { configurationKey } : {}), ...(unknownKey.length > 0 ? { unknownKey } : {}) };
}

export interface V16ChangeResult {
  status: ChangeConfigurationResponse['status'];
  /** The device-model variable that changed (on Accepted/RebootRequired), e.g. to restart the heartbeat. */
  changed?: { component: string; variable: string };
  /** Why it was Rejected (for the log; never contains the value). */
  reason?: string;
}

/** ChangeConfiguration: NotSupported for an unknown key, Rejected for a read-only key or a bad value. */
export function changeV16Configuration(key: string, value: string, ctx: V16ConfigurationContext): V16ChangeResult {
  const k = find(key);
  if (k) {
    if ('fixed' in k) return { status: 'Rejected', reason: `${k.key} is read-only` };
    if (k.readonly) return { status: 'Rejected', reason: `${k.key} is read-only on this station` };
    const result = fromSet(ctx, k.component, k.variable, value, k.rebootRequired === true, k.key);
    if (k.alsoSets && (result.status === 'Accepted' || result.status === 'RebootRequired')) ctx.deviceModel.set(k.alsoSets.component, k.alsoSets.variable, value);
    return result;
  }
  const web = parseV16WebPaymentsKey(key);
  if (web && ctx.deviceModel.definition(web.component, web.variable)) {
    const refused = checkWebPaymentsValue(ctx.deviceModel, web.component, web.variable, value);
    if (refused) return { status: 'Rejected', reason: `${key}: ${refused.additionalInfo ?? refused.code}` };
    return fromSet(ctx, web.component, { name: web.variable }, value, false, key);
  }
  return { status: 'NotSupported', reason: `unknown key ${key.slice(0, 50)}` };
}

function fromSet(ctx: V16ConfigurationContext, component: ComponentRef, variable: VariableRef, value: string, rebootRequired: boolean, key: string): V16ChangeResult {
  const r = ctx.deviceModel.set(component, variable, value);
  const changed = { component: component.name, variable: variable.name };
  switch (r.status) {
    case 'Accepted':
      return { status: rebootRequired ? 'RebootRequired' : 'Accepted', changed };
    case 'RebootRequired':
      return { status: 'RebootRequired', changed };
    case 'UnknownComponent':
    case 'UnknownVariable':
      return { status: 'NotSupported', reason: `${key} is not available on this station` };
    default:
      return { status: 'Rejected', reason: `${key}: ${r.reason?.additionalInfo ?? r.reason?.code ?? r.status}` };
  }
}
