// Opens one OCPP-J WebSocket to the CSMS: connection URL, subprotocol negotiation, HTTP Basic auth, TLS, ping.
//
// - Connection URL (2.1 part 4 section 3.1.1, 1.6 section 3.1.1): OCPP-J endpoint URL + '/' + percent-encoded
//   station identity. The identity is at most 48 characters and SHALL NOT contain ':' (it is the Basic auth username).
// - Version negotiation (2.1 part 4 sections 3.1.2/3.3): Sec-WebSocket-Protocol lists the versions in order of
//   preference; the server picks one, or answers without the header and closes. We refuse any connection on which
//   the server did not pick one of the offered versions.
// - Security profiles 1/2 (2.0.1 part 2 A00.FR.2xx/3xx, 1.6 security whitepaper A00.FR.202-205, OCPP-J 1.6 6.2.2):
//   "Authorization: Basic base64(<stationId>:<password>)" on the upgrade request. 2.x passwords are UTF-8 strings
//   (BasicAuthPassword, errata 2023-12 2.17.3); a 1.6 AuthorizationKey may be given as raw bytes (Uint8Array).
// - Profile 2/3 TLS: the `tls` options go to Node's tls.connect (CA to trust, client certificate and key).
// - HTTP 401/403 on the upgrade is an authentication failure, reported apart from network failures.
import pino from 'pino';
import { WebSocket, type ClientOptions } from 'ws';
import type { IncomingMessage } from 'node:http';
import { startKeepAlive } from './keepalive.js';
import { createRpcConnection, type AnyRpcConnection } from './rpc-connection.js';
import { isOcppProtocol, type OcppProtocol } from './rpc-errors.js';

/** TLS settings for security profiles 2 and 3 (wss:// URLs only). */
export interface OcppTlsOptions {
  /** CA certificate(s) (PEM) the CSMS certificate must chain to; default: Node's trusted roots. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Client certificate chain (PEM), profile 3. */
  cert?: string | Buffer | (string | Buffer)[];
  /** Client private key (PEM), profile 3. */
  key?: string | Buffer;
  /** Passphrase of `key`. */
  passphrase?: string;
  /** Server name for SNI and certificate checking (default: the URL host). */
  servername?: string;
  /** Minimum TLS version (2.0.1 A00.FR.3xx: TLS 1.2 or higher). Default 'TLSv1.2'. */
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Verify the CSMS certificate (default true; false only for tests). */
  rejectUnauthorized?: boolean;
}

export interface ConnectOptions {
  /** OCPP-J endpoint URL, ws:// or wss:// (the station identity is appended). */
  url: string;
  /** Charging station identity: 1..48 characters, no ':'. */
  stationId: string;
  /** Versions to offer, most preferred first. */
  protocols: readonly OcppProtocol[];
  /** HTTP Basic credentials (security profiles 1 and 2). Username defaults to the station identity (A00.FR.204). */
  basicAuth?: { username?: string; password: string | Uint8Array };
  /** TLS settings for wss:// (profiles 2 and 3). */
  tls?: OcppTlsOptions;
  /** WebSocketPingInterval in seconds; 0 (default) disables client-side pings. */
  pingIntervalSec?: number;
  /** Seconds to wait for a pong before the peer counts as dead (default: pingIntervalSec). */
  pongTimeoutSec?: number;
  /** Time limit of the opening handshake in ms (default 30000). */
  handshakeTimeoutMs?: number;
  /** Default timeout of outgoing CALLs in ms (default 30000). */
  callTimeoutMs?: number;
  logger?: pino.Logger;
}

/** How a connection attempt failed. */
export type ConnectFailure =
  | 'invalid-options' // bad URL, station id or protocol list: retrying will not help
  | 'auth' // HTTP 401/403: credentials rejected
  | 'not-found' // HTTP 404: CSMS does not know the station identity (2.x part 4 section 3.3)
  | 'http' // another non-101 HTTP status
  | 'protocol-mismatch' // the server agreed to none of the offered OCPP versions
  | 'tls' // TLS handshake / certificate failure
  | 'timeout' // opening handshake timed out
  | 'network'; // connection refused, reset, DNS, ...

export class OcppConnectError extends Error {
  readonly kind: ConnectFailure;
  /** HTTP status of the refused upgrade, for 'auth', 'not-found' and 'http'. */
  readonly statusCode: number | undefined;

  constructor(kind: ConnectFailure, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OcppConnectError';
    this.kind = kind;
    this.statusCode = options.statusCode;
  }
}

/** An open, negotiated OCPP-J connection. */
export interface OcppConnection {
  /** The RPC endpoint; narrow by `rpc.protocol`. */
  rpc: AnyRpcConnection;
  /** The version the CSMS chose. */
  protocol: OcppProtocol;
  /** The connection URL used (endpoint + '/' + encoded identity). */
  url: string;
}

/** The longest station identity (2.x part 4 section 3.1.1). */
export const MAX_STATION_ID_LENGTH = 48;

/** The connection URL: `endpoint` + '/' + percent-encoded `stationId`. Throws OcppConnectError('invalid-options'). */
export function connectionUrl(endpoint: string, stationId: string): string {
  if (stationId.length === 0 || stationId.length > MAX_STATION_ID_LENGTH) {
    throw new OcppConnectError('invalid-options', `station identity must be 1..${MAX_STATION_ID_LENGTH} characters, got ${stationId.length}`);
  }
  if (stationId.includes(':')) {
    throw new OcppConnectError('invalid-options', "station identity must not contain ':' (it is the Basic auth username)");
  }
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    throw new OcppConnectError('invalid-options', `OCPP-J endpoint URL is not a valid URL: ${endpoint}`);
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    throw new OcppConnectError('invalid-options', `OCPP-J endpoint URL must use ws:// or wss://, got ${u.protocol}//`);
  }
  u.pathname = u.pathname.replace(/\/+$/, '') + '/' + encodeURIComponent(stationId);
  return u.toString();
}

