// Security profiles 2 (TLS + basic auth) and 3 (mutual TLS) against the CSMS simulator on wss://127.0.0.1, with a test PKI.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OcppConnectError } from '../../agent/ocpp/ws-client.js';
import type { CsmsTlsOptions } from '../../simulators/csms/csms-types.js';
import { startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

const PKI = join(import.meta.dirname, '../fixtures/tls');
const pem = (name: string) => readFileSync(join(PKI, name));
const file = (name: string) => join(PKI, name);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const SERVER: CsmsTlsOptions = { cert: pem('server.pem'), key: pem('server.key') };
const MUTUAL: CsmsTlsOptions = { ...SERVER, ca: pem('ca.pem'), requireClientCert: true };

/** Collects the agent's failed connection attempts and the simulator's refusals from now on. */
function watch(harness: Harness) {
  const failures: OcppConnectError[] = [];
  const refusals: string[] = [];
  harness.agent.client.on('connectFailed', (err) => failures.push(err));
  harness.csms.on('refused', (r) => refusals.push(r.reason));
  return { failures, refusals };
}

describe('security profile 2: TLS with the CSMS certificate checked, basic auth', () => {
  it('A00 connects over wss:// to a CSMS whose certificate chains to the configured CA, authenticates with basic auth and boots', async () => {
    h = await startHarness({ csms: { tls: SERVER }, csmsConfig: { securityProfile: 2, tls: { ca: file('ca.pem') } } });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    await h.csms.waitForStatus(STATION_ID, 1, 1, 'Available', 10_000);
    expect(h.agent.snapshot().connected).toBe(true);
  });

  it('a CSMS certificate from an untrusted CA: the TLS handshake fails (kind "tls"), nothing is sent, the station keeps retrying', async () => {
    h = await startHarness({
      csms: { tls: { cert: pem('rogue-server.pem'), key: pem('rogue-server.key') } },
      csmsConfig: { securityProfile: 2, tls: { ca: file('ca.pem') } },
    });
    const seen = watch(h);
    await until(() => seen.failures.length >= 2, 10_000, 'two failed attempts');
    expect(seen.failures.every((f) => f.kind === 'tls')).toBe(true);
    expect(seen.failures[0]!.message).toMatch(/certificate|self[- ]signed|issuer/i);
    expect(h.csms.station(STATION_ID)).toBeUndefined();
  });

  it('the wrong basic auth password over TLS is refused with HTTP 401', async () => {
    h = await startHarness({
      csms: { tls: SERVER, passwords: { [STATION_ID]: 'another-password-0000001' } },
      csmsConfig: { securityProfile: 2, tls: { ca: file('ca.pem') } },
    });
    const seen = watch(h);
    await until(() => seen.failures.length >= 1, 10_000, 'a refused attempt');
    expect(seen.failures[0]!.statusCode).toBe(401);
    expect(h.csms.station(STATION_ID)).toBeUndefined();
  });
});

describe('security profile 3: mutual TLS, the station authenticated by its client certificate', () => {
  it('A00 connects with its client certificate (CN = station id), sends no basic auth, and boots', async () => {
    h = await startHarness({
      csms: { tls: MUTUAL, passwords: undefined },
      csmsConfig: { securityProfile: 3, basicAuthPassword: undefined, tls: { ca: file('ca.pem'), cert: file('station.pem'), key: file('station.key') } },
    });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    expect(h.csms.clientCertificates.get(STATION_ID)).toBe(STATION_ID);
  });

  it('a client certificate from an untrusted CA is refused in the TLS handshake; no station session opens', async () => {
    h = await startHarness({
      csms: { tls: MUTUAL, passwords: undefined },
      csmsConfig: { securityProfile: 3, basicAuthPassword: undefined, tls: { ca: file('ca.pem'), cert: file('rogue-station.pem'), key: file('rogue-station.key') } },
    });
    const seen = watch(h);
    await until(() => seen.failures.length >= 2 && seen.refusals.length >= 1, 10_000, 'refused attempts');
    expect(seen.refusals[0]).toMatch(/TLS handshake failed/);
    expect(h.csms.station(STATION_ID)).toBeUndefined();
  });

  it("another station's valid certificate is refused (CN is not the station id): HTTP 401", async () => {
    h = await startHarness({
      csms: { tls: MUTUAL, passwords: undefined },
      csmsConfig: { securityProfile: 3, basicAuthPassword: undefined, tls: { ca: file('ca.pem'), cert: file('other-station.pem'), key: file('other-station.key') } },
    });
    const seen = watch(h);
    await until(() => seen.failures.length >= 1, 10_000, 'a refused attempt');
    expect(seen.failures[0]!.statusCode).toBe(401);
    expect(seen.refusals[0]).toMatch(/CN CS-OTHER-0002 is not CS-TEST-0001/);
    expect(h.csms.station(STATION_ID)).toBeUndefined();
  });
});
