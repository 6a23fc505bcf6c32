// A LimitFactory whose enforcer the test fires by hand: reach('energy') is the limit crossing.

import type { LimitFactory, LimitKind, LimitPort } from '../../../agent/core/evse/evse-ports.js';
import type { TxLimits } from '../../../agent/core/transactions/tx-types.js';

export class FakeLimits {
  /** Limits the current enforcer was last given, and how many enforcers were created. */
  current: TxLimits | undefined;
  created = 0;
  stopped = 0;
  private onReached: ((kind: LimitKind) => void) | undefined;

  readonly factory: LimitFactory = (_tx, onReached) => {
    this.created++;
    this.onReached = onReached;
    const port: LimitPort = {
      update: (limits) => {
        this.current = { ...limits };
      },
      stop: () => {
        this.stopped++;
      },
    };
    return port;
  };

  reach(kind: LimitKind): void {
    this.onReached?.(kind);
  }
}
