// The agent's configuration after loading: typed, defaults filled in, bus names resolved into device specs, paths absolute.

import type { DisplayConfig, TariffConfig } from './read-display-tariff.js';
import type { ContactorSpec, MeterSpec, TransportSpec, VehicleSpec } from '../../hal/device-spec.js';

export type OcppVersion = 'ocpp2.1' | 'ocpp2.0.1' | 'ocpp1.6';
export const OCPP_VERSIONS: readonly OcppVersion[] = ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** OCPP security profiles: 0 none, 1 basic auth over ws://, 2 TLS + basic auth, 3 TLS with client certificate. */
export type SecurityProfile = 0 | 1 | 2 | 3;

export interface StationConfig {
  /** Charging station identity: the last path segment of the CSMS URL and the basic-auth user name. */
  id: string;
  /** BootNotification vendorName (max 50 characters). */
  vendor: string;
  /** BootNotification model (max 20 characters). */
  model: string;
  /** Max 25 characters. */
  serialNumber?: string;
  /** Max 50 characters. */
  firmwareVersion?: string;
}

export interface TlsConfig {
  /** Absolute path of the CA bundle that signs the CSMS certificate. */
  caFile: string;
  /** Absolute path of the client certificate (profile 3 only). */
  certFile?: string;
  /** Absolute path of the client private key (profile 3 only). */
  keyFile?: string;
}

export interface CsmsConfig {
  /** ws:// or wss:// URL without the station id; the id is appended as the last path segment. */
  url: string;
  /** Subprotocols to offer, most preferred first. */
  versions: OcppVersion[];
  securityProfile: SecurityProfile;
  /** Initial basic-auth password (profiles 1 and 2), 16..40 characters. Never log it. */
  basicAuthPassword?: string;
  /** Seconds between WebSocket pings; 0 disables client pings. */
  pingIntervalSec: number;
  /** Present for profiles 2 and 3. */
  tls?: TlsConfig;
}

export interface ConnectorConfig {
  /** 1..n within the EVSE. */
  id: number;
  /** OCPP connector type, e.g. "cType2", "sType2". */
  type: string;
}

export interface EvseConfig {
  /** 1..n, sequential. */
  id: number;
  connectors: ConnectorConfig[];
  /** The meter, plus how often it is polled (ms). */
  meter: MeterSpec & { pollMs: number };
  contactor: ContactorSpec;
  /** The vehicle connection, plus how often a Modbus source is polled (ms; unused for "fixed"). */
  vehicle: VehicleSpec & { pollMs: number };
  /** Rated power of the EVSE, W (EVSE.Power maxLimit in the device model). */
  maxPowerW: number;
  /** AC phases connected: 1 or 3 (EVSE.SupplyPhases). */
  phases: 1 | 3;
}

export interface AgentConfig {
  /** Absolute path of the file this was loaded from. */
  file: string;
  station: StationConfig;
  csms: CsmsConfig;
  /** Absolute directory for the database and other state. */
  dataDir: string;
  log: { level: LogLevel };
  /** Named buses as the file declared them (resolved into the devices' transports as well). */
  buses: Record<string, TransportSpec>;
  evses: EvseConfig[];
  transactions: { onPowerLoss: 'end' | 'resume' };
  /**
   * Initial device-model values by key ("OCPPCommCtrlr.HeartbeatInterval",
   * "OCPPCommCtrlr.MessageAttempts[TransactionEvent]", "EVSE@1.Power"). A value the CSMS has set
   * (persisted) wins over these. Checked against the device model when it is built.
   */
  ocppDefaults: Record<string, string>;
  /** The station display: kiosk page port, QR display layout, PNG output. */
  display: DisplayConfig;
  /** The default tariff when the CSMS sends none (absent: no price is shown). */
  tariff?: TariffConfig;
}