/** The HTTP Basic Authorization header value for `username` and `password` (string: UTF-8; bytes: as given). */
export function basicAuthHeader(username: string, password: string | Uint8Array): string {
  if (username.includes(':')) throw new OcppConnectError('invalid-options', "Basic auth username must not contain ':'");
  const pw = typeof password === 'string' ? Buffer.from(password, 'utf8') : Buffer.from(password);
  return 'Basic ' + Buffer.concat([Buffer.from(username + ':', 'utf8'), pw]).toString('base64');
}

function classifyError(err: Error & { code?: string }, offered: readonly OcppProtocol[]): OcppConnectError {
  const msg = err.message;
  if (/handshake has timed out/i.test(msg)) return new OcppConnectError('timeout', `OCPP-J opening handshake timed out`, { cause: err });
  if (/subprotocol/i.test(msg)) {
    // ws checks the answer itself: "Server sent no subprotocol" / "Server sent an invalid subprotocol".
    return new OcppConnectError(
      'protocol-mismatch',
      `CSMS agreed to none of the offered OCPP versions (${offered.join(', ')}): ${msg}`,
      { cause: err },
    );
  }
  if (/CERT|TLS|SSL|self[- ]signed|certificate/i.test(`${err.code ?? ''} ${msg}`)) {
    return new OcppConnectError('tls', `TLS failure: ${msg}`, { cause: err });
  }
  return new OcppConnectError('network', `cannot connect: ${err.code ? `${err.code} ` : ''}${msg}`, { cause: err });
}

/** Opens the WebSocket, negotiates the version and returns the RPC connection. Rejects with OcppConnectError. */
export function connectOcpp(options: ConnectOptions): Promise<OcppConnection> {
  const log = (options.logger ?? pino({ level: 'silent' })).child({ stationId: options.stationId });
  let url: string;
  let headers: Record<string, string>;
  try {
    url = connectionUrl(options.url, options.stationId);
    if (options.protocols.length === 0) throw new OcppConnectError('invalid-options', 'offer at least one OCPP version');
    for (const p of options.protocols) {
      if (!isOcppProtocol(p)) throw new OcppConnectError('invalid-options', `unsupported OCPP version '${String(p)}'`);
    }
    headers = {};
    if (options.basicAuth) {
      headers.Authorization = basicAuthHeader(options.basicAuth.username ?? options.stationId, options.basicAuth.password);
    }
    if (options.tls && !url.startsWith('wss:')) throw new OcppConnectError('invalid-options', 'TLS options need a wss:// URL');
  } catch (e) {
    return Promise.reject(e instanceof OcppConnectError ? e : new OcppConnectError('invalid-options', String(e)));
  }
  const wsOptions: ClientOptions = {
    headers,
    handshakeTimeout: options.handshakeTimeoutMs ?? 30_000,
    followRedirects: false,
    perMessageDeflate: true, // RFC 7692, recommended for stations (2.1 part 4 section 3.4); used only if the CSMS agrees
    ...(options.tls ? { minVersion: 'TLSv1.2', ...options.tls } : {}),
  };

  return new Promise<OcppConnection>((resolve, reject) => {
    let settled = false;
    const fail = (error: OcppConnectError): void => {
      if (settled) return;
      settled = true;
      log.warn({ url, kind: error.kind, statusCode: error.statusCode }, error.message);
      reject(error);
    };
    log.info({ url, protocols: options.protocols, basicAuth: options.basicAuth !== undefined }, 'connecting to CSMS');
    const ws = new WebSocket(url, [...options.protocols], wsOptions);

    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      res.resume();
      const kind: ConnectFailure = status === 401 || status === 403 ? 'auth' : status === 404 ? 'not-found' : 'http';
      const what = kind === 'auth' ? 'credentials rejected' : kind === 'not-found' ? 'station identity not known to the CSMS' : 'upgrade refused';
      fail(new OcppConnectError(kind, `CSMS answered HTTP ${status} to the WebSocket upgrade: ${what}`, { statusCode: status }));
      ws.terminate();
    });
    ws.on('error', (err: Error) => {
      if (!settled) fail(classifyError(err, options.protocols));
    });
    ws.on('close', (code: number) => {
      if (!settled) fail(new OcppConnectError('network', `connection closed during the opening handshake (${code})`));
    });
    ws.on('open', () => {
      if (settled) {
        ws.terminate();
        return;
      }
      const chosen = ws.protocol;
      if (!isOcppProtocol(chosen) || !options.protocols.includes(chosen)) {
        fail(
          new OcppConnectError(
            'protocol-mismatch',
            `CSMS agreed to none of the offered OCPP versions (${options.protocols.join(', ')}); it answered '${chosen}'`,
          ),
        );
        ws.close(1002, 'no agreed OCPP version');
        return;
      }
      settled = true;
      const rpc = createRpcConnection(ws, chosen, { logger: log, defaultTimeoutMs: options.callTimeoutMs });
      startKeepAlive(ws, {
        intervalSec: options.pingIntervalSec ?? 0,
        pongTimeoutSec: options.pongTimeoutSec,
        logger: log,
        onDead: () => rpc.terminate('WebSocket ping timeout: no pong from the CSMS'),
      });
      log.info({ url, protocol: chosen }, 'connected to CSMS');
      resolve({ rpc, protocol: chosen, url });
    });
  });
}
