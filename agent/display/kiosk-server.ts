// HTTP server for the station's touchscreen browser, loopback only: the kiosk page, a JSON snapshot and live updates over Server-Sent Events.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import type { DisplaySource, EvseDisplayState } from '../core/display/display-state.js';
import { KIOSK_CSS, KIOSK_HTML, KIOSK_JS } from './kiosk-page.js';
import { KioskViewBuilder } from './kiosk-view.js';
import { qrSvgDataUrl } from './qr-image.js';

export interface KioskServerOptions {
  source: DisplaySource;
  /** Address to bind: a loopback address only (127.0.0.0/8, ::1 or localhost). Default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 picks a free one (see `port` after listen()). Default 8089. */
  port?: number;
  logger?: Logger;
  /** At most this many live-update streams at once (further ones get 503). Default 16. */
  maxClients?: number;
  /** Interval of SSE keep-alive comments, ms. Default 15000. */
  keepAliveMs?: number;
  /**
   * POST /authorize {"evseId": 1, "idToken": "04A2…", "type": "ISO14443"}: a token presented at the station
   * (a card-reader daemon or the touchscreen on the controller posts it here, loopback only). Absent: 404.
   */
  onAuthorize?: (evseId: number, idToken: string, type: string) => Promise<{ status: string; transactionId?: string; reason?: string }>;
}

