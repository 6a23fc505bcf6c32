// OCPP 1.6 availability (Core profile): ChangeAvailability, UnlockConnector, StatusNotification (connector 0 included).

import type { ConnectorStatus } from '../../core/evse/connector-status.js';
import type { LinkPart, V16Handlers } from './v16-handlers.js';

export function v16Availability(h: V16Handlers): LinkPart {
  const { rpc, core, status, logger: log } = h;

  rpc.handle('ChangeAvailability', async (req) => {
    h.gate();
    const operative = req.type === 'Operative';
    const result = await core.changeAvailability(req.connectorId === 0 ? undefined : req.connectorId, undefined, operative);
    if (core.online()) status.sendStation().catch((err: unknown) => log.warn({ err }, 'StatusNotification (connector 0) failed'));
    return { status: result };
  });

  rpc.handle('UnlockConnector', (req) => {
    h.gate();
    const evse = core.evse(req.connectorId);
    // 1.6: NotSupported = "no connector lock, or ConnectorId is unknown".
    if (!evse) return { status: 'NotSupported' as const };
    const r = core.unlockConnector(evse.evseId, evse.connectorId);
    if (r.status === 'Unlocked') return { status: 'Unlocked' as const };
    if (r.status === 'UnknownConnector' || r.reason === 'NoLock') return { status: 'NotSupported' as const };
    return { status: 'UnlockFailed' as const };
  });

  return {
    async statusNotification(evseId: number, _connectorId: number, _status: ConnectorStatus) {
      // connectorId on 1.6 = the EVSE id (one connector per EVSE); the status is computed when sent.
      // The Charge Point's own status (connector 0) goes with the first one on a connection and after changes.
      await Promise.all([status.send(evseId), status.sendStation()]);
    },
  };
}
