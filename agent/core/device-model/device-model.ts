// The OCPP 2.x device model: variables with characteristics, Get/Set with OCPP statuses, base reports, persistence, change events.

import { EventEmitter } from 'node:events';
import { pino, type Logger } from 'pino';
import { closest } from '../../shared/suggest.js';
import type {
  AttributeType,
  DeviceModelPersistence,
  GetResult,
  ReportBase,
  ReportEntry,
  SetResult,
  VariableDefinition,
} from './types.js';
import { checkValue } from './value-check.js';
import { componentLookupKey, lookupKey, parseVariableKey, variableKey, type ComponentRef, type VariableRef } from './variable-key.js';

export class DeviceModelError extends Error {
  override name = 'DeviceModelError';
}

export interface DeviceModelOptions {
  /** The catalog: core controllers plus the station's generated components. More can be added with register(). */
  definitions: VariableDefinition[];
  persistence: DeviceModelPersistence;
  /** Initial values by variable key (from the config's ocppDefaults); a persisted value wins over them. */
  overrides?: Record<string, string>;
  logger?: Logger;
  /** Clock for ClockCtrlr.DateTime (default: the system clock). */
  now?: () => Date;
}

export interface OverrideProblem {
  key: string;
  message: string;
}

export type ChangeListener = (key: string, value: string | undefined, definition: VariableDefinition) => void;

interface Entry {
  key: string;
  def: VariableDefinition;
  value: string | undefined;
  /** A value set by the CSMS on a rebootRequired variable: stored, used after the next start. */
  pending?: string;
  getter?: () => string | undefined;
}

/** Names a SummaryInventory lists: availability and problem state (B07). */
const SUMMARY_VARIABLES = new Set(['availabilitystate', 'available', 'problem', 'tripped', 'overload', 'fallback']);

/** Availability and problem state of physical components; a controller's "Available" means "feature supported". */
function inSummary(d: VariableDefinition): boolean {
  return SUMMARY_VARIABLES.has(d.variable.name.toLowerCase()) && !/ctrlr$/i.test(d.component.name);
}

type ComponentArg = ComponentRef | string;
type VariableArg = VariableRef | string;

function asComponent(c: ComponentArg): ComponentRef {
  return typeof c === 'string' ? { name: c } : c;
}
function asVariable(v: VariableArg): VariableRef {
  return typeof v === 'string' ? { name: v } : v;
}

export class DeviceModel extends EventEmitter {
  private readonly entries = new Map<string, Entry>();
  private readonly components = new Set<string>();
  private readonly stored = new Map<string, string>();
  private readonly pendingOverrides = new Map<string, { key: string; value: string }>();
  private readonly problems: OverrideProblem[] = [];
  private readonly persistence: DeviceModelPersistence;
  private readonly log: Logger;
  private readonly now: () => Date;

  constructor(o: DeviceModelOptions) {
    super();
    this.persistence = o.persistence;
    this.log = o.logger ?? pino({ level: 'silent' });
    this.now = o.now ?? (() => new Date());
    for (const { key, value } of o.persistence.loadVariables()) this.stored.set(key.toLowerCase(), value);
    for (const [key, value] of Object.entries(o.overrides ?? {})) {
      try {
        parseVariableKey(key);
        this.pendingOverrides.set(key.toLowerCase(), { key, value });
      } catch (err) {
        this.problems.push({ key, message: (err as Error).message });
      }
    }
    this.register(o.definitions);
    this.log.debug({ variables: this.entries.size, stored: this.stored.size }, 'device model loaded');
  }

