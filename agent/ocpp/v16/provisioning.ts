// OCPP 1.6 provisioning (Core profile): BootNotification, Heartbeat, Reset, Get/ChangeConfiguration over the device model.

import type { BootAnswer } from '../../core/station/csms-link.js';
import { changeV16Configuration, getV16Configuration, type V16ConfigurationContext } from './v16-configuration.js';
import type { LinkPart, V16Handlers } from './v16-handlers.js';

/** 1.6 BootNotification field lengths (CiString20/25/50). */
const clip = (s: string, n: number) => s.slice(0, n);

export function v16Provisioning(h: V16Handlers): LinkPart {
  const { rpc, core, logger: log } = h;
  const config: V16ConfigurationContext = { deviceModel: h.deviceModel, connectors: core.evses.length };

  rpc.handle('Reset', (req) => {
    h.gate();
    // Both are a restart of the agent; the type is kept for the StopTransaction reason (HardReset/SoftReset).
    h.ids.setResetType(req.type);
    const r = core.reset('Immediate');
    return { status: r === 'Rejected' ? ('Rejected' as const) : ('Accepted' as const) };
  });

  rpc.handle('GetConfiguration', (req) => {
    h.gate();
    return getV16Configuration(req.key, config);
  });

  // A changed variable's reaction (HeartbeatInterval, ...) runs in the core block that owns it, as for SetVariables.
  rpc.handle('ChangeConfiguration', (req) => {
    h.gate();
    const r = changeV16Configuration(req.key, req.value, config);
    // Never log the value: it may be a secret (AuthorizationKey, SharedSecret).
    log.info({ key: req.key, status: r.status, ...(r.reason ? { reason: r.reason } : {}) }, 'ChangeConfiguration');
    return { status: r.status };
  });

  return {
    async bootNotification(): Promise<BootAnswer> {
      // 1.6 BootNotification has no reason.
      const id = h.identity;
      const r = await rpc.call('BootNotification', {
        chargePointVendor: clip(id.vendor, 20),
        chargePointModel: clip(id.model, 20),
        ...(id.serialNumber ? { chargePointSerialNumber: clip(id.serialNumber, 25) } : {}),
        ...(id.firmwareVersion ? { firmwareVersion: clip(id.firmwareVersion, 50) } : {}),
      });
      return { status: r.status, intervalS: r.interval, currentTime: r.currentTime };
    },
    async heartbeat() {
      return rpc.call('Heartbeat', {});
    },
  };
}
