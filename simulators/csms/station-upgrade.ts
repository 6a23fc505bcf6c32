// How the CSMS simulator meets a station's connection: the HTTP(S) server, the station id of the path, Basic auth, and an HTTP refusal.

import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { CsmsSimOptions } from './csms-types.js';

/** The station id of an upgrade request path: its last non-empty segment, percent-decoded. */
export function stationIdFromPath(url: string | undefined): string | undefined {
  const path = (url ?? '/').split('?')[0] ?? '/';
  const last = path.split('/').filter((s) => s !== '').at(-1);
  if (last === undefined) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return undefined;
  }
}

/** Station id and password of an `Authorization: Basic` header (split at the first ':'), or undefined. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Answers an upgrade request with an HTTP error and closes the socket. */
export function refuse(socket: Duplex, status: number, reason: string, headers: Record<string, string> = {}): void {
  const lines = [`HTTP/1.1 ${status} ${reason}`, 'Connection: close', 'Content-Type: text/plain', `Content-Length: ${Buffer.byteLength(reason)}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${reason}`);
}

/** The server stations connect to: plain HTTP, or TLS (profile 2/3, asking for a client certificate when required); a plain request gets 426. */
export function createStationServer(tls: CsmsSimOptions['tls']): Server {
  const plainHttp: RequestListener = (_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
    res.end('OCPP-J CSMS simulator: connect with a WebSocket to /ocpp/<stationId>\n');
  };
  if (!tls) return createServer(plainHttp);
  const requireClientCert = tls.requireClientCert === true;
  return createTlsServer(
    {
      cert: tls.cert,
      key: tls.key,
      minVersion: 'TLSv1.2',
      ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
      requestCert: requireClientCert,
      rejectUnauthorized: requireClientCert,
    },
    plainHttp,
  ) as unknown as Server;
}

/** An HTTP refusal of an upgrade request. */
export interface Refusal {
  status: number;
  reason: string;
  headers?: Record<string, string>;
}

/**
 * Checks an upgrade request of `stationId`: with `requireClientCert` its client certificate's CN must be the station id
 * (the TLS layer has already checked the chain); with `passwords` its Basic auth must be the station's. Returns the
 * refusal, if any, and the CN of a matching client certificate.
 */
export function admit(
  req: IncomingMessage,
  stationId: string,
  requireClientCert: boolean,
  passwords: Record<string, string> | undefined,
): { refusal?: Refusal; clientCn?: string } {
  let clientCn: string | undefined;
  if (requireClientCert) {
    const cn = (req.socket as TLSSocket).getPeerCertificate?.()?.subject?.CN;
    if (cn !== stationId) return { refusal: { status: 401, reason: `Unauthorized: client certificate CN ${String(cn)} is not ${stationId}` } };
    clientCn = cn;
  }
  if (passwords) {
    const auth = parseBasicAuth(req.headers.authorization);
    const expected = passwords[stationId];
    if (!auth || expected === undefined || auth.user !== stationId || auth.password !== expected) {
      const headers = { 'WWW-Authenticate': 'Basic realm="OCPP CSMS simulator", charset="UTF-8"' };
      return { refusal: { status: 401, reason: 'Unauthorized', headers }, ...(clientCn !== undefined ? { clientCn } : {}) };
    }
  }
  return clientCn !== undefined ? { clientCn } : {};
}
