// Test fixture: a raw `ws` WebSocketServer on 127.0.0.1 acting as the CSMS, with per-connection message inboxes.
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** The server side of one accepted connection. */
export class CsmsPeer {
  readonly messages: unknown[] = [];
  private waiters: (() => void)[] = [];
  private read = 0;

  constructor(
    readonly ws: WebSocket,
    readonly request: IncomingMessage,
  ) {
    ws.on('message', (data) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      this.messages.push(parsed);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** The next message not yet returned by next() (JSON-parsed), waiting up to `timeoutMs`. */
  async next(timeoutMs = 2000): Promise<unknown[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.read >= this.messages.length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message from the station within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.messages[this.read++] as unknown[];
  }

  /** Sends a frame (array, JSON-encoded) or raw text. */
  send(frame: unknown[] | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
}

export interface FakeCsmsOptions {
  /** Versions the CSMS supports; it picks the first of the client's offers that is in this list. */
  supported?: string[];
  /** Answer pings with pongs (default true); false simulates a dead peer. */
  autoPong?: boolean;
  /** HTTP status to refuse the upgrade with (e.g. 401), decided per request; undefined accepts. */
  refuse?: (req: IncomingMessage) => number | undefined;
}

export interface FakeCsms {
  port: number;
  /** OCPP-J endpoint URL (ws://127.0.0.1:<port>/ocpp). */
  url: string;
  peers: CsmsPeer[];
  /** Upgrade requests seen, accepted or not. */
  requests: IncomingMessage[];
  /** The next connection accepted after the ones already returned, waiting up to `timeoutMs`. */
  nextPeer(timeoutMs?: number): Promise<CsmsPeer>;
  close(): Promise<void>;
}

export async function startFakeCsms(options: FakeCsmsOptions = {}): Promise<FakeCsms> {
  const supported = options.supported ?? ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'];
  const peers: CsmsPeer[] = [];
  const requests: IncomingMessage[] = [];
  let returned = 0;
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    autoPong: options.autoPong ?? true,
    handleProtocols: (offered: Set<string>) => [...offered].find((p) => supported.includes(p)) ?? false,
    verifyClient: (info, cb) => {
      requests.push(info.req);
      const status = options.refuse?.(info.req);
      if (status === undefined) cb(true);
      else cb(false, status, status === 401 ? 'Unauthorized' : 'Refused');
    },
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws, req) => {
    const peer = new CsmsPeer(ws, req);
    peers.push(peer);
    // Spec 3.3: with no agreed subprotocol the CSMS completes the handshake and closes at once.
    if (ws.protocol === '') ws.close(1002, 'no agreed subprotocol');
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    port,
    url: `ws://127.0.0.1:${port}/ocpp`,
    peers,
    requests,
    async nextPeer(timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (peers.length <= returned) {
        if (Date.now() > deadline) throw new Error(`no connection within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return peers[returned++]!;
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
