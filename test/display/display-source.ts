// A DisplaySource for display tests: holds states in memory and emits 'change' on set(), like the core's producer.

import { EventEmitter } from 'node:events';
import type { DisplaySource, EvseDisplayState } from '../../agent/core/display/display-state.js';

export class MemoryDisplaySource extends EventEmitter implements DisplaySource {
  private readonly states = new Map<number, EvseDisplayState>();

  constructor(initial: EvseDisplayState[] = []) {
    super();
    for (const s of initial) this.states.set(s.evseId, s);
  }

  current(): EvseDisplayState[] {
    return [...this.states.values()];
  }

  /** Replaces the EVSE's state and emits 'change'. */
  set(state: EvseDisplayState): void {
    this.states.set(state.evseId, state);
    this.emit('change', state);
  }
}

/** An available EVSE with a payment code for `url`. */
export function availableState(evseId: number, url: string, validUntil = Date.now() + 30_000): EvseDisplayState {
  return {
    evseId,
    connectorId: 1,
    name: `EVSE ${evseId} · Type 2`,
    phase: 'available',
    qr: { url, errorCorrection: 'M', validUntil },
    price: { currency: 'KES', perKwh: '25.00 KES/kWh', sessionFee: '10.00 KES per session', text: 'Standard tariff' },
    updatedAt: Date.now(),
  };
}
