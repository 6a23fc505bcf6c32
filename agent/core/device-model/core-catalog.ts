// The controller components and variables a Core charging station implements (OCPP 2.0.1/2.1 part 2 appendix 3, referenced components).

import { SUPPORTED_TX_POINTS } from '../transactions/tx-points.js';
import type { VariableDefinition } from './types.js';

type Row = Omit<VariableDefinition, 'component' | 'variable'> & { name: string; instance?: string };

/** Measurands the meter maps can deliver (plus the offered values the station computes). */
export const SUPPORTED_MEASURANDS = [
  'Energy.Active.Import.Register',
  'Energy.Active.Export.Register',
  'Power.Active.Import',
  'Power.Offered',
  'Current.Import',
  'Current.Offered',
  'Voltage',
  'Frequency',
];

/** TxStartPoint/TxStopPoint values this station can observe (no parking sensor, no signed data). */
const TX_POINTS: string[] = [...SUPPORTED_TX_POINTS];

/** OCPP 2.1 TransactionLimitType fields. */
export const TRANSACTION_LIMIT_FIELDS = ['maxEnergy', 'maxTime', 'maxCost', 'maxSoC'];

/** OCPP passwordString characters (part 2 §2.1.4). */
export const PASSWORD_PATTERN = '^[A-Za-z0-9*\\-_=:+|@.]*$';
/** identifierString without ':' (the identity is also the basic-auth user name; errata 2023-06). */
export const IDENTITY_PATTERN = '^[A-Za-z0-9*\\-_=+|@.]*$';

/** An IANA time-zone name ("Europe/Oslo", "America/Argentina/Buenos_Aires", "Etc/GMT+3") or empty. */
export const TIME_ZONE_PATTERN = '^([A-Za-z_]+(/[A-Za-z0-9_+\\-]+)*)?$';

const RW = { mutability: 'ReadWrite', persistent: true } as const;
const RO_CONST = { mutability: 'ReadOnly', persistent: true, constant: true } as const;

