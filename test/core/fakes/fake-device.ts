// The part every fake device shares: an EventEmitter with the device's typed on/off, and start/stop that do nothing.

import { EventEmitter } from 'node:events';

type Listener = (...args: never[]) => void;

/** A fake device emitting `Events` (event name -> listener type); polling start/stop are no-ops. */
export class FakeDevice<Events extends { [K in keyof Events]: Listener }> extends EventEmitter {
  start(): void {}
  stop(): void {}

  override on<E extends keyof Events & string>(event: E, listener: Events[E]): this;
  override on(event: string, listener: Listener): this;
  override on(event: string, listener: Listener): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override off<E extends keyof Events & string>(event: E, listener: Events[E]): this;
  override off(event: string, listener: Listener): this;
  override off(event: string, listener: Listener): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }
}
