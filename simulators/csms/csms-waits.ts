// The waits the tests and the demo use on the CSMS simulator: a station connecting, a logged frame, a boot, a TransactionEvent, a response, a status, a receipt.

import type { TransactionEventRequest } from '../../agent/core/types/v21.js';
import type { BootConfig, MessageRecord } from './csms-types.js';
import type { StationSession, WaitOptions } from './station-session.js';

/** What the waits need from the simulator: its stations, and a wait for one to connect. */
export interface StationWaitHost {
  station(id: string): StationSession | undefined;
  waitForStation(id: string, timeoutMs?: number): Promise<StationSession>;
}

/**
 * Resolves with the first value `subscribe` delivers that `match` accepts, or rejects after `timeoutMs` naming `what`.
 * `subscribe` adds the listener and returns the function that removes it.
 */
export function nextEvent<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  match: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const unsubscribe = subscribe((value) => {
      if (!match(value)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

/** Waits (one timeout for both) for the station to connect and then for a log record matching `predicate`. */
export async function waitForMessage(
  host: StationWaitHost,
  stationId: string,
  predicate: (r: MessageRecord) => boolean,
  timeoutMs: number,
  opts: WaitOptions,
): Promise<MessageRecord> {
  const deadline = Date.now() + timeoutMs;
  const session = host.station(stationId) ?? (await host.waitForStation(stationId, timeoutMs));
  return session.waitFor(predicate, Math.max(0, deadline - Date.now()), opts);
}

/** Resolves with the station's first BootNotificationRequest answered (with `status`, if given). */
export function waitForBoot(
  host: StationWaitHost,
  stationId: string,
  status: BootConfig['status'] | undefined,
  timeoutMs: number,
  opts: WaitOptions,
): Promise<MessageRecord> {
  return waitForMessage(
    host,
    stationId,
    (r) => r.direction === 'out' && r.kind === 'CALLRESULT' && r.action === 'BootNotification' && (status === undefined || r.payload.status === status),
    timeoutMs,
    { what: `a BootNotification answered ${status ?? ''}`.trim(), ...opts },
  );
}

/** Resolves with the first TransactionEvent from the station matching `predicate` (logged ones count; see WaitOptions). */
export async function waitForTransactionEvent(
  host: StationWaitHost,
  stationId: string,
  predicate: (event: TransactionEventRequest) => boolean,
  timeoutMs: number,
  opts: WaitOptions,
): Promise<TransactionEventRequest> {
  const rec = await waitForMessage(
    host,
    stationId,
    (r) => r.direction === 'in' && r.kind === 'CALL' && r.action === 'TransactionEvent' && predicate(r.payload as unknown as TransactionEventRequest),
    timeoutMs,
    { what: 'a matching TransactionEvent', ...opts },
  );
  return rec.payload as unknown as TransactionEventRequest;
}

/** Resolves with the response the simulator sent to an incoming CALL (by its MessageId). */
export function waitForResponse(host: StationWaitHost, stationId: string, messageId: string, timeoutMs: number): Promise<MessageRecord> {
  return waitForMessage(host, stationId, (r) => r.direction === 'out' && r.kind !== 'CALL' && r.messageId === messageId, timeoutMs, {
    what: `the response to ${messageId}`,
  });
}

/** Resolves once the connector's latest StatusNotification says `status`. */
export async function waitForStatus(
  host: StationWaitHost,
  stationId: string,
  evseId: number,
  connectorId: number,
  status: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const session = host.station(stationId) ?? (await host.waitForStation(stationId, timeoutMs));
  if (session.status(evseId, connectorId) === status) return;
  await session.waitFor(
    () => session.status(evseId, connectorId) === status,
    Math.max(0, deadline - Date.now()),
    { what: `EVSE ${evseId} connector ${connectorId} ${status}`, fromIndex: session.mark() },
  );
}
