// Calls back at every clock-aligned moment of an interval read live from the device model (AlignedDataCtrlr).

import { nextAlignedBoundary } from '../transactions/aligned-boundary.js';

/**
 * One timer at a time, re-armed after each tick from the clock (not by adding the interval), so ticks
 * stay on the boundaries however long a tick or the event loop takes. An interval of 0 stops ticking;
 * call reschedule() when the interval variable changes.
 */
export class AlignedTicker {
  private timer: NodeJS.Timeout | undefined;
  /** The last boundary ticked: a timer firing a millisecond early never ticks the same boundary twice. */
  private last = 0;

  constructor(
    private readonly intervalS: () => number,
    private readonly onTick: (boundaryMs: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.reschedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  reschedule(): void {
    this.stop();
    const s = this.intervalS();
    if (!(s > 0)) return;
    const next = nextAlignedBoundary(Math.max(this.now(), this.last), s);
    this.timer = setTimeout(
      () => {
        this.last = next;
        this.reschedule();
        this.onTick(next);
      },
      Math.max(0, next - this.now()),
    );
    this.timer.unref();
  }
}
