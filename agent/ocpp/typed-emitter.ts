// A small typed event emitter: names and listener arguments checked at compile time; a throwing listener is contained.
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => void;

export class TypedEmitter<E extends { [K in keyof E]: unknown[] }> {
  private readonly emitter = new EventEmitter();
  private readonly wrappers = new WeakMap<object, Listener>();

  /** Adds `listener` for `event`. */
  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.emitter.on(event, this.wrap(event, listener as Listener));
    return this;
  }

  /** Adds `listener` for the next `event` only. */
  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.emitter.once(event, this.wrap(event, listener as Listener));
    return this;
  }

  /** Removes `listener` from `event`. */
  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    const w = this.wrappers.get(listener);
    if (w) this.emitter.off(event, w);
    return this;
  }

  /** Removes every listener (of `event`, or of all events). */
  removeAllListeners(event?: keyof E & string): this {
    this.emitter.removeAllListeners(event);
    return this;
  }

  /** Number of listeners of `event`. */
  listenerCount(event: keyof E & string): number {
    return this.emitter.listenerCount(event);
  }

  /** Calls the listeners of `event`; one that throws is reported to onListenerError and the others still run. */
  protected emit<K extends keyof E & string>(event: K, ...args: E[K]): void {
    this.emitter.emit(event, ...args);
  }

  /** Called when a listener throws; override to log. */
  protected onListenerError(_event: string, _error: unknown): void {}

  private wrap(event: string, listener: Listener): Listener {
    let w = this.wrappers.get(listener);
    if (!w) {
      w = (...args: unknown[]) => {
        try {
          listener(...args);
        } catch (e) {
          this.onListenerError(event, e);
        }
      };
      this.wrappers.set(listener, w);
    }
    return w;
  }
}