/** The body of GET /state. */
export interface KioskStateDocument {
  /** ms since epoch when the snapshot was taken. */
  serverTime: number;
  evses: EvseDisplayState[];
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  return LOOPBACK_HOSTNAMES.has(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** The host name of a Host header ("127.0.0.1:8089" → "127.0.0.1", "[::1]:80" → "[::1]"). */
function hostnameOf(header: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(header.trim());
  return m?.[1] ?? header;
}

/** Encodes a code at every level once, so the first real code after boot is not slowed by cold code paths (~100 ms). */
function warmUpQrEncoder(): void {
  for (const ec of ['L', 'M', 'Q', 'H'] as const) qrSvgDataUrl('https://warm-up.invalid/charger-agent/000000000000', ec);
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/**
 * Serves the kiosk display on loopback:
 * - GET /            the page (800x480; `?evse=N` shows one EVSE)
 * - GET /kiosk.js, /kiosk.css (and /favicon.ico: 204, so browsers log no error)
 * - GET /state       KioskStateDocument (the display states as JSON; `charger-agent qr show` reads it)
 * - GET /events      Server-Sent Events: `snapshot` ({views}) on connect, then `evse` (one view) per change
 * Requests whose Host header is not a loopback name are refused (421), against DNS rebinding.
 */
export class KioskServer {
  private readonly source: DisplaySource;
  private readonly host: string;
  private readonly requestedPort: number;
  private readonly logger: Logger;
  private readonly maxClients: number;
  private readonly keepAliveMs: number;
  private readonly onAuthorize: KioskServerOptions['onAuthorize'];
  private readonly views: KioskViewBuilder;
  private readonly clients = new Set<ServerResponse>();
  private server: Server | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private eventId = 0;
  private readonly onChange = (state: EvseDisplayState): void => this.broadcast(state);

  constructor(o: KioskServerOptions) {
    this.source = o.source;
    this.onAuthorize = o.onAuthorize;
    this.host = o.host ?? '127.0.0.1';
    if (!isLoopbackHost(this.host)) {
      throw new Error(`kiosk server: host "${this.host}" is not a loopback address; the kiosk page is served on 127.0.0.1, ::1 or localhost only`);
    }
    this.requestedPort = o.port ?? 8089;
    if (!Number.isInteger(this.requestedPort) || this.requestedPort < 0 || this.requestedPort > 65535) {
      throw new Error(`kiosk server: port ${String(o.port)} is not a TCP port 0..65535`);
    }
    this.logger = o.logger ?? pino({ level: 'silent' });
    this.maxClients = o.maxClients ?? 16;
    this.keepAliveMs = o.keepAliveMs ?? 15_000;
    this.views = new KioskViewBuilder(this.logger);
  }

  /** The bound port (after listen()). */
  get port(): number {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    if (!addr) throw new Error('kiosk server: not listening');
    return addr.port;
  }

  /** The page's address, e.g. http://127.0.0.1:8089/ (after listen()). */
  get url(): string {
    const h = this.host.includes(':') && !this.host.startsWith('[') ? `[${this.host}]` : this.host;
    return `http://${h}:${this.port}/`;
  }

  /** Binds and starts following the source. Rejects with a clear error when the port is taken. */
  async listen(): Promise<void> {
    if (this.server) throw new Error('kiosk server: already listening');
    warmUpQrEncoder();
    const server = createServer((req, res) => this.handle(req, res));
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        reject(new Error(`kiosk server: cannot listen on ${this.host}:${this.requestedPort}: ${err.code ?? err.message}`));
      };
      server.once('error', onError);
      server.listen(this.requestedPort, this.host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', (err) => this.logger.error({ err }, 'kiosk server error'));
    this.server = server;
    this.source.on('change', this.onChange);
    this.keepAlive = setInterval(() => this.ping(), this.keepAliveMs);
    this.keepAlive.unref();
    this.logger.info({ url: this.url }, 'kiosk display served');
  }

  /** Stops following the source, ends the live streams and closes the server. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.source.off('change', this.onChange);
    clearInterval(this.keepAlive);
    for (const res of this.clients) res.end();
    this.clients.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** POST /authorize: reads a small JSON body and answers the authorization's outcome as JSON. */
  private authorize(req: IncomingMessage, res: ServerResponse): void {
    const json = (code: number, body: unknown) => this.send(res, code, 'application/json; charset=utf-8', JSON.stringify(body));
    const handler = this.onAuthorize;
    if (!handler) return json(404, { error: 'local authorization is not enabled' });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 4096) req.destroy();
    });
    req.on('end', () => {
      let v: { evseId?: unknown; idToken?: unknown; type?: unknown };
      try {
        v = JSON.parse(body) as typeof v;
      } catch {
        return json(400, { error: 'expected a JSON body {"evseId": 1, "idToken": "…", "type": "ISO14443"}' });
      }
      const { evseId, idToken, type } = v;
      if (typeof evseId !== 'number' || !Number.isInteger(evseId) || evseId < 1) return json(400, { error: `evseId: got ${JSON.stringify(evseId)}, expected an integer >= 1` });
      if (typeof idToken !== 'string' || idToken.length < 1 || idToken.length > 36) return json(400, { error: 'idToken: expected a string of 1..36 characters' });
      const t = typeof type === 'string' && type.length > 0 ? type : 'ISO14443';
      handler(evseId, idToken, t).then(
        (r) => json(200, r),
        (err: unknown) => {
          this.logger.warn({ err }, 'local authorization failed');
          json(502, { status: 'Error', reason: err instanceof Error ? err.message : String(err) });
        },
      );
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    try {
      const host = req.headers.host;
      if (host === undefined || !isLoopbackHost(hostnameOf(host))) {
        this.logger.warn({ host, url: req.url }, 'kiosk server: refused a request for a non-loopback host');
        this.send(res, 421, 'text/plain; charset=utf-8', 'the kiosk display is served to loopback host names only\n');
        return;
      }
      if (req.method === 'POST' && new URL(req.url ?? '/', 'http://localhost').pathname === '/authorize') {
        this.authorize(req, res);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        this.send(res, 405, 'text/plain; charset=utf-8', `method ${req.method ?? '?'} not allowed, expected GET\n`);
        return;
      }
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      switch (path) {
        case '/':
        case '/index.html':
          return this.send(res, 200, 'text/html; charset=utf-8', KIOSK_HTML, req.method === 'HEAD');
        case '/kiosk.js':
          return this.send(res, 200, 'text/javascript; charset=utf-8', KIOSK_JS, req.method === 'HEAD');
        case '/kiosk.css':
          return this.send(res, 200, 'text/css; charset=utf-8', KIOSK_CSS, req.method === 'HEAD');
        case '/favicon.ico':
          res.writeHead(204, SECURITY_HEADERS);
          res.end();
          return;
        case '/state': {
          const doc: KioskStateDocument = { serverTime: Date.now(), evses: this.states() };
          return this.send(res, 200, 'application/json; charset=utf-8', JSON.stringify(doc), req.method === 'HEAD');
        }
        case '/events':
          return this.openStream(req, res);
        default:
          return this.send(res, 404, 'text/plain; charset=utf-8', `no such page: ${path}\n`);
      }
    } catch (err) {
      this.logger.error({ err, url: req.url }, 'kiosk server: request failed');
      if (!res.headersSent) this.send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    }
  }

  private send(res: ServerResponse, status: number, type: string, body: string, headOnly = false): void {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(headOnly ? undefined : body);
  }

  private states(): EvseDisplayState[] {
    return [...this.source.current()].sort((a, b) => a.evseId - b.evseId);
  }

  private openStream(req: IncomingMessage, res: ServerResponse): void {
    if (this.clients.size >= this.maxClients) {
      this.send(res, 503, 'text/plain; charset=utf-8', `too many live displays (${this.maxClients})\n`);
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.socket?.setNoDelay(true);
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
    res.write('retry: 1000\n\n');
    const views = this.states().map((s) => this.views.view(s));
    this.write(res, 'snapshot', { views });
  }

  private broadcast(state: EvseDisplayState): void {
    if (this.clients.size === 0) return;
    try {
      const view = this.views.view(state);
      for (const res of this.clients) this.write(res, 'evse', view);
    } catch (err) {
      this.logger.error({ err, evseId: state.evseId }, 'kiosk server: cannot push a display change');
    }
  }

  private write(res: ServerResponse, event: string, data: unknown): void {
    this.eventId++;
    res.write(`id: ${this.eventId}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private ping(): void {
    for (const res of this.clients) res.write(': keep-alive\n\n');
  }
}
