// The one context every functional block is built with: device model and settings, the kv store, the EVSEs, the core, the CSMS connection, clock, logger.

import type { Logger } from 'pino';
import type { Meter } from '../../hal/meter/meter.js';
import type { DeviceModel } from './device-model/device-model.js';
import type { Settings } from './device-model/settings.js';
import type { ComponentRef } from './device-model/variable-key.js';
import type { EvseController } from './evse/evse-controller.js';
import type { StationCore, StationCoreOptions } from './station/station-core.js';

/** The store's durable key-value table. */
export interface KeyValuePort {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** The CSMS connection as the blocks see it (the reconnecting WebSocket client lives in ocpp/). */
export interface ConnectionPort {
  /** Security profile 1 or 2: the station authenticates with HTTP Basic auth. */
  readonly usesBasicAuth: boolean;
  /** Options for the next connection attempt. */
  update(o: { pingIntervalSec?: number; basicAuthPassword?: string }): void;
  /** Closes the open connection, if any; the client reconnects with its current options. */
  reconnect(reason: string): void;
}

export interface StationEvse {
  readonly id: number;
  readonly controller: EvseController;
  readonly meter: Meter;
}

export interface StationContext {
  readonly deviceModel: DeviceModel;
  readonly settings: Settings;
  readonly kv: KeyValuePort;
  readonly evses: readonly StationEvse[];
  /** The station core; built after the blocks, so use it in callbacks and start(), not while constructing a block. */
  readonly core: StationCore;
  readonly connection: ConnectionPort;
  readonly logger: Logger;
  now(): number;
}

/** Reacts to a new value of one of the block's device-model variables (from SetVariables, ChangeConfiguration or the station). */
export type SettingReaction = (value: string | undefined, key: string) => void;
/** Checks a value before SetVariables sets it; a reason rejects it. */
export type Precheck = (component: ComponentRef, variable: string, value: string) => { code: string; additionalInfo?: string } | undefined;
export type StationHooks = Partial<Pick<StationCoreOptions, 'persistAvailability' | 'persistBootReason' | 'onDriverTariff'>>;

/** One OCPP functional block's rules, as the core wires them. */
export interface FunctionalBlock {
  readonly name: string;
  /** Reactions by key ("OCPPCommCtrlr.HeartbeatInterval") or by component prefix ending in '.' ("AlignedDataCtrlr."). */
  readonly settings?: Readonly<Record<string, SettingReaction>>;
  /** A check of SetVariables values for one component (by name, any case). */
  readonly precheck?: { component: string; check: Precheck };
  /** The StationCore hooks this block answers. */
  readonly hooks?: StationHooks;
  /** After power-loss recovery, before the EVSEs start: restore what the block persisted, subscribe to the core. */
  start?(): Promise<void> | void;
}
