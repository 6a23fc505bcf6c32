// Device-model data shapes: variable definitions (the catalog's rows), the persistence port, OCPP-shaped results.

import type { ComponentRef, VariableRef } from './variable-key.js';

export type DataType = 'string' | 'decimal' | 'integer' | 'dateTime' | 'boolean' | 'OptionList' | 'SequenceList' | 'MemberList';
export type Mutability = 'ReadOnly' | 'ReadWrite' | 'WriteOnly';
export type AttributeType = 'Actual' | 'Target' | 'MinSet' | 'MaxSet';
export type ReportBase = 'ConfigurationInventory' | 'FullInventory' | 'SummaryInventory';

/** One variable of one component, with its characteristics. Plain data: the catalog is a list of these. */
export interface VariableDefinition {
  component: ComponentRef;
  variable: VariableRef;
  dataType: DataType;
  /** OCPP unit of measure ("s", "W", "Wh"…). */
  unit?: string;
  /**
   * For integer/decimal the smallest value; for string and the list types the shortest length of
   * the (comma-separated) text, as OCPP defines minLimit.
   */
  minLimit?: number;
  /** For integer/decimal the largest value; for string and the list types the longest text. */
  maxLimit?: number;
  /** Allowed members of an OptionList, MemberList or SequenceList (reported comma-separated). */
  valuesList?: string[];
  mutability: Mutability;
  /** Kept across reboots (stored through the persistence port). */
  persistent: boolean;
  /** The value never changes at run time (reported as constant). */
  constant?: boolean;
  /** Initial value, as OCPP text ("true", "60", "Authorized,EVConnected"). Absent: no value until set. */
  default?: string;
  /** A SetVariables to this variable answers RebootRequired (the value is stored, and used after a reboot). */
  rebootRequired?: boolean;
  /** Extra rule for string values (e.g. the passwordString character set) and its explanation. */
  pattern?: string;
  patternHint?: string;
  /** One line for people reading the catalog. */
  description?: string;
}

/** Where values set by the CSMS (and persistent station values) survive a reboot. */
export interface DeviceModelPersistence {
  /** Every stored value by variable key (see variableKey). */
  loadVariables(): Array<{ key: string; value: string }>;
  /** Stores one value durably before returning; throws when it cannot. */
  saveVariable(key: string, value: string): void;
}

export interface StatusReason {
  /** An OCPP reason code (part 2 appendix 5): ReadOnly, WriteOnly, InvalidValue, ValueTooLow… */
  code: string;
  /** At most 512 characters; never contains a WriteOnly value. */
  additionalInfo?: string;
}

export type GetStatus = 'Accepted' | 'Rejected' | 'UnknownComponent' | 'UnknownVariable' | 'NotSupportedAttributeType';
export type SetStatus = GetStatus | 'RebootRequired';

export interface GetResult {
  status: GetStatus;
  /** Only with Accepted; '' when the variable has no value yet. */
  value?: string;
  reason?: StatusReason;
}

export interface SetResult {
  status: SetStatus;
  reason?: StatusReason;
}

/** One entry of a NotifyReport, shaped like OCPP's ReportDataType (2.0.1 and 2.1). */
export interface ReportEntry {
  component: ComponentRef;
  variable: VariableRef;
  variableAttribute: Array<{
    type: AttributeType;
    /** Absent for WriteOnly variables and for variables without a value. */
    value?: string;
    mutability: Mutability;
    persistent: boolean;
    constant: boolean;
  }>;
  variableCharacteristics: {
    unit?: string;
    dataType: DataType;
    minLimit?: number;
    maxLimit?: number;
    valuesList?: string;
    supportsMonitoring: boolean;
  };
}
