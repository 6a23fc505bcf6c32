// OCPP 2.x availability (block G and F05): ChangeAvailability, UnlockConnector, StatusNotification.

import type { ConnectorStatus } from '../../core/evse/connector-status.js';
import type { LinkPart, V2Handlers } from './v2-handlers.js';

export function v2Availability(h: V2Handlers): LinkPart {
  const { rpc, core } = h;

  rpc.handle('ChangeAvailability', async (req) => {
    h.gate();
    return { status: await core.changeAvailability(req.evse?.id, req.evse?.connectorId, req.operationalStatus === 'Operative') };
  });

  rpc.handle('UnlockConnector', (req) => {
    h.gate();
    const r = core.unlockConnector(req.evseId, req.connectorId);
    return { status: r.status, ...(r.reason ? { statusInfo: { reasonCode: r.reason } } : {}) };
  });

  return {
    async statusNotification(evseId: number, connectorId: number, status: ConnectorStatus) {
      await rpc.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: status, evseId, connectorId });
    },
  };
}
