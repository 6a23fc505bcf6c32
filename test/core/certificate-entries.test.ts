// TC_B_53_CS: SecurityCtrlr.CertificateEntries is in the FullInventory report, ReadOnly, and counts the certificates the station has.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CsmsConfig } from '../../agent/config/config-types.js';
import { coreCatalog } from '../../agent/core/device-model/core-catalog.js';
import { DeviceModel } from '../../agent/core/device-model/device-model.js';
import { MemoryPersistence } from '../../agent/core/device-model/memory-persistence.js';
import { certificateCount, tlsOptionsFor } from '../../agent/run/tls-options.js';

const TLS = join(import.meta.dirname, '../fixtures/tls');
const csms = (securityProfile: 1 | 2 | 3, tls?: CsmsConfig['tls']): CsmsConfig =>
  ({ url: 'wss://csms.example', versions: ['ocpp2.0.1'], securityProfile, pingIntervalSec: 30, ...(tls ? { tls } : {}) }) as CsmsConfig;

describe('TC_B_53_CS Get Base Report - mandatory DM variables via FullInventory', () => {
  it('TC_B_53_CS SecurityCtrlr.CertificateEntries is reported: ReadOnly integer, maxLimit > 0', () => {
    const dm = new DeviceModel({ definitions: coreCatalog(), persistence: new MemoryPersistence() });
    dm.setActual({ name: 'SecurityCtrlr' }, { name: 'CertificateEntries' }, '2');
    const entry = dm.report('FullInventory').find((e) => e.component.name === 'SecurityCtrlr' && e.variable.name === 'CertificateEntries');
    expect(entry?.variableAttribute[0]).toMatchObject({ type: 'Actual', value: '2', mutability: 'ReadOnly' });
    expect(entry?.variableCharacteristics.dataType).toBe('integer');
    expect(entry?.variableCharacteristics.maxLimit).toBeGreaterThan(0);
    expect(dm.set('SecurityCtrlr', 'CertificateEntries', '5').status).toBe('Rejected');
  });

  it('counts the certificates the connection uses: none (profile 1), the CA bundle (2), the CA bundle and client chain (3)', () => {
    expect(certificateCount(tlsOptionsFor(csms(1)))).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'certs-'));
    try {
      const bundle = join(dir, 'bundle.pem');
      writeFileSync(bundle, readFileSync(join(TLS, 'ca.pem'), 'utf8') + readFileSync(join(TLS, 'rogue-ca.pem'), 'utf8'));
      expect(certificateCount(tlsOptionsFor(csms(2, { caFile: bundle })))).toBe(2);
      const three = csms(3, { caFile: join(TLS, 'ca.pem'), certFile: join(TLS, 'station.pem'), keyFile: join(TLS, 'station.key') });
      expect(certificateCount(tlsOptionsFor(three))).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
