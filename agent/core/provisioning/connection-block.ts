// The CSMS connection's settings: a new WebSocketPingInterval for the next connection, a new BasicAuthPassword used at once (A01).

import type { FunctionalBlock, StationContext } from '../context.js';
import { DM } from '../device-model/keys.js';

/** Time for the SetVariables/ChangeConfiguration answer to leave before the connection is closed, ms. */
const RECONNECT_DELAY_MS = 1000;

export function connectionBlock(ctx: StationContext): FunctionalBlock {
  return {
    name: 'connection',
    settings: {
      [DM.WebSocketPingInterval]: (value) => {
        if (value !== undefined) ctx.connection.update({ pingIntervalSec: Number(value) });
      },
      [DM.BasicAuthPassword]: (value) => {
        if (value === undefined || !ctx.connection.usesBasicAuth) return;
        ctx.connection.update({ basicAuthPassword: value });
        ctx.logger.warn('BasicAuthPassword changed by the CSMS: reconnecting with the new password');
        setTimeout(() => ctx.connection.reconnect('reconnecting with new credentials'), RECONNECT_DELAY_MS).unref();
      },
    },
  };
}
