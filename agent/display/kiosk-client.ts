// Client of the agent's kiosk server: fetches the display states (GET /state) and follows live changes (GET /events, Server-Sent Events).

import type { KioskStateDocument } from './kiosk-server.js';

/** The kiosk server could not be reached or answered something unexpected. */
export class KioskUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KioskUnreachableError';
  }
}

function endpoint(base: string, path: string): URL {
  const u = new URL(base);
  u.pathname = u.pathname.replace(/\/+$/, '') + path;
  u.search = '';
  return u;
}

/** GET <base>/state. Rejects with KioskUnreachableError naming the URL when the agent does not answer within `timeoutMs`. */
export async function fetchDisplayState(base: string, timeoutMs = 3000): Promise<KioskStateDocument> {
  const url = endpoint(base, '/state');
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.message : String(err));
    throw new KioskUnreachableError(`cannot reach the agent's display at ${url.href} (${cause}): is the agent running, with this kiosk port?`);
  }
  if (!res.ok) throw new KioskUnreachableError(`${url.href} answered HTTP ${res.status}, expected 200 with the display state`);
  const doc = (await res.json()) as Partial<KioskStateDocument>;
  if (!Array.isArray(doc.evses)) throw new KioskUnreachableError(`${url.href} answered without an "evses" list: is this the charger-agent kiosk server?`);
  return { serverTime: typeof doc.serverTime === 'number' ? doc.serverTime : Date.now(), evses: doc.evses };
}

/** One Server-Sent Event. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Follows GET <base>/events and calls `onEvent` for each event (`snapshot` first, then `evse` per change)
 * until `signal` aborts (resolves) or the stream ends or fails (rejects with KioskUnreachableError).
 */
export async function followDisplayEvents(base: string, signal: AbortSignal, onEvent: (e: SseEvent) => void | Promise<void>): Promise<void> {
  const url = endpoint(base, '/events');
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'text/event-stream' } });
  } catch (err) {
    if (signal.aborted) return;
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.message : String(err));
    throw new KioskUnreachableError(`cannot reach the agent's display at ${url.href} (${cause}): is the agent running, with this kiosk port?`);
  }
  if (!res.ok || !res.body) throw new KioskUnreachableError(`${url.href} answered HTTP ${res.status}, expected 200 with an event stream`);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const e = parseSseBlock(block);
        if (e) await onEvent(e);
      }
    }
  } catch (err) {
    if (signal.aborted) return;
    throw new KioskUnreachableError(`the display event stream ${url.href} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!signal.aborted) throw new KioskUnreachableError(`the display event stream ${url.href} ended: did the agent stop?`);
}

/** One event block ("event: x\ndata: y"); comments and blocks without data give undefined. */
export function parseSseBlock(block: string): SseEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length > 0 ? { event, data: data.join('\n') } : undefined;
}
