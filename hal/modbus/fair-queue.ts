// Serialises the transactions on one bus: urgent commands first, then round-robin between unit ids so a slow device cannot starve the rest.

interface Job<T> {
  run: (turn: Turn) => Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

/** What a running job may do while it holds the bus. */
export interface Turn {
  /**
   * Runs the urgent jobs waiting now, then returns. A job that makes several attempts (retries after
   * a timeout) calls this between them, so a safety command waits for one attempt, not for all.
   */
  yieldToUrgent(): Promise<void>;
}

/** 'urgent': a command that must reach its device before any queued read (a contactor opening). */
export type Priority = 'normal' | 'urgent';

const NO_YIELD: Turn = { yieldToUrgent: () => Promise.resolve() };

/**
 * One transaction at a time on the bus. Urgent jobs go first, in arrival order, and also run between
 * the attempts of a job already on the bus. Other jobs: each unit id has its own FIFO and the bus
 * takes one job from each unit with work in turn, so a device that times out costs the others at
 * most one timeout per round instead of blocking its whole backlog in front of them.
 */
export class FairQueue {
  private readonly queues = new Map<number, Job<unknown>[]>();
  private readonly urgent: Job<unknown>[] = [];
  private order: number[] = [];
  private cursor = 0;
  private busy = false;
  private readonly turn: Turn = { yieldToUrgent: () => this.runUrgent() };

  get pending(): number {
    let n = this.urgent.length;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  submit<T>(unit: number, run: (turn: Turn) => Promise<T>, priority: Priority = 'normal'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job = { run, resolve, reject } as Job<unknown>;
      if (priority === 'urgent') {
        this.urgent.push(job);
      } else {
        let q = this.queues.get(unit);
        if (!q) {
          q = [];
          this.queues.set(unit, q);
          this.order.push(unit);
        }
        q.push(job);
      }
      this.pump();
    });
  }

  /** Rejects every job not yet started. */
  drain(err: Error): void {
    for (const job of this.urgent.splice(0)) job.reject(err);
    for (const q of this.queues.values()) for (const job of q.splice(0)) job.reject(err);
  }

  private next(): { job: Job<unknown>; turn: Turn } | undefined {
    const urgent = this.urgent.shift();
    if (urgent) return { job: urgent, turn: NO_YIELD };
    for (let i = 0; i < this.order.length; i++) {
      const unit = this.order[(this.cursor + i) % this.order.length]!;
      const q = this.queues.get(unit)!;
      if (q.length > 0) {
        this.cursor = (this.cursor + i + 1) % this.order.length;
        return { job: q.shift()!, turn: this.turn };
      }
    }
    return undefined;
  }

  /** Runs the waiting urgent jobs one after the other, inside the turn of the job holding the bus. */
  private async runUrgent(): Promise<void> {
    for (let job = this.urgent.shift(); job; job = this.urgent.shift()) {
      await job.run(NO_YIELD).then(job.resolve, job.reject);
    }
  }

  private pump(): void {
    if (this.busy) return;
    const next = this.next();
    if (!next) return;
    this.busy = true;
    next.job
      .run(next.turn)
      .then(next.job.resolve, next.job.reject)
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }
}
