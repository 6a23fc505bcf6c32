// Serialises the transactions on one bus, round-robin between unit ids so a slow device cannot starve the rest.

interface Job<T> {
  run: () => Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

/**
 * One transaction at a time on the bus. Each unit id has its own FIFO; the bus takes one job from
 * each unit with work in turn, so a device that times out costs the others at most one timeout
 * per round instead of blocking its whole backlog in front of them.
 */
export class FairQueue {
  private readonly queues = new Map<number, Job<unknown>[]>();
  private order: number[] = [];
  private cursor = 0;
  private busy = false;

  get pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  submit<T>(unit: number, run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let q = this.queues.get(unit);
      if (!q) {
        q = [];
        this.queues.set(unit, q);
        this.order.push(unit);
      }
      q.push({ run, resolve, reject } as Job<unknown>);
      this.pump();
    });
  }

  /** Rejects every job not yet started. */
  drain(err: Error): void {
    for (const q of this.queues.values()) for (const job of q.splice(0)) job.reject(err);
  }

  private next(): Job<unknown> | undefined {
    for (let i = 0; i < this.order.length; i++) {
      const unit = this.order[(this.cursor + i) % this.order.length]!;
      const q = this.queues.get(unit)!;
      if (q.length > 0) {
        this.cursor = (this.cursor + i + 1) % this.order.length;
        return q.shift();
      }
    }
    return undefined;
  }

  private pump(): void {
    if (this.busy) return;
    const job = this.next();
    if (!job) return;
    this.busy = true;
    job
      .run()
      .then(job.resolve, job.reject)
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }
}
