// Combines the functional blocks: one device-model change subscription dispatched per key, their core hooks, prechecks and start-up.

import type { Logger } from 'pino';
import type { DeviceModel } from '../device-model/device-model.js';
import type { FunctionalBlock, Precheck, StationHooks } from '../context.js';

export interface CombinedBlocks {
  hooks: StationHooks;
  precheck: Precheck;
  /** Starts every block in list order. */
  start(): Promise<void>;
}

const matches = (pattern: string, key: string) => (pattern.endsWith('.') ? key.startsWith(pattern) : key === pattern);

/** Subscribes once to the device model's changes and sends each to the blocks that own the variable. */
export function combineBlocks(deviceModel: DeviceModel, blocks: readonly FunctionalBlock[], logger: Logger): CombinedBlocks {
  deviceModel.on('change', (key, value) => {
    for (const block of blocks) {
      for (const [pattern, react] of Object.entries(block.settings ?? {})) {
        if (!matches(pattern, key)) continue;
        try {
          react(value, key);
        } catch (err) {
          logger.error({ err, block: block.name, variable: key }, 'a block failed to apply a setting change');
        }
      }
    }
  });
  const hooks: StationHooks = {};
  for (const block of blocks) Object.assign(hooks, block.hooks);
  return {
    hooks,
    precheck: (component, variable, value) => {
      const name = component.name.toLowerCase();
      for (const b of blocks) if (b.precheck && b.precheck.component.toLowerCase() === name) return b.precheck.check(component, variable, value);
      return undefined;
    },
    start: async () => {
      for (const block of blocks) await block.start?.();
    },
  };
}
