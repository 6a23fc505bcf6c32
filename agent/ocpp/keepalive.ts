// WebSocket ping keep-alive (OCPPCommCtrlr.WebSocketPingInterval / 1.6 WebSocketPingInterval): ping every N seconds,
// and terminate the socket when the previous ping got no pong before the next one is due (a dead or half-open peer).
import type pino from 'pino';
import type { WebSocket } from 'ws';

export interface KeepAliveOptions {
  /** Seconds between pings; 0 disables client-side ping (the server may still ping; ws answers with pong). */
  intervalSec: number;
  /** Seconds to wait for the pong before declaring the peer dead (default: intervalSec). */
  pongTimeoutSec?: number;
  logger?: pino.Logger;
  /** Called just before the socket is terminated for a missing pong. */
  onDead?: () => void;
}

/** Starts pinging `ws`; returns a function that stops it. Stops by itself when the socket closes. */
export function startKeepAlive(ws: WebSocket, options: KeepAliveOptions): () => void {
  const { intervalSec } = options;
  if (!Number.isFinite(intervalSec) || intervalSec < 0) throw new RangeError(`ping interval must be >= 0 s, got ${intervalSec}`);
  if (intervalSec === 0) return () => {};
  const pongTimeoutMs = (options.pongTimeoutSec ?? intervalSec) * 1000;
  let pongTimer: NodeJS.Timeout | undefined;
  const onPong = (): void => {
    if (pongTimer) clearTimeout(pongTimer);
    pongTimer = undefined;
  };
  const interval = setInterval(() => {
    if (ws.readyState !== ws.OPEN || pongTimer) return;
    pongTimer = setTimeout(() => {
      options.logger?.warn({ pongTimeoutMs }, 'no WebSocket pong: peer is dead, terminating the connection');
      stop();
      options.onDead?.();
      ws.terminate();
    }, pongTimeoutMs);
    ws.ping();
  }, intervalSec * 1000);
  const stop = (): void => {
    clearInterval(interval);
    onPong();
    ws.off('pong', onPong);
    ws.off('close', stop);
  };
  ws.on('pong', onPong);
  ws.on('close', stop);
  return stop;
}