const GROUPS: Array<{ component: string; rows: Row[] }> = [
  {
    component: 'OCPPCommCtrlr',
    rows: [
      { name: 'HeartbeatInterval', dataType: 'integer', unit: 's', minLimit: 1, maxLimit: 86_400, default: '300', ...RW },
      { name: 'OfflineThreshold', dataType: 'integer', unit: 's', minLimit: 0, maxLimit: 86_400, default: '300', ...RW },
      { name: 'MessageAttempts', instance: 'TransactionEvent', dataType: 'integer', minLimit: 1, maxLimit: 100, default: '5', ...RW },
      { name: 'MessageAttemptInterval', instance: 'TransactionEvent', dataType: 'integer', unit: 's', minLimit: 1, maxLimit: 3600, default: '60', ...RW },
      { name: 'MessageTimeout', instance: 'Default', dataType: 'integer', unit: 's', default: '30', minLimit: 1, maxLimit: 600, mutability: 'ReadOnly', persistent: true },
      { name: 'NetworkConfigurationPriority', dataType: 'SequenceList', valuesList: ['0', '1', '2', '3'], minLimit: 1, default: '0', rebootRequired: true, ...RW },
      { name: 'NetworkProfileConnectionAttempts', dataType: 'integer', minLimit: 1, maxLimit: 100, default: '3', ...RW },
      { name: 'QueueAllMessages', dataType: 'boolean', default: 'false', ...RW },
      { name: 'ResetRetries', dataType: 'integer', minLimit: 0, maxLimit: 10, default: '2', ...RW },
      { name: 'RetryBackOffWaitMinimum', dataType: 'integer', unit: 's', minLimit: 0, maxLimit: 3600, default: '3', ...RW },
      { name: 'RetryBackOffRandomRange', dataType: 'integer', unit: 's', minLimit: 0, maxLimit: 3600, default: '10', ...RW },
      { name: 'RetryBackOffRepeatTimes', dataType: 'integer', minLimit: 0, maxLimit: 20, default: '5', ...RW },
      { name: 'WebSocketPingInterval', dataType: 'integer', unit: 's', minLimit: 0, maxLimit: 3600, default: '30', ...RW },
      { name: 'FileTransferProtocols', dataType: 'MemberList', valuesList: ['FTP', 'FTPS', 'HTTP', 'HTTPS', 'SFTP'], default: 'HTTP,HTTPS', ...RO_CONST },
      {
        name: 'UnlockOnEVSideDisconnect', dataType: 'boolean', default: 'false', ...RO_CONST,
        description: 'No cable lock actuator is driven, so this is read-only false.',
      },
    ],
  },
  {
    component: 'TxCtrlr',
    rows: [
      { name: 'EVConnectionTimeOut', dataType: 'integer', unit: 's', minLimit: 0, maxLimit: 3600, default: '60', ...RW },
      { name: 'StopTxOnEVSideDisconnect', dataType: 'boolean', default: 'true', ...RW },
      { name: 'StopTxOnInvalidId', dataType: 'boolean', default: 'true', ...RW },
      { name: 'TxBeforeAcceptedEnabled', dataType: 'boolean', default: 'false', ...RW },
      { name: 'TxStartPoint', dataType: 'MemberList', valuesList: TX_POINTS, minLimit: 1, default: 'EVConnected,Authorized', ...RW },
      { name: 'TxStopPoint', dataType: 'MemberList', valuesList: TX_POINTS, minLimit: 1, default: 'EVConnected,Authorized', ...RW },
      { name: 'MaxEnergyOnInvalidId', dataType: 'integer', unit: 'Wh', minLimit: 0, maxLimit: 1_000_000, default: '0', ...RW },
      {
        name: 'SupportedLimits', dataType: 'MemberList', valuesList: TRANSACTION_LIMIT_FIELDS, default: 'maxEnergy,maxTime,maxCost',
        mutability: 'ReadOnly', persistent: false,
        description: 'OCPP 2.1: the TransactionLimitType fields enforced; a feature adding one updates it with setActual.',
      },
    ],
  },
  {
    component: 'SampledDataCtrlr',
    rows: [
      { name: 'Enabled', dataType: 'boolean', default: 'true', ...RW },
      { name: 'Available', dataType: 'boolean', default: 'true', ...RO_CONST },
      { name: 'TxStartedMeasurands', dataType: 'MemberList', valuesList: SUPPORTED_MEASURANDS, default: 'Energy.Active.Import.Register', ...RW },
      { name: 'TxUpdatedMeasurands', dataType: 'MemberList', valuesList: SUPPORTED_MEASURANDS, default: 'Energy.Active.Import.Register,Power.Active.Import', ...RW },
      { name: 'TxUpdatedInterval', dataType: 'integer', unit: 's', minLimit: 0, maxLimit: 86_400, default: '60', ...RW },
      { name: 'TxEndedMeasurands', dataType: 'MemberList', valuesList: SUPPORTED_MEASURANDS, default: 'Energy.Active.Import.Register', ...RW },
      { name: 'TxEndedInterval', dataType: 'integer', unit: 's', minLimit: 0, maxLimit: 86_400, default: '0', ...RW },
      { name: 'RegisterValuesWithoutPhases', dataType: 'boolean', default: 'true', ...RO_CONST },
    ],
  },
  {
    component: 'AlignedDataCtrlr',
    rows: [
      { name: 'Enabled', dataType: 'boolean', default: 'true', ...RW },
      { name: 'Available', dataType: 'boolean', default: 'true', ...RO_CONST },
      { name: 'Measurands', dataType: 'MemberList', valuesList: SUPPORTED_MEASURANDS, default: 'Energy.Active.Import.Register', ...RW },
      // 0 = off until the operator or the CSMS sets an interval (900 = every quarter hour from midnight UTC)
      { name: 'Interval', dataType: 'integer', unit: 's', minLimit: 0, maxLimit: 86_400, default: '0', ...RW },
      { name: 'SendDuringIdle', dataType: 'boolean', default: 'false', ...RW },
      { name: 'TxEndedMeasurands', dataType: 'MemberList', valuesList: SUPPORTED_MEASURANDS, default: 'Energy.Active.Import.Register', ...RW },
      { name: 'TxEndedInterval', dataType: 'integer', unit: 's', minLimit: 0, maxLimit: 86_400, default: '0', ...RW },
    ],
  },
  {
    component: 'AuthCtrlr',
    rows: [
      { name: 'Enabled', dataType: 'boolean', default: 'true', ...RW },
      { name: 'AuthorizeRemoteStart', dataType: 'boolean', default: 'false', ...RW },
      // TC_B_53_CS requires LocalAuthorizeOffline and LocalPreAuthorize ReadWrite (and TC_B_10_CS sets the first true):
      // without a Local Authorization List or Authorization Cache no identifier is locally authorized, so true and
      // false act alike until offline authorization exists (the descriptions say so).
      {
        name: 'LocalAuthorizeOffline', dataType: 'boolean', default: 'true', ...RW,
        description: 'No Local Authorization List or Authorization Cache yet: no identifier is locally authorized, so offline tokens are refused whatever the value.',
      },
      {
        name: 'LocalPreAuthorize', dataType: 'boolean', default: 'false', ...RW,
        description: 'No Local Authorization List or Authorization Cache yet: every token waits for the CSMS whatever the value.',
      },
      { name: 'DisableRemoteAuthorization', dataType: 'boolean', default: 'false', ...RW },
      {
        name: 'OfflineTxForUnknownIdEnabled', dataType: 'boolean', default: 'false', mutability: 'ReadOnly', persistent: false, constant: true,
        description: 'Offline authorization of unknown tokens is not implemented: read-only false.',
      },
    ],
  },
  {
    component: 'ClockCtrlr',
    rows: [
      { name: 'DateTime', dataType: 'dateTime', mutability: 'ReadOnly', persistent: false, description: 'The clock, read when asked.' },
      { name: 'TimeSource', dataType: 'SequenceList', valuesList: ['NTP', 'Heartbeat'], minLimit: 1, default: 'NTP,Heartbeat', ...RW },
      {
        name: 'TimeZone', dataType: 'string', maxLimit: 64, pattern: TIME_ZONE_PATTERN, patternHint: 'an IANA zone like Europe/Oslo, or empty', default: '', ...RW,
        description: 'The local time of tariff times of day, days and dates; empty = the system time zone.',
      },
    ],
  },
  {
    component: 'DeviceDataCtrlr',
    rows: [
      { name: 'ItemsPerMessage', instance: 'GetReport', dataType: 'integer', default: '100', ...RO_CONST },
      { name: 'ItemsPerMessage', instance: 'GetVariables', dataType: 'integer', default: '50', ...RO_CONST },
      { name: 'ItemsPerMessage', instance: 'SetVariables', dataType: 'integer', default: '50', ...RO_CONST },
      { name: 'BytesPerMessage', instance: 'GetReport', dataType: 'integer', default: '65000', ...RO_CONST },
      { name: 'BytesPerMessage', instance: 'GetVariables', dataType: 'integer', default: '65000', ...RO_CONST },
      { name: 'BytesPerMessage', instance: 'SetVariables', dataType: 'integer', default: '65000', ...RO_CONST },
      { name: 'ConfigurationValueSize', dataType: 'integer', default: '1000', ...RO_CONST },
      { name: 'ReportingValueSize', dataType: 'integer', default: '2500', ...RO_CONST },
    ],
  },
  {
    component: 'SecurityCtrlr',
    rows: [
      {
        name: 'SecurityProfile', dataType: 'integer', minLimit: 0, maxLimit: 3, default: '0', mutability: 'ReadOnly', persistent: true,
        description: 'Changed only through SetNetworkProfile; the connection sets the profile in use.',
      },
      {
        name: 'Identity', dataType: 'string', maxLimit: 48, pattern: IDENTITY_PATTERN, patternHint: 'letters, digits and * - _ = + | @ .',
        rebootRequired: true, ...RW,
      },
      {
        name: 'BasicAuthPassword', dataType: 'string', minLimit: 16, maxLimit: 40, pattern: PASSWORD_PATTERN,
        patternHint: 'letters, digits and * - _ = : + | @ .', mutability: 'WriteOnly', persistent: true,
        description: 'Never returned by GetVariables or a report, never logged.',
      },
      { name: 'OrganizationName', dataType: 'string', maxLimit: 64, default: '', ...RW },
      {
        name: 'CertificateEntries', dataType: 'integer', minLimit: 0, maxLimit: 100, default: '0', mutability: 'ReadOnly', persistent: false,
        description: 'Certificates installed: the CA bundle and client certificate chain the config names (InstallCertificate is not supported).',
      },
    ],
  },
];

/** The core catalog as flat definitions. */
export function coreCatalog(): VariableDefinition[] {
  return GROUPS.flatMap(({ component, rows }) =>
    rows.map(({ name, instance, ...rest }) => ({
      component: { name: component },
      variable: instance === undefined ? { name } : { name, instance },
      ...rest,
    })),
  );
}
