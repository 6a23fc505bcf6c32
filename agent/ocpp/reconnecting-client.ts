// Keeps an OCPP-J connection up: connects, and after every drop or failed attempt retries with the spec back-off.
//
// 2.1 part 4 section 5.4 / 2.0.1 part 4 section 5.3: "When the connection is lost, the Charging Station SHALL try to
// reconnect ... with an increasing back-off time with some randomization until it has successfully reconnected."
// The delays come from backoff.ts; a successful connection resets them. The first connection after start() is
// attempted at once. Business logic (BootNotification, queues) listens to 'open' / 'close'.
import pino from 'pino';
import { Backoff, type BackoffConfig } from './backoff.js';
import type { AnyRpcConnection, RpcCloseInfo } from './rpc-connection.js';
import type { OcppProtocol } from './rpc-errors.js';
import { TypedEmitter } from './typed-emitter.js';
import { connectOcpp, OcppConnectError, type ConnectOptions, type OcppConnection } from './ws-client.js';

/** Timer functions, injectable so tests can run the back-off on a fake clock. */
export interface ReconnectClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ReconnectClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface ReconnectingClientOptions extends ConnectOptions {
  /** RetryBackOff* values, or a function read before every delay (they can change at run time). */
  backoff: BackoffConfig | (() => BackoffConfig);
  /** Random source in [0, 1) for the back-off (default Math.random). */
  random?: () => number;
  /** Timer functions (default the real ones). */
  clock?: ReconnectClock;
  /** Connection function (default connectOcpp). */
  connect?: (options: ConnectOptions) => Promise<OcppConnection>;
}

export interface ReconnectingClientEvents {
  /** A connection is open and negotiated. */
  open: [rpc: AnyRpcConnection, protocol: OcppProtocol];
  /** The open connection closed (a retry follows unless stop() was called). */
  close: [info: RpcCloseInfo];
  /** An attempt failed; `attempt` counts failed attempts since the last open (1 = first). */
  connectFailed: [error: OcppConnectError, attempt: number];
  /** The next attempt is due in `delayMs`; `attempt` is the back-off index (0 = first retry). */
  retryScheduled: [delayMs: number, attempt: number];
}

/** Maintains one OCPP-J connection to the CSMS across drops. */
export class ReconnectingClient extends TypedEmitter<ReconnectingClientEvents> {
  private options: ReconnectingClientOptions;
  private readonly backoff: Backoff;
  private readonly clock: ReconnectClock;
  private readonly log: pino.Logger;
  private running = false;
  private timer: unknown;
  private current: OcppConnection | undefined;
  private connecting: Promise<void> | undefined;
  private failures = 0;

  constructor(options: ReconnectingClientOptions) {
    super();
    this.options = options;
    this.clock = options.clock ?? realClock;
    this.log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'ocpp-reconnect' });
    this.backoff = new Backoff(() => {
      const b = this.options.backoff;
      return typeof b === 'function' ? b() : b;
    }, options.random);
  }

  /** The open connection, if any. */
  get connection(): AnyRpcConnection | undefined {
    return this.current?.rpc;
  }

  /** True between start() and stop(). */
  get isRunning(): boolean {
    return this.running;
  }

  /** Changes connection settings (URL, password, ping interval, ...) for the next attempt; the open link is kept. */
  updateOptions(partial: Partial<ReconnectingClientOptions>): void {
    this.options = { ...this.options, ...partial };
  }

  /** Starts connecting (at once); no-op when already running. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt();
  }

  /** Stops reconnecting and closes the open connection (1000 normal closure); resolves when nothing is left open. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.connecting) await this.connecting;
    const open = this.current;
    this.current = undefined;
    if (open && !open.rpc.closed) {
      const closed = new Promise<void>((resolve) => open.rpc.once('close', () => resolve()));
      open.rpc.close(1000, 'station agent stopping');
      await closed;
      await open.rpc.socketClosed; // bounded by the connection's closeTimeoutMs
    }
  }

  protected override onListenerError(event: string, error: unknown): void {
    this.log.error({ err: error, event }, 'ReconnectingClient event listener threw');
  }

  private attempt(): void {
    const connect = this.options.connect ?? connectOcpp;
    this.connecting = connect(this.options)
      .then((conn) => this.onConnected(conn))
      .catch((err: unknown) => {
        const error = err instanceof OcppConnectError ? err : new OcppConnectError('network', String(err), { cause: err });
        this.failures++;
        this.emit('connectFailed', error, this.failures);
        if (error.kind === 'invalid-options') {
          this.log.error({ err: error }, 'connection settings are invalid; not retrying until updateOptions()/start()');
          this.running = false;
          return;
        }
        this.scheduleRetry();
      })
      .finally(() => {
        this.connecting = undefined;
      });
  }

  private onConnected(conn: OcppConnection): void {
    if (!this.running) {
      conn.rpc.close(1000, 'station agent stopping');
      return;
    }
    this.current = conn;
    this.failures = 0;
    this.backoff.reset();
    conn.rpc.once('close', (info) => {
      if (this.current === conn) this.current = undefined;
      this.emit('close', info);
      if (this.running) this.scheduleRetry();
    });
    this.emit('open', conn.rpc, conn.protocol);
  }

  private scheduleRetry(): void {
    if (!this.running || this.timer !== undefined) return;
    const index = this.backoff.attempts;
    const delayMs = this.backoff.next();
    this.log.info({ delayMs, attempt: index }, 'reconnecting after back-off');
    this.emit('retryScheduled', delayMs, index);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.running) this.attempt();
    }, delayMs);
  }
}
