// A minimal raw OCPP-J client (a scripted "station") for testing the CSMS simulator frame by frame; no validation of its own.

import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';

/** A frame received by the raw client, parsed as a JSON array. */
export type RawFrame = unknown[];

/** The answer to a CALL: CALLRESULT payload, or CALLERROR fields. */
export type RawAnswer =
  | { type: 3; messageId: string; payload: Record<string, unknown> }
  | { type: 4; messageId: string; errorCode: string; errorDescription: string; errorDetails: Record<string, unknown> };

export interface RawConnectOptions {
  /** Subprotocols offered, in order of preference. */
  protocols: string[];
  /** HTTP Basic credentials. */
  auth?: { user: string; password: string };
  /** Handshake timeout (default 3000 ms). */
  timeoutMs?: number;
}

export class RawOcppClient {
  /** Every frame received, in order. */
  readonly received: RawFrame[] = [];
  private readonly listeners = new Set<(f: RawFrame) => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      let frame: RawFrame;
      try {
        const v: unknown = JSON.parse(data.toString('utf8'));
        frame = Array.isArray(v) ? v : [v];
      } catch {
        frame = [data.toString('utf8')];
      }
      this.received.push(frame);
      for (const l of [...this.listeners]) l(frame);
    });
  }

  /** Opens a connection; rejects with the HTTP status (e.g. "HTTP 401") when the server refuses the upgrade. */
  static connect(url: string, options: RawConnectOptions): Promise<RawOcppClient> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (options.auth) headers.Authorization = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`;
      const ws = new WebSocket(url, options.protocols, { headers, handshakeTimeout: options.timeoutMs ?? 3000 });
      const client = new RawOcppClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        reject(new Error(`HTTP ${res.statusCode ?? '?'}`));
        ws.terminate();
      });
      ws.once('error', (err) => reject(err));
    });
  }

  /** The negotiated subprotocol. */
  get protocol(): string {
    return this.ws.protocol;
  }

  /** Sends text as is. */
  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Resolves with the first received frame (earlier ones count) matching `predicate`. */
  waitForFrame(predicate: (f: RawFrame) => boolean, timeoutMs = 3000, what = 'a matching frame'): Promise<RawFrame> {
    const found = this.received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (f: RawFrame) => {
        if (!predicate(f)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(f);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`raw client: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  /** Sends a CALL and resolves with its CALLRESULT / CALLERROR. */
  async call(action: string, payload: unknown, timeoutMs = 3000): Promise<RawAnswer> {
    const id = randomUUID();
    this.ws.send(JSON.stringify([2, id, action, payload]));
    const f = await this.waitForFrame((x) => (x[0] === 3 || x[0] === 4) && x[1] === id, timeoutMs, `the answer to ${action}`);
    if (f[0] === 3) return { type: 3, messageId: id, payload: f[2] as Record<string, unknown> };
    return { type: 4, messageId: id, errorCode: f[2] as string, errorDescription: f[3] as string, errorDetails: f[4] as Record<string, unknown> };
  }

  /** Sends a CALL that must succeed; resolves with the CALLRESULT payload (throws on CALLERROR). */
  async callOk(action: string, payload: unknown, timeoutMs = 3000): Promise<Record<string, unknown>> {
    const a = await this.call(action, payload, timeoutMs);
    if (a.type === 4) throw new Error(`${action} answered CALLERROR ${a.errorCode}: ${a.errorDescription}`);
    return a.payload;
  }

  /** Resolves with the first CALL of `action` received from the server (earlier ones count). */
  async waitForCall(action: string, timeoutMs = 3000): Promise<{ messageId: string; payload: Record<string, unknown> }> {
    const f = await this.waitForFrame((x) => x[0] === 2 && x[2] === action, timeoutMs, `a ${action} CALL`);
    return { messageId: f[1] as string, payload: f[3] as Record<string, unknown> };
  }

  /** Answers a server CALL with a CALLRESULT. */
  respond(messageId: string, payload: unknown): void {
    this.ws.send(JSON.stringify([3, messageId, payload]));
  }

  /** Closes the connection and waits for it to close (bounded). */
  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 1000);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close();
    });
  }
}
