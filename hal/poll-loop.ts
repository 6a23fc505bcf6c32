// A restartable periodic task: runs `task` every interval (start to start), never two at once.

export class PollLoop {
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(private readonly task: () => Promise<unknown>) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts (or restarts with a new interval); the first run is immediate. */
  start(intervalMs: number): void {
    this.stop();
    const generation = this.generation;
    const tick = () => {
      const started = Date.now();
      this.task()
        .catch(() => undefined) // the task accounts for its own failures
        .finally(() => {
          if (this.generation !== generation) return;
          this.timer = setTimeout(tick, Math.max(0, intervalMs - (Date.now() - started)));
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
