// A01: the CSMS sets a new BasicAuthPassword; the station answers Accepted, reconnects with it, and keeps it across a restart.

import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('security profile 1 credentials', () => {
  it('A01 a new BasicAuthPassword set by the CSMS is used for the next connection at once, and after a restart', async () => {
    const passwords: Record<string, string> = { [STATION_ID]: PASSWORD };
    h = await startHarness({ csms: { passwords } });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    const session = h.csms.connectedStation(STATION_ID);
    const before = session.connections;
    const next = 'a-new-password-0123456789';
    const res = await h.csms.call(STATION_ID, 'SetVariables', {
      setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: next }],
    });
    expect(res.setVariableResult[0]?.attributeStatus).toBe('Accepted');
    passwords[STATION_ID] = next; // the CSMS now expects the new one
    await until(() => session.connections > before && session.connected, 15_000, 'a reconnection with the new password');
    await h.stopAgent();
    await h.restartAgent();
    const c = session.connections;
    await until(() => session.connections > c && session.connected, 15_000, 'the restarted agent connects with the stored password');
  }, 60_000);
});
