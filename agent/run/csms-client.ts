// The CSMS connection at start-up: the reconnecting client from the config and device model, its port for the blocks, and its adapter wiring.

import type { Logger } from 'pino';
import type { AgentConfig } from '../config/config-types.js';
import type { ConnectionPort } from '../core/context.js';
import type { DeviceModel } from '../core/device-model/device-model.js';
import { DM } from '../core/device-model/keys.js';
import { parseVariableKey } from '../core/device-model/variable-key.js';
import type { Settings } from '../core/device-model/settings.js';
import { attachAdapter, type AdapterDeps } from '../ocpp/attach-adapter.js';
import { ReconnectingClient } from '../ocpp/reconnecting-client.js';
import { backoffSettings } from './device-model-settings.js';
import { certificateCount, tlsOptionsFor } from './tls-options.js';

/** The stored SecurityCtrlr.BasicAuthPassword (WriteOnly: read with str(), not get()), else the config's. */
export function basicAuthPassword(deviceModel: DeviceModel, config: AgentConfig): string | undefined {
  const { component, variable } = parseVariableKey(DM.BasicAuthPassword);
  try {
    return deviceModel.str(component, variable) || undefined;
  } catch {
    return config.csms.basicAuthPassword;
  }
}

/** Profiles 1 and 2 authenticate the station with HTTP Basic auth, profile 3 with its TLS client certificate. */
export const usesBasicAuth = (config: AgentConfig) => config.csms.securityProfile === 1 || config.csms.securityProfile === 2;

export function csmsClient(config: AgentConfig, deviceModel: DeviceModel, settings: Settings, log: Logger): ReconnectingClient {
  const tls = tlsOptionsFor(config.csms);
  // TC_B_53_CS: the certificates the connection trusts and presents.
  deviceModel.setActual({ name: 'SecurityCtrlr' }, { name: 'CertificateEntries' }, String(certificateCount(tls)));
  const password = usesBasicAuth(config) ? basicAuthPassword(deviceModel, config) : undefined;
  return new ReconnectingClient({
    url: config.csms.url,
    stationId: config.station.id,
    protocols: config.csms.versions,
    ...(password ? { basicAuth: { password } } : {}),
    ...(tls ? { tls } : {}),
    pingIntervalSec: settings.int(DM.WebSocketPingInterval),
    backoff: () => backoffSettings(settings),
    logger: log,
  });
}

/** The connection as the core's blocks see it; `client` is built later than the blocks. */
export function connectionPort(config: AgentConfig, client: () => ReconnectingClient | undefined): ConnectionPort {
  return {
    usesBasicAuth: usesBasicAuth(config),
    update: (u) =>
      client()?.updateOptions({
        ...(u.pingIntervalSec !== undefined ? { pingIntervalSec: u.pingIntervalSec } : {}),
        ...(u.basicAuthPassword !== undefined ? { basicAuth: { password: u.basicAuthPassword } } : {}),
      }),
    reconnect: (reason) => client()?.connection?.close(1000, reason),
  };
}

/** Each new connection gets the adapter of its OCPP version; the core is attached to it and detached when it closes. */
export function wireClient(client: ReconnectingClient, deps: AdapterDeps, log: Logger): void {
  client.on('open', (rpc, protocol) => {
    log.info({ protocol }, 'connected to the CSMS');
    deps.core.attach(attachAdapter(rpc, protocol, deps));
  });
  client.on('close', (info) => {
    log.warn({ code: info.code, reason: info.reason }, 'CSMS connection closed');
    deps.core.detach();
  });
  client.on('connectFailed', (err, attempt) => log.warn({ kind: err.kind, attempt, err: err.message }, 'CSMS connection attempt failed'));
}
