// The CSMS connection's TLS settings (security profiles 2 and 3) read from the files the config names.

import { readFileSync } from 'node:fs';
import type { CsmsConfig } from '../config/config-types.js';
import type { OcppTlsOptions } from '../ocpp/ws-client.js';

/**
 * Profile 2: the CSMS certificate must chain to the configured CA (server authentication only).
 * Profile 3: the same, plus the station's client certificate and key (mutual TLS). The files are
 * read at start, so a missing or unreadable one stops the agent with its path instead of failing
 * every connection attempt later.
 */
export function tlsOptionsFor(csms: CsmsConfig): OcppTlsOptions | undefined {
  if (csms.securityProfile < 2 || !csms.tls) return undefined;
  const read = (what: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`csms.tls.${what}: cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
  };
  const { caFile, certFile, keyFile } = csms.tls;
  return {
    ca: read('ca', caFile),
    minVersion: 'TLSv1.2',
    ...(csms.securityProfile === 3 && certFile && keyFile ? { cert: read('cert', certFile), key: read('key', keyFile) } : {}),
  };
}

/** PEM blocks in one or more PEM texts (a CA bundle holds several). */
function pemCertificates(pem: string | Buffer | (string | Buffer)[] | undefined): number {
  if (pem === undefined) return 0;
  const texts = Array.isArray(pem) ? pem : [pem];
  return texts.reduce((n, t) => n + (t.toString().match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0), 0);
}

/**
 * SecurityCtrlr.CertificateEntries: the certificates installed on the station, which today are only those the
 * config names and the connection uses (the CA bundle, and the client certificate chain in profile 3).
 */
export function certificateCount(tls: OcppTlsOptions | undefined): number {
  return pemCertificates(tls?.ca) + pemCertificates(tls?.cert);
}
