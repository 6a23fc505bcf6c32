// `charger-agent run` and `status` through main(): a config error exits 2 naming the key; status shows the live transaction and the queue.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';
import { runCli } from './cli-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('charger-agent run / status', () => {
  it('run with a config that has a typo exits 2 and names the key, the value and what was expected', async () => {
    h = await startHarness();
    const bad = join(h.dir, 'bad.json');
    const config = { station: { id: 'X' }, csms: { url: 'ws://127.0.0.1:1/ocpp', versions: ['ocpp2.1'], securityProfile: 0 }, buses: {}, evses: [], dataDir: h.dir, transactons: {} };
    writeFileSync(bad, JSON.stringify(config));
    const r = await runCli(['run', '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/transactons.*did you mean "transactions"/);
  });

  it('status shows the connection, the EVSE status, the open transaction with its energy and limit, and the queue depth', async () => {
    h = await startHarness();
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    h.rig.evse(1).ev.plug();
    await h.csms.pay({ stationId: STATION_ID, evseId: 1, amount: 5, method: 'mpesa' });
    await until(() => h!.agent.snapshot().evses[0]?.transaction?.limits !== undefined && Object.keys(h!.agent.snapshot().evses[0]?.transaction?.limits ?? {}).length > 0, 10_000, 'limit set');
    await new Promise((r) => setTimeout(r, 500)); // the status file is written every 200 ms in the harness
    const r = await runCli(['status', '--config', h.configFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`station ${STATION_ID}`);
    expect(r.stdout).toMatch(/CSMS: connected \(ocpp2\.1\), registration Accepted/);
    expect(r.stdout).toMatch(/EVSE 1 connector 1: Occupied/);
    expect(r.stdout).toMatch(/transaction [0-9a-f-]{36}: Charging, [\d.]+ Wh since .*limit maxEnergy=16666/);
    expect(r.stdout).toMatch(/queued transaction events: \d+/);
    const json = await runCli(['status', '--config', h.configFile, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ stationId: STATION_ID, connected: true });
  });
});
