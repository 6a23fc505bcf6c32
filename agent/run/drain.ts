// Before the agent exits (Reset, systemctl stop, firmware reboot): answer what the CSMS asked and wait, bounded, for it to acknowledge what was sent.

import type { Logger } from 'pino';
import type { OutboxSender } from '../core/outbox/outbox-sender.js';
import type { StationCore } from '../core/station/station-core.js';
import type { ReconnectingClient } from '../ocpp/reconnecting-client.js';

/**
 * Default drain budget, ms. With the WebSocket close (bounded by RpcConnection's closeTimeoutMs, 2 s) and opening the
 * contactors, the whole stop stays below the systemd unit's TimeoutStopSec=15.
 */
export const DRAIN_MS = 8000;

export interface DrainParts {
  core: StationCore;
  sender: OutboxSender;
  client: ReconnectingClient;
  logger: Logger;
}

/**
 * Waits until every incoming CALL has been answered and every stored transaction event acknowledged, or `budgetMs`.
 * Offline there is nothing to wait for: the events stay stored and go after the restart. A duplicate is then possible
 * only after a real power cut, and only of the one message that was in flight.
 */
export async function drainBeforeExit(p: DrainParts, budgetMs = DRAIN_MS): Promise<void> {
  p.core.beginShutdown();
  const rpc = p.client.connection;
  if (!rpc || rpc.closed) return;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    Promise.all([rpc.idle(), p.sender.drained()]).then(() => 'drained' as const),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), budgetMs))),
  ]);
  clearTimeout(timer);
  const queued = p.sender.depth();
  if (outcome === 'drained') p.logger.info({ ms: Date.now() - started, queued }, 'stopping: every answer sent, every event acknowledged or kept');
  else p.logger.warn({ budgetMs, queued }, 'stopping: the CSMS did not acknowledge in time; unacknowledged events stay stored and go after the restart');
}