  /** Adds components/variables (a feature's controller). Throws on a duplicate or an invalid definition. */
  register(definitions: VariableDefinition[]): void {
    for (const def of definitions) {
      const key = variableKey(def.component, def.variable);
      const lower = key.toLowerCase();
      if (this.entries.has(lower)) throw new DeviceModelError(`device model: ${key} is defined twice`);
      if (['OptionList', 'MemberList', 'SequenceList'].includes(def.dataType) && !def.valuesList?.length) {
        throw new DeviceModelError(`device model: ${key} is a ${def.dataType} without a valuesList`);
      }
      let value = def.default;
      if (value !== undefined) {
        const ok = checkValue(def, value);
        if (!ok.ok) throw new DeviceModelError(`device model: the default of ${key} is invalid: ${ok.reason.additionalInfo ?? ok.reason.code}`);
        value = ok.value;
      }
      const override = this.pendingOverrides.get(lower);
      if (override) {
        this.pendingOverrides.delete(lower);
        const ok = checkValue(def, override.value);
        if (ok.ok) value = ok.value;
        else this.problems.push({ key: override.key, message: ok.reason.additionalInfo ?? ok.reason.code });
      }
      const saved = def.persistent ? this.stored.get(lower) : undefined;
      if (saved !== undefined) {
        const ok = checkValue(def, saved);
        if (ok.ok) value = ok.value;
        else this.log.warn({ variable: key, reason: ok.reason.code }, 'ignoring a stored value the catalog no longer allows');
      }
      this.entries.set(lower, { key, def, value });
      this.components.add(componentLookupKey(def.component));
    }
    const clock = this.entries.get('clockctrlr.datetime');
    if (clock && !clock.getter) clock.getter = () => this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /**
   * Override keys that matched no variable and override values that were invalid, as
   * messages for the config's ocppDefaults. Call after every feature has registered.
   */
  overrideProblems(): OverrideProblem[] {
    const known = [...this.entries.values()].map((e) => e.key);
    const unknown = [...this.pendingOverrides.values()].map(({ key }) => {
      const guess = closest(key, known);
      return { key, message: `no device-model variable "${key}"${guess ? `; did you mean "${guess}"?` : ''}` };
    });
    return [...this.problems, ...unknown];
  }

  has(component: ComponentArg, variable: VariableArg): boolean {
    return this.entries.has(lookupKey(asComponent(component), asVariable(variable)));
  }

  definition(component: ComponentArg, variable: VariableArg): VariableDefinition | undefined {
    return this.entries.get(lookupKey(asComponent(component), asVariable(variable)))?.def;
  }

  /** Every definition in registration order. */
  definitions(): VariableDefinition[] {
    return [...this.entries.values()].map((e) => e.def);
  }

  private find(component: ComponentRef, variable: VariableRef): Entry | 'UnknownComponent' | 'UnknownVariable' {
    const entry = this.entries.get(lookupKey(component, variable));
    if (entry) return entry;
    return this.components.has(componentLookupKey(component)) ? 'UnknownVariable' : 'UnknownComponent';
  }

  /** The entry a Get/SetVariables names, or the answer when there is none or the attribute asked is not Actual (the only one). */
  private findActual(component: ComponentArg, variable: VariableArg, attributeType: AttributeType): Entry | (GetResult & SetResult) {
    const e = this.find(asComponent(component), asVariable(variable));
    if (typeof e === 'string') return { status: e };
    if (attributeType !== 'Actual') {
      return { status: 'NotSupportedAttributeType', reason: { code: 'UnsupportedParam', additionalInfo: `${e.key} has only the Actual attribute` } };
    }
    return e;
  }

  private current(e: Entry): string | undefined {
    return e.getter ? e.getter() : e.value;
  }

  /** GetVariables (B06). A WriteOnly variable is Rejected and its value never returned. */
  get(component: ComponentArg, variable: VariableArg, attributeType: AttributeType = 'Actual'): GetResult {
    const e = this.findActual(component, variable, attributeType);
    if (!('def' in e)) return e;
    if (e.def.mutability === 'WriteOnly') {
      return { status: 'Rejected', reason: { code: 'WriteOnly', additionalInfo: `${e.key} is write-only` } };
    }
    return { status: 'Accepted', value: this.current(e) ?? '' };
  }

  /**
   * SetVariables (B05): checks mutability, type and range, stores the value durably, then answers
   * Accepted (or RebootRequired: the value is stored and takes effect after the next start).
   */
  set(component: ComponentArg, variable: VariableArg, value: string, attributeType: AttributeType = 'Actual'): SetResult {
    const e = this.findActual(component, variable, attributeType);
    if (!('def' in e)) return e;
    if (e.def.mutability === 'ReadOnly') {
      return { status: 'Rejected', reason: { code: 'ReadOnly', additionalInfo: `${e.key} is read-only` } };
    }
    const ok = checkValue(e.def, value);
    if (!ok.ok) return { status: 'Rejected', reason: ok.reason };
    const secret = e.def.mutability === 'WriteOnly';
    if (e.def.persistent) {
      try {
        this.persistence.saveVariable(e.key, ok.value);
      } catch (err) {
        this.log.error({ variable: e.key, err: (err as Error).message }, 'cannot store a device-model value');
        return { status: 'Rejected', reason: { code: 'InternalError', additionalInfo: `${e.key} could not be stored` } };
      }
    }
    if (e.def.rebootRequired) {
      e.pending = ok.value;
      this.log.info({ variable: e.key, value: secret ? '[write-only]' : ok.value }, 'device-model value set; used after a reboot');
      return { status: 'RebootRequired' };
    }
    this.update(e, ok.value);
    this.log.info({ variable: e.key, value: secret ? '[write-only]' : ok.value }, 'device-model value set');
    return { status: 'Accepted' };
  }

  /**
   * A value the station itself reports (AvailabilityState, Power…), any mutability. Checks the
   * format but not min/max (part 1 §4.3); `undefined` clears it. Returns false (and logs) on a bad value.
   */
  setActual(component: ComponentArg, variable: VariableArg, value: string | undefined): boolean {
    const e = this.entryOrThrow(component, variable);
    let next: string | undefined;
    if (value !== undefined) {
      const ok = checkValue(e.def, value, false);
      if (!ok.ok) {
        this.log.warn({ variable: e.key, reason: ok.reason.code }, 'ignoring an invalid station value');
        return false;
      }
      next = ok.value;
    }
    if (next === e.value) return true;
    if (e.def.persistent && next !== undefined) {
      try {
        this.persistence.saveVariable(e.key, next);
      } catch (err) {
        this.log.error({ variable: e.key, err: (err as Error).message }, 'cannot store a device-model value');
      }
    }
    this.update(e, next);
    return true;
  }

  /** Computes a ReadOnly value when read (ClockCtrlr.DateTime is built in). */
  provide(component: ComponentArg, variable: VariableArg, getter: () => string | undefined): void {
    this.entryOrThrow(component, variable).getter = getter;
  }

  private update(e: Entry, value: string | undefined): void {
    if (value === e.value) return;
    e.value = value;
    this.log.debug({ variable: e.key, value: e.def.mutability === 'WriteOnly' ? '[write-only]' : value }, 'device-model value changed');
    this.emit('change', e.key, value, e.def);
  }

  /** GetBaseReport (B07): the entries of a base report, in catalog order; WriteOnly values are left out. */
  report(base: ReportBase): ReportEntry[] {
    const out: ReportEntry[] = [];
    for (const e of this.entries.values()) {
      const d = e.def;
      if (base === 'ConfigurationInventory' && d.mutability === 'ReadOnly') continue;
      if (base === 'SummaryInventory' && !inSummary(d)) continue;
      const value = d.mutability === 'WriteOnly' ? undefined : this.current(e);
      out.push({
        component: d.component,
        variable: d.variable,
        variableAttribute: [
          {
            type: 'Actual',
            ...(value !== undefined && { value }),
            mutability: d.mutability,
            persistent: d.persistent,
            constant: d.constant ?? false,
          },
        ],
        variableCharacteristics: {
          ...(d.unit !== undefined && { unit: d.unit }),
          dataType: d.dataType,
          ...(d.minLimit !== undefined && { minLimit: d.minLimit }),
          ...(d.maxLimit !== undefined && { maxLimit: d.maxLimit }),
          ...(d.valuesList && { valuesList: d.valuesList.join(',') }),
          supportsMonitoring: false,
        },
      });
    }
    return out;
  }

  private entryOrThrow(component: ComponentArg, variable: VariableArg): Entry {
    const c = asComponent(component);
    const v = asVariable(variable);
    const e = this.entries.get(lookupKey(c, v));
    if (!e) throw new DeviceModelError(`device model has no variable ${variableKey(c, v)}`);
    return e;
  }

  private valueOrThrow(component: ComponentArg, variable: VariableArg): { key: string; value: string } {
    const e = this.entryOrThrow(component, variable);
    const value = this.current(e);
    if (value === undefined) throw new DeviceModelError(`device-model variable ${e.key} has no value`);
    return { key: e.key, value };
  }

  /** The value as an integer (station-internal: WriteOnly values are readable here). Throws if unknown or unset. */
  int(component: ComponentArg, variable: VariableArg): number {
    const { key, value } = this.valueOrThrow(component, variable);
    const n = Number(value);
    if (!Number.isInteger(n)) throw new DeviceModelError(`device-model variable ${key} is not an integer`);
    return n;
  }

  decimal(component: ComponentArg, variable: VariableArg): number {
    const { key, value } = this.valueOrThrow(component, variable);
    const n = Number(value);
    if (!Number.isFinite(n)) throw new DeviceModelError(`device-model variable ${key} is not a number`);
    return n;
  }

  bool(component: ComponentArg, variable: VariableArg): boolean {
    return this.valueOrThrow(component, variable).value === 'true';
  }

  /** The text value; '' when unset. */
  str(component: ComponentArg, variable: VariableArg): string {
    const e = this.entryOrThrow(component, variable);
    return this.current(e) ?? '';
  }

  /** The members of a MemberList/SequenceList (or any comma-separated value); [] when empty or unset. */
  list(component: ComponentArg, variable: VariableArg): string[] {
    const text = this.str(component, variable);
    return text === '' ? [] : text.split(',').map((s) => s.trim());
  }

  /** Whether a value set on a rebootRequired variable waits for a reboot. */
  pendingReboot(): string[] {
    return [...this.entries.values()].filter((e) => e.pending !== undefined && e.pending !== e.value).map((e) => e.key);
  }

  override on(event: 'change', listener: ChangeListener): this {
    return super.on(event, listener);
  }

  override off(event: 'change', listener: ChangeListener): this {
    return super.off(event, listener);
  }
}

/** The component of EVSE `id` (or of connector `connectorId` on it), for the accessors. */
export function evseComponent(id: number, connectorId?: number): ComponentRef {
  return connectorId === undefined ? { name: 'EVSE', evse: { id } } : { name: 'Connector', evse: { id, connectorId } };
}
