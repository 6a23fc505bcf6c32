// A small OCPP 1.6-J CSMS simulator (ws server on 127.0.0.1 with basic auth) on RpcConnection<'ocpp1.6'>: records what the station sends, answers by script.

import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { RpcConnection, type ActionOf, type RequestOf, type ResponseOf } from '../../agent/ocpp/rpc-connection.js';
import { until } from '../shared/until.js';

type A16 = ActionOf<'ocpp1.6'>;

/** One CALL the station sent. */
export interface Received16 {
  action: A16;
  payload: Record<string, unknown>;
}

export interface Csms16Options {
  stationId: string;
  password: string;
  /** BootNotification answer (default Accepted, 300 s). */
  boot?: { status: 'Accepted' | 'Pending' | 'Rejected'; interval: number };
  /** First transactionId StartTransaction.conf gives (then +1 each). */
  firstTransactionId?: number;
}

/** A 1.6 CSMS: answers the station's CALLs, records them, and calls the station. */
export class Csms16 {
  readonly received: Received16[] = [];
  /** Upgrade requests refused for bad credentials. */
  authFailures = 0;
  connections = 0;
  private rpc: RpcConnection<'ocpp1.6'> | undefined;
  private wss!: WebSocketServer;
  private nextTransactionId: number;
  port = 0;

  private constructor(private readonly o: Csms16Options) {
    this.nextTransactionId = o.firstTransactionId ?? 1001;
  }

  static async start(o: Csms16Options): Promise<Csms16> {
    const c = new Csms16(o);
    await c.listen();
    return c;
  }

  private get stationId(): string {
    return this.o.stationId;
  }

  private authorized(req: IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${this.stationId}:${this.o.password}`).toString('base64')}`;
    return req.headers.authorization === expected && (req.url ?? '').endsWith(`/${this.stationId}`);
  }

  private async listen(): Promise<void> {
    this.wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (offered: Set<string>) => (offered.has('ocpp1.6') ? 'ocpp1.6' : false),
      verifyClient: (info, cb) => {
        if (this.authorized(info.req)) cb(true);
        else {
          this.authFailures++;
          cb(false, 401, 'Unauthorized');
        }
      },
    });
    await new Promise<void>((resolve) => this.wss.once('listening', () => resolve()));
    this.port = (this.wss.address() as AddressInfo).port;
    this.wss.on('connection', (ws) => {
      this.connections++;
      const rpc = new RpcConnection(ws, 'ocpp1.6');
      this.rpc = rpc;
      this.install(rpc);
    });
  }

  private install(rpc: RpcConnection<'ocpp1.6'>): void {
    const record = <A extends A16>(action: A, answer: (req: RequestOf<'ocpp1.6', A>) => ResponseOf<'ocpp1.6', A>) =>
      rpc.handle(action, (req) => {
        this.received.push({ action, payload: req as unknown as Record<string, unknown> });
        return answer(req);
      });
    const now = () => new Date().toISOString();
    record('BootNotification', () => ({ status: this.o.boot?.status ?? 'Accepted', interval: this.o.boot?.interval ?? 300, currentTime: now() }));
    record('Heartbeat', () => ({ currentTime: now() }));
    record('StatusNotification', () => ({}));
    record('Authorize', () => ({ idTagInfo: { status: 'Accepted' as const } }));
    record('StartTransaction', () => ({ transactionId: this.nextTransactionId++, idTagInfo: { status: 'Accepted' as const } }));
    record('MeterValues', () => ({}));
    record('StopTransaction', () => ({ idTagInfo: { status: 'Accepted' as const } }));
    record('DataTransfer', () => ({ status: 'UnknownVendorId' as const }));
    record('SecurityEventNotification', () => ({}));
  }

  /** Index to pass as `from` so only later messages count. */
  mark(): number {
    return this.received.length;
  }

  /** The payloads of `action` received (from index `from`). */
  all<A extends A16>(action: A, from = 0): Array<RequestOf<'ocpp1.6', A>> {
    return this.received
      .slice(from)
      .filter((r) => r.action === action)
      .map((r) => r.payload as unknown as RequestOf<'ocpp1.6', A>);
  }

  /** The first `action` (from index `from`) matching `pred`, waiting up to `timeoutMs`. */
  async waitFor<A extends A16>(action: A, pred: (p: RequestOf<'ocpp1.6', A>) => boolean = () => true, timeoutMs = 10_000, from = 0): Promise<RequestOf<'ocpp1.6', A>> {
    let found: RequestOf<'ocpp1.6', A> | undefined;
    await until(() => (found = this.all(action, from).find(pred)) !== undefined, timeoutMs, `${action} from the station`);
    return found!;
  }

  /** A StatusNotification for `connectorId` with `status` (from index `from`). */
  waitForStatus(connectorId: number, status: string, timeoutMs = 10_000, from = 0): Promise<RequestOf<'ocpp1.6', 'StatusNotification'>> {
    return this.waitFor('StatusNotification', (s) => s.connectorId === connectorId && s.status === status, timeoutMs, from);
  }

  /** Waits for an open connection (a new one when `connectionsBefore` is given). */
  async connected(timeoutMs = 10_000, connectionsBefore?: number): Promise<RpcConnection<'ocpp1.6'>> {
    await until(() => this.rpc !== undefined && !this.rpc.closed && (connectionsBefore === undefined || this.connections > connectionsBefore), timeoutMs, 'a 1.6 connection');
    return this.rpc!;
  }

  /** Sends a CALL to the station on the current connection. */
  async call<A extends A16>(action: A, payload: RequestOf<'ocpp1.6', A>): Promise<ResponseOf<'ocpp1.6', A>> {
    const rpc = await this.connected();
    return rpc.call(action, payload, { timeoutMs: 10_000 });
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
