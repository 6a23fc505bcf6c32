// OCPP 2.x provisioning (block B): BootNotification, Heartbeat, Reset, and the device model's Get/SetVariables and reports.

import type { BootAnswer, BootReason } from '../../core/station/csms-link.js';
import { attachDeviceModelHandlers } from './device-model-handlers.js';
import type { LinkPart, V2Handlers } from './v2-handlers.js';

export function v2Provisioning(h: V2Handlers): LinkPart {
  const { rpc, core } = h;
  attachDeviceModelHandlers({ rpc, deviceModel: h.deviceModel, logger: h.logger, gate: h.gate, ...(h.precheck ? { precheck: h.precheck } : {}) });

  // 2.1's ImmediateAndResume (resume transactions across the reset) is not offered: answered Rejected.
  rpc.handle('Reset', (req) => {
    h.gate();
    return { status: req.type === 'ImmediateAndResume' ? 'Rejected' : core.reset(req.type, req.evseId) };
  });

  return {
    async bootNotification(reason: BootReason): Promise<BootAnswer> {
      const id = h.identity;
      const r = await rpc.call('BootNotification', {
        reason,
        chargingStation: {
          vendorName: id.vendor,
          model: id.model,
          ...(id.serialNumber ? { serialNumber: id.serialNumber } : {}),
          ...(id.firmwareVersion ? { firmwareVersion: id.firmwareVersion } : {}),
        },
      });
      return { status: r.status, intervalS: r.interval, currentTime: r.currentTime };
    },
    async heartbeat() {
      return rpc.call('Heartbeat', {});
    },
  };
}
