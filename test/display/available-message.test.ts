// E14 kiosk text without URLTemplate: a free EVSE with nothing to scan tells the driver what to do instead of "Scan to pay".

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DisplayService, NO_CODE_MESSAGE, type DisplayEvse } from '../../agent/core/display/display-service.js';
import type { EvseController } from '../../agent/core/evse/evse-controller.js';
import type { Meter } from '../../hal/meter/meter.js';
import { phaseTitle } from '../../agent/display/display-text.js';

/** A free EVSE: status Available, no transaction. */
function freeEvse(evseId: number): DisplayEvse {
  const controller = Object.assign(new EventEmitter(), { evseId, connectorId: 1, status: () => 'Available', transaction: () => undefined });
  return { controller: controller as unknown as EvseController, meter: { latest: () => undefined } as unknown as Meter, name: `EVSE ${evseId}` };
}

describe('E14 kiosk text without URLTemplate', () => {
  it('E14 no payment code (no rotation): the message says to present a card or use the app, not "Scan to pay and charge"', () => {
    const service = new DisplayService({ evses: [freeEvse(1)], price: () => undefined });
    const [state] = service.current();
    expect(state?.phase).toBe('available');
    expect(state?.qr).toBeUndefined();
    expect(state?.message).toBe(NO_CODE_MESSAGE);
    expect(state?.message).not.toMatch(/scan/i);
    expect(phaseTitle(state!)).toBe('Available');
    service.close();
  });
});
