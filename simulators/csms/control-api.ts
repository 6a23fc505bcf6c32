// Loopback-only HTTP control API of the CSMS simulator (POST /pay, /stop, /topup; GET /state) and a client for it.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import pino from 'pino';
import { RpcError } from '../../agent/ocpp/rpc-errors.js';
import type { CsmsSim } from './csms-server.js';
import type { PayRequest, PayResult, PaymentMethod } from './csms-types.js';

const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];
const MAX_BODY = 64 * 1024;

function isLoopbackAddress(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' || (addr?.startsWith('127.') ?? false);
}

/** An error answer: HTTP status and a message. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, `request body larger than ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        const v: unknown = JSON.parse(text);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
        resolve(v as Record<string, unknown>);
      } catch {
        reject(new HttpError(400, 'request body must be a JSON object'));
      }
    });
  });
}

/** An optional field of a JSON body with the expected type (throws HttpError 400 naming it). */
function field<T extends 'string' | 'number'>(body: Record<string, unknown>, name: string, type: T, required: boolean): (T extends 'string' ? string : number) | undefined {
  const v = body[name];
  if (v === undefined || v === null) {
    if (required) throw new HttpError(400, `${name} is required`);
    return undefined;
  }
  if (typeof v !== type) throw new HttpError(400, `${name} must be a ${type}, got ${JSON.stringify(v)}`);
  return v as T extends 'string' ? string : number;
}

export interface ControlApiOptions {
  /** Port (0 = any free port). */
  port: number;
  /** Loopback address to bind (default 127.0.0.1); anything else is refused. */
  host?: string;
  logger?: pino.Logger;
}

/**
 * The control API:
 * - `POST /pay {stationId?, evseId?, amount, method, currency?, reference?}` -> 200 PayResult. stationId may be
 *   omitted when exactly one station is connected. 400 bad input, 409 station not connected / ambiguous, 502 the
 *   station failed the RequestStartTransaction.
 * - `POST /stop {transactionId}` -> 200 RequestStopTransactionResponse (404 unknown transaction).
 * - `POST /topup {transactionId, amount}` -> 200 {paid, maxEnergyWh}.
 * - `GET /state` -> 200 CsmsSim.state().
 */
export class CsmsControlApi {
  private readonly server: Server;
  private readonly host: string;
  private readonly log: pino.Logger;
  private boundPort: number | undefined;

  constructor(
    private readonly sim: CsmsSim,
    private readonly options: ControlApiOptions,
  ) {
    this.host = options.host ?? '127.0.0.1';
    if (!LOOPBACK_HOSTS.includes(this.host)) throw new RangeError(`control API host must be a loopback address (${LOOPBACK_HOSTS.join(', ')}), got ${this.host}`);
    this.log = options.logger ?? pino({ level: 'silent' });
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => this.log.error({ err }, 'control API handler failed'));
    });
  }

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        this.boundPort = typeof addr === 'object' && addr ? addr.port : this.options.port;
        resolve(this.boundPort);
      });
    });
  }

  /** Base URL, e.g. http://127.0.0.1:9001 (after listen()). */
  get url(): string {
    if (this.boundPort === undefined) throw new Error('control API is not listening');
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.boundPort}`;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body, null, 2);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      if (!isLoopbackAddress(req.socket.remoteAddress)) throw new HttpError(403, 'the control API answers loopback clients only');
      const path = (req.url ?? '/').split('?')[0];
      const route = `${req.method ?? 'GET'} ${path}`;
      switch (route) {
        case 'GET /state':
          return send(200, this.sim.state());
        case 'POST /pay':
          return send(200, await this.pay(await readJson(req)));
        case 'POST /stop': {
          const body = await readJson(req);
          const transactionId = field(body, 'transactionId', 'string', true) as string;
          if (!this.sim.stationOfTransaction(transactionId)) throw new HttpError(404, `no station has transaction ${transactionId}`);
          return send(200, await this.sim.stop(transactionId));
        }
        case 'POST /topup': {
          const body = await readJson(req);
          const transactionId = field(body, 'transactionId', 'string', true) as string;
          const p = this.sim.topUp(transactionId, field(body, 'amount', 'number', true) as number);
          return send(200, { transactionId, paid: p.paid, maxEnergyWh: p.maxEnergyWh });
        }
        default:
          throw new HttpError(404, `no route ${route}; use POST /pay, POST /stop, POST /topup or GET /state`);
      }
    } catch (err) {
      const status = err instanceof HttpError ? err.status : err instanceof RangeError ? 400 : err instanceof RpcError ? (err.code === 'ConnectionClosed' ? 409 : 502) : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (status >= 500) this.log.warn({ err }, 'control API request failed');
      send(status, { error: message });
    }
  }

  private async pay(body: Record<string, unknown>): Promise<PayResult> {
    let stationId = field(body, 'stationId', 'string', false);
    if (stationId === undefined) {
      const connected = this.sim.stations().filter((s) => s.connected);
      if (connected.length !== 1) {
        throw new HttpError(409, `stationId is required when ${connected.length} stations are connected (${connected.map((s) => s.id).join(', ') || 'none'})`);
      }
      stationId = connected[0]!.id;
    }
    const req: PayRequest = {
      stationId,
      amount: field(body, 'amount', 'number', true) as number,
      method: field(body, 'method', 'string', true) as PaymentMethod,
    };
    const evseId = field(body, 'evseId', 'number', false);
    if (evseId !== undefined) req.evseId = evseId;
    const currency = field(body, 'currency', 'string', false);
    if (currency !== undefined) req.currency = currency;
    const reference = field(body, 'reference', 'string', false);
    if (reference !== undefined) req.reference = reference;
    return this.sim.pay(req);
  }
}

/** A request to the control API; resolves with the JSON answer, rejects with the API's error message. */
export async function controlRequest(baseUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const url = new URL(path, baseUrl);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new Error(`cannot reach the CSMS control API at ${baseUrl}${cause ? ` (${cause})` : ''}: is "charger-agent csms" running?`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = { error: text };
  }
  if (!res.ok) {
    const msg = (json as { error?: unknown }).error;
    throw new Error(`control API ${method} ${path}: HTTP ${res.status}: ${typeof msg === 'string' ? msg : text}`);
  }
  return json;
}

/** POST /pay: confirms a payment on a running simulator. */
export async function payViaControlApi(baseUrl: string, req: Omit<PayRequest, 'stationId'> & { stationId?: string }): Promise<PayResult> {
  return (await controlRequest(baseUrl, 'POST', '/pay', req)) as PayResult;
}
