// Availability (OCPP block G): ChangeAvailability kept across restarts (G03.FR.08) and each connector's AvailabilityState in the device model.

import type { FunctionalBlock, StationContext } from '../context.js';

/** Store key of an EVSE's operational state set by ChangeAvailability. */
export const availabilityKey = (evseId: number) => `availability.evse.${evseId}`;

export function availabilityBlock(ctx: StationContext): FunctionalBlock {
  return {
    name: 'availability',
    hooks: { persistAvailability: (evseId, operative) => ctx.kv.set(availabilityKey(evseId), operative ? 'Operative' : 'Inoperative') },
    start: async () => {
      const mirror = (evseId: number, status: string) => {
        ctx.deviceModel.setActual({ name: 'Connector', evse: { id: evseId, connectorId: 1 } }, { name: 'AvailabilityState' }, status);
        ctx.deviceModel.setActual({ name: 'EVSE', evse: { id: evseId } }, { name: 'AvailabilityState' }, status);
      };
      for (const e of ctx.evses) mirror(e.id, e.controller.status());
      ctx.core.on('status', mirror);
      // G03.FR.08: an EVSE the CSMS made Inoperative stays so across restarts.
      for (const e of ctx.evses) {
        if (ctx.kv.get(availabilityKey(e.id)) === 'Inoperative') await e.controller.setOperative(false);
      }
    },
  };
}
