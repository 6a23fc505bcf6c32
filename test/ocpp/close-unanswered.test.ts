// E14 WebSocket close without answer: a CSMS that never answers the close frame has the socket dropped within closeTimeoutMs.

import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RpcConnection } from '../../agent/ocpp/rpc-connection.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A loopback "CSMS" that completes the WebSocket opening handshake and then ignores every frame, the close frame too. */
async function deafServer(): Promise<{ server: Server; url: string; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.on('data', () => {}); // frames read and ignored: no close frame ever comes back
      const key = /sec-websocket-key:\s*(\S+)/i.exec(head)?.[1] ?? '';
      const accept = createHash('sha1').update(key + GUID).digest('base64');
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ocpp2.0.1\r\n\r\n`,
      );
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `ws://127.0.0.1:${port}/CS001`, sockets };
}

let deaf: Awaited<ReturnType<typeof deafServer>> | undefined;
afterEach(async () => {
  for (const s of deaf?.sockets ?? []) s.destroy();
  await new Promise<void>((resolve) => (deaf ? deaf.server.close(() => resolve()) : resolve()));
  deaf = undefined;
});

async function openTo(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, ['ocpp2.0.1']);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

describe('E14 WebSocket close without answer (shutdown within systemd TimeoutStopSec=15)', () => {
  it('E14 close(): an unanswered close handshake is cut after closeTimeoutMs (default 2 s), not the ws library\'s 30 s', async () => {
    deaf = await deafServer();
    const ws = await openTo(deaf.url);
    const rpc = new RpcConnection(ws, 'ocpp2.0.1');
    const socketClosed = new Promise<string>((resolve) => ws.once('close', () => resolve('closed')));
    const t0 = performance.now();
    rpc.close(1000, 'station agent stopping');
    expect(rpc.closed).toBe(true);
    const outcome = await Promise.race([
      socketClosed,
      new Promise<string>((resolve) => setTimeout(() => resolve('still open after 5 s'), 5000)),
    ]);
    const ms = performance.now() - t0;
    expect(outcome).toBe('closed');
    expect(ws.readyState).toBe(WebSocket.CLOSED);
    expect(ms).toBeGreaterThanOrEqual(1900);
    expect(ms).toBeLessThan(10_000); // far below ws's 30 s, with room for a loaded machine
  });

  it('a shorter closeTimeoutMs is honoured', async () => {
    deaf = await deafServer();
    const ws = await openTo(deaf.url);
    const rpc = new RpcConnection(ws, 'ocpp2.0.1', { closeTimeoutMs: 200 });
    const t0 = performance.now();
    rpc.close();
    await rpc.socketClosed;
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
