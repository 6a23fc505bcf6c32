// Provisioning (OCPP block B): the boot reason kept across a Reset, and the heartbeat re-armed when HeartbeatInterval changes.

import type { FunctionalBlock, StationContext } from '../context.js';
import { DM } from '../device-model/keys.js';
import type { BootReason } from '../station/csms-link.js';

/** Store key of the reason for the next BootNotification (set just before a Reset restarts the agent). */
export const BOOT_REASON_KEY = 'boot.reason';
const BOOT_REASONS: readonly BootReason[] = ['PowerUp', 'ApplicationReset', 'RemoteReset', 'ScheduledReset', 'Triggered', 'Unknown', 'Watchdog'];

export function provisioningBlock(ctx: StationContext): FunctionalBlock {
  return {
    name: 'provisioning',
    hooks: { persistBootReason: (reason) => ctx.kv.set(BOOT_REASON_KEY, reason) },
    settings: { [DM.HeartbeatInterval]: () => ctx.core.heartbeatIntervalChanged() },
    start: () => {
      // After a CSMS Reset the first BootNotification says so (B11/B12, TC_B_22_CS RemoteReset, TC_B_21_CS ScheduledReset); read once.
      const stored = ctx.kv.get(BOOT_REASON_KEY);
      if (stored === undefined) return;
      ctx.kv.delete(BOOT_REASON_KEY);
      if (BOOT_REASONS.includes(stored as BootReason)) ctx.core.setBootReason(stored as BootReason);
      else ctx.logger.warn({ stored }, 'unknown stored boot reason ignored');
    },
  };
}
